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
    public static string Check(CheckResult r) => Check(CheckReport.From(r));

    /// <summary>The check summary, from the report every format shares.</summary>
    public static string Check(CheckReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        var s = r.Submission;
        sb.AppendLine(CultureInfo.InvariantCulture, $"Báo cáo kiểm tra: {S(s.Id)} ({S(s.File)})");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Glossary.SimilarityIndex}: {Pct(r.SimilarityIndex)} trên {ViFormat.Number(r.CountedSyllables)} âm tiết được tính");
        if (s.Archived is not null)
        {
            sb.AppendLine(s.Archived);
        }
        if (r.Sections.Any(x => x.Covered > 0))
        {
            sb.AppendLine("Theo phần: " + string.Join("; ", r.Sections.Select(x => $"{x.Label} {Pct(x.Containment)}")));
        }
        if (Glossary.Pages(r.Pages) is { } pages)
        {
            sb.AppendLine(pages);
        }
        foreach (var w in s.Warnings)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  cảnh báo: {S(w)}");
        }
        if (s.Evasion.Count > 0)
        {
            sb.AppendLine("! " + Glossary.Evasion + ": " + string.Join("; ", s.Evasion));
            sb.AppendLine("  " + (s.Suspicious ? EvasionReport.SuspiciousVi + " " : "") + EvasionReport.UndoneVi);
        }
        if (r.Sources.Count == 0)
        {
            sb.AppendLine("Không tìm thấy nguồn trùng lặp trong chỉ mục.");
        }
        else
        {
            sb.AppendLine("Nguồn (xếp theo mức chứa):");
            foreach (var p in r.Sources)
            {
                string flags = string.Concat(p.Notes.Select(n => $" [{n}]"));
                sb.AppendLine(CultureInfo.InvariantCulture, $"{p.Number,3}. {S(p.Name),-16} {p.VerdictVi,-18} chứa {Pct(p.Containment),7}  nguồn {Pct(p.ContainmentSource),7}  " +
                              $"{p.Passages.Count} đoạn{flags}");
                if (p.ValueSwaps.Count > 0)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"       {(p.OnlyValuesChanged ? "giữ nguyên văn, chỉ thay" : "giá trị bị thay")}: {S(string.Join("; ", p.ValueSwaps.Take(8)))}");
                }
                if (p.SharedPictures is not null)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"       {p.SharedPictures}");
                }
            }
        }
        if (r.PictureMatches.Count > 0)
        {
            sb.AppendLine("Báo cáo có ảnh trùng (ảnh chụp, biểu đồ, bảng scan), không trùng văn bản:");
            foreach (var m in r.PictureMatches)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {S(m.Name)}: {m.Pictures}");
            }
        }
        sb.Append(CultureInfo.InvariantCulture, $"(engine {r.Stamp.Version}, options {r.Stamp.OptionsHash}, index commit {r.Stamp.IndexCommit}, {ViFormat.Number(r.Stamp.IndexReports)} báo cáo)");
        return sb.ToString();
    }

    /// <summary>The screen summary; <paramref name="options"/> are the matching options it ran with (the cut-off of common
    /// text named in the note on families of copies).</summary>
    public static string Screen(ScreenResult r, EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Sàng lọc {(r.Year is int y ? "năm " + y.ToString(CultureInfo.InvariantCulture) : "toàn bộ")}: {ViFormat.Number(r.Screened)} báo cáo, {ViFormat.Number(r.PairsCompared)} cặp được so khớp, " +
                      $"{ViFormat.Number(r.Flagged.Count)} cặp bị gắn cờ, {ViFormat.Number(r.Clusters.Count)} nhóm");
        foreach (var p in r.Flagged.OrderByDescending(p => p.Score.Containment).Take(20))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {S(p.Submission.Id)} ← {S(ReportModels.SourceName(p.Source))}: {VerdictVi(p.Verdict)}, chứa {Pct(p.Score.Containment)}, nguồn {Pct(p.Score.ContainmentSource)}");
        }
        if (r.Flagged.Count > 20)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  … và {ViFormat.Number(r.Flagged.Count - 20)} cặp khác (xem --out / --json)");
        }
        if (r.Evasions.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Báo cáo có dấu hiệu né tránh kiểm tra: {ViFormat.Number(r.Evasions.Count)}");
            foreach (var (id, e) in r.Evasions.OrderByDescending(e => e.Evasion.Suspicious).Take(20))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {S(id)}{(e.Suspicious ? " [đáng ngờ]" : "")}: {string.Join("; ", EvasionReport.ItemsVi(e))}");
            }
            if (r.Evasions.Count > 20)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  … và {ViFormat.Number(r.Evasions.Count - 20)} báo cáo khác (xem --json)");
            }
        }
        if (r.Families > 0)
        {
            int cutOff = (options ?? EngineOptions.Default).Boilerplate.CommonDocuments;
            sb.AppendLine(CultureInfo.InvariantCulture, $"Nhóm bản sao: {ViFormat.Number(r.Families)} nhóm báo cáo chung nhau từ một nửa nội dung trở lên; mỗi nhóm được tính là một báo cáo khi xác định văn bản dùng chung (văn bản có trong hơn {ViFormat.Number(cutOff)} báo cáo khác nhau)");
        }
        if (r.Recomputed > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Lưu ý: {ViFormat.Number(r.Recomputed)} báo cáo được nạp bằng phiên bản cũ (chưa lưu dấu vân tay) nên đã được tính lại từ văn bản; nạp lại chúng (simeng ingest) để lần sàng lọc sau nhanh hơn");
        }
        sb.Append(CultureInfo.InvariantCulture, $"(engine {r.Stamp.Version}, options {r.Stamp.OptionsHash}, index commit {r.Stamp.IndexCommit})");
        return sb.ToString();
    }

    /// <summary>The note that a checked file is already in the archive, with its id and date: it is compared only with
    /// what was submitted before it.</summary>
    public static string ArchivedVi(string id, string? submitted, int? year) =>
        $"Tệp này đã có trong kho lưu trữ với mã {S(id)}" + (submitted is not null ? $" (nộp ngày {ViFormat.Date(submitted)})"
            : year is int y ? $" (năm {y})" : "") + ": chỉ so với các báo cáo nộp trước nó.";
}
