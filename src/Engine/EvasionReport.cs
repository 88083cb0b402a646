using SimilarityEngine.Similarity.Corpus;

namespace SimilarityEngine.Engine;

/// <summary>How every report names a report's signs of dodging the checker (<see cref="EvasionSignals"/>): the JSON shape
/// (invariant codes) and the Vietnamese words, in one place for the text, HTML, web, CSV and .xlsx outputs.</summary>
public static class EvasionReport
{
    /// <summary>The signs of one report in JSON.</summary>
    /// <param name="Signals">The codes of the signs strong enough to show: <c>hidden-letters</c>, <c>look-alike-letters</c>,
    /// <c>invisible-characters</c>, <c>unaccented-text</c>, <c>picture-text</c>, <c>spaced-letters</c>, <c>typed-marks</c>.</param>
    /// <param name="Suspicious">True when the report hides or disguises letters: suspicious whatever it matches.</param>
    /// <param name="HiddenLetters">Letters no reader sees, left out, by kind (hidden, white, tiny, invisible, off-page).</param>
    /// <param name="LookAlikeLetters">Cyrillic or Greek letters inside Latin words.</param>
    /// <param name="InvisibleCharacters">Zero-width characters inside words.</param>
    /// <param name="UnaccentedShare">Share of the words typed without Vietnamese marks.</param>
    /// <param name="PictureTextWords">Words read by OCR from pictures among the text.</param>
    /// <param name="SpacedWords">Words written with spaced letters, joined.</param>
    /// <param name="TypedMarkWords">Words typed as VIQR or Telex keys, decoded.</param>
    /// <param name="Description">The same in Vietnamese, for people.</param>
    public sealed record EvasionJson(IReadOnlyList<string> Signals, bool Suspicious, IReadOnlyDictionary<string, int> HiddenLetters,
        int LookAlikeLetters, int InvisibleCharacters, double UnaccentedShare, int PictureTextWords, int SpacedWords, int TypedMarkWords,
        string Description);

    /// <summary>The signs in JSON (every count, also those too weak to be signals).</summary>
    public static EvasionJson Json(EvasionSignals e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new EvasionJson(e.Codes, e.Suspicious, e.HiddenLetters, e.LookAlikeLetters, e.InvisibleCharacters, Math.Round(e.UnaccentedShare, 3),
            e.PictureTextWords, e.SpacedWords, e.TypedMarkWords, Vi(e) ?? "");
    }

    /// <summary>The signs read back from their JSON (a stored report of the web application).</summary>
    public static EvasionSignals FromJson(EvasionJson j)
    {
        ArgumentNullException.ThrowIfNull(j);
        return new EvasionSignals
        {
            HiddenLetters = j.HiddenLetters ?? new Dictionary<string, int>(),
            LookAlikeLetters = j.LookAlikeLetters,
            InvisibleCharacters = j.InvisibleCharacters,
            UnaccentedShare = j.UnaccentedShare,
            PictureTextWords = j.PictureTextWords,
            SpacedWords = j.SpacedWords,
            TypedMarkWords = j.TypedMarkWords,
        };
    }

    /// <summary>The codes for a CSV cell, separated by ';' (empty when none).</summary>
    public static string Codes(EvasionSignals e) => string.Join(';', (e ?? EvasionSignals.None).Codes);

    /// <summary>The short Vietnamese name of a sign's code (a column of a spreadsheet, a badge).</summary>
    public static string CodeVi(string code) => code switch
    {
        "hidden-letters" => "chữ ẩn",
        "look-alike-letters" => "chữ giả Latinh",
        "invisible-characters" => "ký tự vô hình",
        "unaccented-text" => "gõ không dấu",
        "picture-text" => "chữ trong ảnh",
        "spaced-letters" => "chữ cái tách rời",
        "typed-marks" => "gõ VIQR/Telex",
        _ => code,
    };

    /// <summary>The short Vietnamese names of codes, joined: "chữ ẩn, gõ không dấu".</summary>
    public static string CodesVi(IEnumerable<string>? codes) => codes is null ? "" : string.Join(", ", codes.Select(CodeVi));

    /// <summary>Vietnamese name of a kind of hidden letters.</summary>
    public static string HiddenKindVi(string kind) => kind switch
    {
        "hidden" => "định dạng ẩn của Word",
        "white" => "chữ màu trắng",
        "tiny" => "cỡ chữ 1–2 pt",
        "invisible" => "chữ vô hình đè lên chữ hiện",
        "off-page" => "nằm ngoài trang giấy",
        _ => kind,
    };

    /// <summary>Each sign strong enough to show, in Vietnamese: "1.204 chữ cái ẩn (cỡ chữ 1–2 pt)".</summary>
    public static IReadOnlyList<string> ItemsVi(EvasionSignals e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var items = new List<string>();
        foreach (var code in e.Codes)
        {
            items.Add(code switch
            {
                "hidden-letters" => $"{ViFormat.Number(e.HiddenTotal)} chữ cái ẩn chèn vào giữa chữ ("
                    + (e.HiddenLetters.Count == 1 ? HiddenKindVi(e.HiddenLetters.Keys.First())
                        : string.Join("; ", e.HiddenLetters.OrderByDescending(kv => kv.Value).Select(kv => $"{HiddenKindVi(kv.Key)}: {ViFormat.Number(kv.Value)}"))) + ")",
                "look-alike-letters" => $"{ViFormat.Number(e.LookAlikeLetters)} chữ cái Kirin/Hy Lạp giả làm chữ Latinh",
                "invisible-characters" => $"{ViFormat.Number(e.InvisibleCharacters)} ký tự vô hình (độ rộng 0) chèn vào giữa chữ",
                "unaccented-text" => $"{ViFormat.Percent(e.UnaccentedShare)} số từ được gõ không dấu",
                "picture-text" => $"{ViFormat.Number(e.PictureTextWords)} từ nằm trong ảnh chụp văn bản (đọc bằng OCR)",
                "spaced-letters" => $"{ViFormat.Number(e.SpacedWords)} từ viết tách rời từng chữ cái (“t r ư ờ n g”)",
                "typed-marks" => $"{ViFormat.Number(e.TypedMarkWords)} từ gõ dấu kiểu VIQR/Telex (“Vie^.t”, “truwowngf”)",
                _ => code,
            });
        }
        return items;
    }

    /// <summary>"Dấu hiệu né tránh kiểm tra: …" for a report with signs, else null. The engine has already undone them:
    /// the scores are those of the text a reader sees.</summary>
    public static string? Vi(EvasionSignals e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var items = ItemsVi(e);
        return items.Count == 0 ? null : "Dấu hiệu né tránh kiểm tra: " + string.Join("; ", items);
    }

    /// <summary>The note that tells a reviewer what the engine did about the signs.</summary>
    public const string UndoneVi = "Hệ thống đã loại bỏ/khôi phục các phần này trước khi so khớp: tỉ lệ trùng được tính trên văn bản người đọc nhìn thấy.";

    /// <summary>The note for a report that hides letters.</summary>
    public const string SuspiciousVi = "Báo cáo cố ý che giấu hoặc ngụy trang chữ: đáng ngờ ngay cả khi không trùng với báo cáo nào.";
}
