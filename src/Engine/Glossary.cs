using System.Globalization;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>The Vietnamese words every front end uses for the same thing (web pages, HTML and text reports, .xlsx), so
/// that a reviewer reads one vocabulary everywhere. Change a label here, not in a page.</summary>
public static class Glossary
{
    /// <summary>The share of the submission's counted text found in the other reports.</summary>
    public const string SimilarityIndex = "Chỉ số trùng lặp";

    /// <summary>Containment of the submission in a source.</summary>
    public const string SubmissionShare = "Tỉ lệ bài nộp trùng với nguồn";

    /// <summary>Containment of the source in the submission.</summary>
    public const string SourceShare = "Tỉ lệ nguồn bị lấy sang";

    /// <summary>Passages in common.</summary>
    public const string Passages = "Số đoạn trùng";

    /// <summary>Values changed in a copied passage (names, classes, years, figures).</summary>
    public const string ValueSwaps = "Giá trị bị thay";

    /// <summary>How well each page of a file was read.</summary>
    public const string PageQuality = "Chất lượng đọc theo trang";

    /// <summary>What the report did to look original.</summary>
    public const string Evasion = "Dấu hiệu né tránh kiểm tra";

    /// <summary>A progress stage of the engine (<c>IProgressSink</c>) in Vietnamese, for the web pages and the CLI's bar.</summary>
    public static string Stage(string? stage) => stage switch
    {
        null => "đang chờ",
        "check: reading" or "extract" => "đang đọc tệp",
        "check: reading pages" => "đang đọc trang",
        "check: OCR" => "đang nhận dạng chữ (OCR), trang",
        "check: matching" => "đang so khớp",
        "ingest" => "đang nạp vào kho",
        "ingest: done" => "đã nạp xong",
        "screen: fingerprints" or "fingerprints" => "đang đọc dấu vân tay",
        "screen: fingerprint frequencies" => "đang đếm các câu chữ phổ biến",
        "screen: pairs" => "đang so khớp các cặp",
        "screen: families of copies" => "đang gom các nhóm bài chép nhau",
        _ => "đang xử lý",
    };

    /// <summary>Where a page's text came from (<see cref="Ingest.PageReading"/>'s names), in Vietnamese.</summary>
    public static string Reading(string reading) => reading switch
    {
        "layer" => "lớp chữ của tệp",
        "ocr" => "nhận dạng chữ (OCR)",
        "replaced" => "OCR thay lớp chữ hỏng",
        "skipped" => "chưa đọc được (cần OCR)",
        "empty" => "trang trống",
        _ => reading,
    };

    /// <summary>"Chất lượng đọc theo trang: 12 trang (3 đọc bằng OCR); đọc kém: trang 5 (41,0 %), trang 7 (12,0 %)", or null
    /// for a format without pages.</summary>
    public static string? Pages(IReadOnlyList<Ingest.PageQuality> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        if (pages.Count == 0)
        {
            return null;
        }
        int ocr = pages.Count(p => p.Reading is "ocr" or "replaced");
        var poor = pages.Where(p => p.Poor).ToList();
        var sb = new System.Text.StringBuilder($"{PageQuality}: {ViFormat.Number(pages.Count)} trang");
        if (ocr > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ({ViFormat.Number(ocr)} đọc bằng OCR)");
        }
        sb.Append(poor.Count == 0
            ? "; không trang nào đọc kém"
            : "; đọc kém: " + string.Join(", ", poor.Take(20).Select(p => $"trang {ViFormat.Number(p.Number)} ({ViFormat.Percent(p.Quality)})"))
              + (poor.Count > 20 ? $" và {ViFormat.Number(poor.Count - 20)} trang khác" : ""));
        return sb.ToString();
    }

    /// <summary>Why a span of a report is left out of the scores (the reasons of <c>excluded[]</c>), in Vietnamese.</summary>
    public static string Excluded(string reason) => reason switch
    {
        "cover" => "trang bìa",
        "table-of-contents" => "mục lục",
        "references" => "tài liệu tham khảo",
        "quotation" => "trích dẫn",
        "boilerplate" => "khung mẫu chung (mẫu SKKN, văn bản chính thức, câu phổ biến trong kho)",
        _ => reason,
    };

    /// <summary>What a reviewer excluded: "nguồn r1, đoạn 3" or "cả nguồn r1".</summary>
    public static string Exclusion(string source, int? passage) =>
        passage is int n ? $"nguồn {source}, đoạn {n.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $"cả nguồn {source}";

    /// <summary>The verdict's Vietnamese name.</summary>
    public static string Verdict(Verdict v) => v switch
    {
        Similarity.Matching.Verdict.NearDuplicate => "gần như trùng lặp",
        Similarity.Matching.Verdict.Recycled => "sử dụng lại",
        Similarity.Matching.Verdict.Minor => "trùng nhỏ",
        _ => "không trùng",
    };

    /// <summary>One sentence per verdict with its threshold, as the matching options in force set them.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> VerdictLegend(VerdictOptions? options = null)
    {
        var o = options ?? VerdictOptions.Default;
        string P(double x) => ViFormat.Percent(x);
        return
        [
            (Verdict(Similarity.Matching.Verdict.NearDuplicate), $"cả hai tỉ lệ từ {P(o.NearDuplicate)} trở lên: gần như cùng một bài"),
            (Verdict(Similarity.Matching.Verdict.Recycled), $"một trong hai tỉ lệ từ {P(o.Recycled)} trở lên: dùng lại một phần đáng kể"),
            (Verdict(Similarity.Matching.Verdict.Minor), $"trùng từ {P(o.Minor)} đến dưới {P(o.Recycled)}: vài câu chung, nên xem qua"),
            (Verdict(Similarity.Matching.Verdict.None), $"trùng dưới {P(o.Minor)}: không đáng kể"),
        ];
    }

