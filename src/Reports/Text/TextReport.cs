using System.Globalization;
using System.Text;
using SimilarityEngine.Engine;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Reports;

/// <summary>Plain-text summaries in Vietnamese for the terminal.</summary>
public static class TextReport
{
    /// <summary>Vietnamese name of a verdict.</summary>
    public static string VerdictVi(Verdict v) => Glossary.Verdict(v);

    private static string Pct(double v) => ViFormat.Percent(v);

    // every id, file name and document text printed here: a crafted name must not forge a line (newlines, bidi controls)
    private static string S(string? text) => ViFormat.Safe(text);

    /// <summary>The check summary.</summary>
    public static string Check(CheckResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Báo cáo kiểm tra: {S(r.Submission.Id)} ({S(r.Submission.File)})");
        sb.AppendLine($"Chỉ số tương đồng tổng thể: {Pct(r.SimilarityIndex)} trên {ViFormat.Number(r.SubmissionDoc.CountedSyllables)} âm tiết được tính");
        if (r.InIndex)
        {
            sb.AppendLine(ArchivedVi(r.Submission.Id, r.Submission.Submitted, r.Submission.Year));
        }
        if (r.Sections.Any(x => x.Covered > 0))
        {
            sb.AppendLine("Theo phần: " + string.Join("; ", r.Sections.Where(x => x.Counted > 0).Select(x =>
                $"{Similarity.Text.DocumentStructure.LabelVi(x.Section)} {Pct(x.Containment)}")));
        }
        foreach (var w in r.Submission.Warnings)
        {
            sb.AppendLine($"  cảnh báo: {S(w)}");
        }
        if (EvasionReport.Vi(r.Submission.Evasion) is { } evasion)
        {
            sb.AppendLine("! " + evasion);
            sb.AppendLine("  " + (r.Submission.Evasion.Suspicious ? EvasionReport.SuspiciousVi + " " : "") + EvasionReport.UndoneVi);
        }
        if (r.Sources.Count == 0)
        {
            sb.AppendLine("Không tìm thấy nguồn trùng lặp trong chỉ mục.");
        }
        else
        {
            sb.AppendLine("Nguồn (xếp theo mức chứa):");
            int i = 1;
            foreach (var p in r.Sources)
            {
                string flags = (p.SameAuthor ? " [cùng tác giả]" : "") + (p.SameSchool ? " [cùng trường]" : "") + (p.Folded ? " [so khớp không dấu]" : "");
                sb.AppendLine($"{i++,3}. {S(ReportModels.SourceName(p.Source)),-16} {VerdictVi(p.Verdict),-18} chứa {Pct(p.Score.Containment),7}  nguồn {Pct(p.Score.ContainmentSource),7}  " +
                              $"{p.Score.Passages.Count} đoạn{flags}");
                var json = ReportModels.Pair(p);
                if (json.ValueSwaps.Count > 0)
                {
                    sb.AppendLine($"       {(json.OnlyValuesChanged ? "giữ nguyên văn, chỉ thay" : "giá trị bị thay")}: {S(string.Join("; ", json.ValueSwaps.Take(8)))}");
                }
                if (p.SharedPictures.Count > 0)
                {
                    sb.AppendLine($"       {ReportModels.PicturesVi(p.SharedPictures)}");
                }
            }
        }
        if (r.PictureMatches.Count > 0)
        {
            sb.AppendLine("Báo cáo có ảnh trùng (ảnh chụp, biểu đồ, bảng scan), không trùng văn bản:");
            foreach (var m in r.PictureMatches)
            {
                sb.AppendLine($"  {S(ReportModels.SourceName(m.Source))}: {ReportModels.PicturesVi(m.Shared)}");
            }
        }
        sb.Append($"(engine {r.Stamp.Version}, options {r.Stamp.OptionsHash}, index commit {r.Stamp.IndexCommit}, {ViFormat.Number(r.Stamp.IndexReports)} báo cáo)");
        return sb.ToString();
    }

    /// <summary>The screen summary.</summary>
    public static string Screen(ScreenResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Sàng lọc {(r.Year is int y ? "năm " + y.ToString(CultureInfo.InvariantCulture) : "toàn bộ")}: {ViFormat.Number(r.Screened)} báo cáo, {ViFormat.Number(r.PairsCompared)} cặp được so khớp, " +
                      $"{ViFormat.Number(r.Flagged.Count)} cặp bị gắn cờ, {ViFormat.Number(r.Clusters.Count)} nhóm");
        foreach (var p in r.Flagged.OrderByDescending(p => p.Score.Containment).Take(20))
        {
            sb.AppendLine($"  {S(p.Submission.Id)} ← {S(ReportModels.SourceName(p.Source))}: {VerdictVi(p.Verdict)}, chứa {Pct(p.Score.Containment)}, nguồn {Pct(p.Score.ContainmentSource)}");
        }
        if (r.Flagged.Count > 20)
        {
            sb.AppendLine($"  … và {ViFormat.Number(r.Flagged.Count - 20)} cặp khác (xem --out / --json)");
        }
        if (r.Evasions.Count > 0)
        {
            sb.AppendLine($"Báo cáo có dấu hiệu né tránh kiểm tra: {ViFormat.Number(r.Evasions.Count)}");
            foreach (var (id, e) in r.Evasions.OrderByDescending(e => e.Evasion.Suspicious).Take(20))
            {
                sb.AppendLine($"  {S(id)}{(e.Suspicious ? " [đáng ngờ]" : "")}: {string.Join("; ", EvasionReport.ItemsVi(e))}");
            }
            if (r.Evasions.Count > 20)
            {
                sb.AppendLine($"  … và {ViFormat.Number(r.Evasions.Count - 20)} báo cáo khác (xem --json)");
            }
        }
        if (r.Families > 0)
        {
            sb.AppendLine($"Nhóm bản sao: {ViFormat.Number(r.Families)} nhóm báo cáo chung nhau từ một nửa nội dung trở lên; mỗi nhóm được tính là " +
                          "một báo cáo khi xác định văn bản dùng chung (văn bản có trong hơn 10 báo cáo khác nhau)");
        }
        if (r.Recomputed > 0)
        {
            sb.AppendLine($"Lưu ý: {ViFormat.Number(r.Recomputed)} báo cáo được nạp bằng phiên bản cũ (chưa lưu dấu vân tay) nên đã được tính lại từ văn bản; " +
                          "nạp lại chúng (simeng ingest) để lần sàng lọc sau nhanh hơn");
        }
        sb.Append($"(engine {r.Stamp.Version}, options {r.Stamp.OptionsHash}, index commit {r.Stamp.IndexCommit})");
        return sb.ToString();
    }

    /// <summary>The note that a checked file is already in the archive, with its id and date: it is compared only with
    /// what was submitted before it.</summary>
    public static string ArchivedVi(string id, string? submitted, int? year) =>
        $"Tệp này đã có trong kho lưu trữ với mã {S(id)}" + (submitted is not null ? $" (nộp ngày {ViFormat.Date(submitted)})"
            : year is int y ? $" (năm {y})" : "") + ": chỉ so với các báo cáo nộp trước nó.";
}