    /// <summary>A level for colouring a similarity index: "high" from the recycled threshold, "mid" above the minor one,
    /// else "low" (0,0 % is not shown in red).</summary>
    public static string Level(double index, VerdictOptions? options = null)
    {
        var o = options ?? VerdictOptions.Default;
        return index >= o.Recycled ? "high" : index >= o.Minor ? "mid" : "low";
    }
}

/// <summary>Why a file could not be read, in Vietnamese: the readers' reasons (written in English for logs and CSV) put
/// into the words a reviewer reads on the web pages and in the API. A reason no rule knows is kept as it is.</summary>
public static class ReasonsVi
{
    private static readonly (System.Text.RegularExpressions.Regex Pattern, string Vietnamese)[] s_rules =
    [
        (Rx(@"^the content is not a (\.\w+) file: it is binary data of another kind.*$"), "nội dung không phải tệp $1: là dữ liệu nhị phân loại khác (chương trình, ảnh hay tệp nén?)"),
        (Rx(@"^the content is not a (\.\w+) file.*$"), "nội dung không phải tệp $1 (phần đầu tệp không nhận ra được hoặc đã hỏng)"),
        (Rx(@"^corrupt or truncated (\.docx|\.odt)\W*(.*)$"), "tệp $1 bị hỏng hoặc không trọn vẹn ($2)"),
        (Rx(@"^corrupt, truncated or not a PDF.*$"), "tệp PDF bị hỏng, không trọn vẹn, hoặc không phải PDF"),
        (Rx(@"^the (\.docx|\.odt) is password-protected.*$"), "tệp $1 có mật khẩu (đã mã hoá): hãy lưu lại không đặt mật khẩu"),
        (Rx(@"^the file is an OpenDocument spreadsheet, presentation or drawing.*$"), "tệp là bảng tính, trình chiếu hay bản vẽ OpenDocument, không phải văn bản: hãy lưu thành .odt, .docx hoặc PDF"),
        (Rx(@"^the zip holds no OpenDocument content part.*$|^the OpenDocument file holds no text body.*$"), "tệp không có phần văn bản OpenDocument (không phải .odt)"),
        (Rx(@"^unsupported file type '([^']*)' \(supported: (.*)\)$"), "loại tệp '$1' không được nhận (chỉ nhận $2)"),
        (Rx(@"^the PDF is encrypted with a password.*$"), "tệp PDF có mật khẩu: hãy mở và lưu lại không đặt mật khẩu"),
        (Rx(@"^the file is a legacy Word \.doc named \.docx.*$"), "tệp là .doc (Word đời cũ) nhưng mang đuôi .docx: hãy đổi tên thành .doc"),
        (Rx(@"^the file is empty.*$"), "tệp rỗng (0 byte) hoặc không phải tệp thường"),
        (Rx(@"^the file is ([\d,.]+) bytes, over the limit of ([\d,.]+).*$"), "tệp dài $1 byte, vượt giới hạn $2 byte"),
        (Rx(@"^reading took longer than the limit of (\d+) s per file.*$"), "đọc tệp quá $1 giây cho phép mỗi tệp"),
        (Rx(@"^the PDF has no pages$"), "tệp PDF không có trang nào"),
        (Rx(@"^the (package|zip) has no Word document part.*$|^the zip holds no Word document part.*$"), "gói tệp không có phần văn bản Word (không phải .docx)"),
        (Rx(@"^the Word document has no body$"), "văn bản Word không có nội dung"),
        (Rx(@"^.*zip bomb.*$|^package expands to .*$"), "tệp nén phình quá lớn khi giải nén (nghi là tệp cố ý làm treo chương trình): bị từ chối"),
        (Rx(@"^.*a file built to crash readers.*$"), "cấu trúc tệp bất thường, cố ý làm treo chương trình đọc: bị từ chối"),
        (Rx(@"^LibreOffice is needed to read \.doc.*$"), "cần LibreOffice để đọc tệp .doc và .rtf: quản trị viên cài bằng  apt-get install libreoffice-writer-nogui"),
        (Rx(@"^LibreOffice conversion timed out.*$"), "LibreOffice chuyển tệp quá lâu"),
        (Rx(@"^LibreOffice could not convert the (\S+).*$"), "LibreOffice không chuyển được tệp $1 (tệp có thể bị hỏng)"),
        (Rx(@"^install Tesseract with Vietnamese.*$"), "cần Tesseract (tiếng Việt) và Poppler để đọc bản scan: quản trị viên cài bằng  apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"),
        (Rx(@"^file not found$"), "không tìm thấy tệp"),
        (Rx(@"^a folder, not a file$"), "là thư mục, không phải tệp"),
        (Rx(@"^the uploaded files? (is|are) gone.*$"), "tệp đã tải lên không còn (bị xoá khỏi thư mục dữ liệu?)"),
        (Rx(@"^cannot read the file: (.*)$"), "không đọc được tệp: $1"),
        (Rx(@"^unexpected error while reading.*$"), "lỗi bất ngờ khi đọc tệp (xin báo cho quản trị viên)"),
    ];

    private static System.Text.RegularExpressions.Regex Rx(string pattern) =>
        new(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Singleline);

    /// <summary>The reason in Vietnamese (the first rule that matches), else as it is.</summary>
    public static string Translate(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        foreach (var (pattern, vi) in s_rules)
        {
            if (pattern.IsMatch(reason))
            {
                return pattern.Replace(reason, vi);
            }
        }
        return reason;
    }
}
