using System.Globalization;
using System.Text;
using SimilarityEngine.Engine;
using SimilarityEngine.Similarity.Matching;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Reports;

/// <summary>The reviewer's HTML report: one self-contained file, in Vietnamese; every piece of document text is escaped.</summary>
public static class HtmlReport
{
    // Escapes the five HTML-special characters only, so Vietnamese stays readable in the source.
    private static string E(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return "";
        }
        var sb = new StringBuilder(s.Length + 16);
        foreach (char c in s)
        {
            _ = c switch
            {
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '&' => sb.Append("&amp;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),
                _ => sb.Append(c),
            };
        }
        return sb.ToString();
    }

    private static string Pct(double v) => ViFormat.Percent(v);

    /// <summary>Renders the check report; <paramref name="review"/> holds the reviewers' decisions (web application),
    /// <paramref name="verdicts"/> the thresholds the check ran with (null: the defaults).</summary>
    public static string Check(CheckResult r, ReportModels.ReviewJson? review = null, VerdictOptions? verdicts = null) =>
        Check(CheckReport.From(r, review, verdicts));

    /// <summary>Renders the check report from the report every format shares.</summary>
    public static string Check(CheckReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        sb.Append("""
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Báo cáo kiểm tra trùng lặp</title>
            <style>
            body{font-family:"Noto Serif","Times New Roman",serif;margin:1.5em;color:#222;max-width:1400px}
            h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
            .cols{display:grid;grid-template-columns:1fr 1fr;gap:1em}
            .doc{white-space:pre-wrap;border:1px solid #ddd;padding:.8em;max-height:70vh;overflow:auto;font-size:.9em;line-height:1.45}
            mark{background:#ffe08a}mark.p1{background:#ffd0d0}mark.p2{background:#cfe8ff}mark.p3{background:#d6f5d6}
            .ex{color:#777}.meta{color:#555;font-size:.85em}.nd{color:#b00020;font-weight:bold}.rc{color:#c25e00;font-weight:bold}
            details.pages,details.legend{margin:1em 0}details summary{cursor:pointer}tr.poor td{background:#fde8e8}
            </style></head><body>
            """);
        sb.Append("<h1>Báo cáo kiểm tra trùng lặp sáng kiến kinh nghiệm</h1>");
        var s = r.Submission;
        sb.Append("<table>");
        Row(sb, "Báo cáo được kiểm tra", $"{E(s.Id)} — {E(s.Title)}");
        Row(sb, "Tệp", E(s.File));
        Row(sb, "Tác giả / Đơn vị", $"{E(s.Author)} / {E(s.School)}");
        Row(sb, Glossary.SimilarityIndex, $"<b>{Pct(r.SimilarityIndex)}</b> (trên {ViFormat.Number(r.CountedSyllables)} âm tiết được tính; phần mẫu chung, trích dẫn và tài liệu tham khảo không tính)");
        if (r.Sections.Any(x => x.Covered > 0))
        {
            Row(sb, "Theo phần", string.Join("<br>", r.Sections.Select(x =>
                $"{E(x.Label)}: {Pct(x.Containment)} ({ViFormat.Number(x.Covered)}/{ViFormat.Number(x.Counted)} âm tiết)")));
        }
        Row(sb, "Chất lượng trích xuất", Pct(s.Quality));
        if (s.Archived is not null)
        {
            Row(sb, "Trong kho", E(s.Archived));
        }
        if (s.Warnings.Count > 0)
        {
            Row(sb, "Cảnh báo", string.Join("<br>", s.Warnings.Select(E)));
        }
        if (s.Evasion.Count > 0)
        {
            Row(sb, Glossary.Evasion, "<b class=\"nd\">" + string.Join("<br>", s.Evasion.Select(E)) + "</b><br>"
                + (s.Suspicious ? E(EvasionReport.SuspiciousVi) + " " : "") + E(EvasionReport.UndoneVi));
        }
        sb.Append("</table>");
        sb.Append(ComponentHtml.Render<Html.Components.PageQualityTable>(new Dictionary<string, object?> { ["Pages"] = r.Pages }));
        if (r.Review is { Exclusions.Count: > 0 } review)
        {
            // the reviewers' decisions: the index before them, and every exclusion with its reason, who and when
            sb.Append("<h2 id=\"decisions\">Quyết định của giám khảo</h2>");
            sb.Append(CultureInfo.InvariantCulture, $"<p>Chỉ số trước khi loại trừ: <b>{Pct(review.SimilarityIndexBefore)}</b>; sau khi loại trừ: <b>{Pct(r.SimilarityIndex)}</b>.</p>");
            sb.Append("<table><tr><th>Loại trừ</th><th>Lý do</th><th>Ai, lúc nào</th><th>Hiện trạng</th></tr>");
            foreach (var x in review.Exclusions)
            {
                string what = E(Glossary.Exclusion(x.Source, x.Passage));
                string state = x.InForce ? "đang áp dụng" : $"đã hoàn tác bởi {E(x.UndoneBy)}, {E(ViFormat.DateTime(x.UndoneAt))}: {E(x.UndoReason)}";
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{what}</td><td>{E(x.Reason)}</td><td>{E(x.User)}, {E(ViFormat.DateTime(x.At))}</td><td>{state}</td></tr>");
            }
            sb.Append("</table>");
        }

        sb.Append("<h2>Các nguồn trùng lặp</h2>");
        if (r.Sources.Count == 0)
        {
            sb.Append("<p>Không tìm thấy nguồn trùng lặp trong chỉ mục.</p>");
        }
        else
        {
            sb.Append("<table><tr><th>#</th><th>Nguồn</th><th>Tác giả / Đơn vị / Ngày nộp (hoặc năm học)</th><th>Kết luận</th><th>" + Glossary.SubmissionShare + "</th><th>" + Glossary.SourceShare + "</th><th>" + Glossary.Passages + "</th><th>Ghi chú</th></tr>");
            foreach (var p in r.Sources)
            {
                string cls = p.Verdict == Verdict.NearDuplicate ? "nd" : p.Verdict == Verdict.Recycled ? "rc" : "";
                string note = string.Join(" ", p.SharedPictures is null ? p.Notes : [.. p.Notes, p.SharedPictures]);
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#src{p.Number}\">{p.Number}</a></td><td>{E(p.Name)}<div class=meta>{E(p.Title)}</div></td>")
                  .Append(CultureInfo.InvariantCulture, $"<td>{E(p.Author)} / {E(p.School)} / {E(p.When)}</td>")
                  .Append(CultureInfo.InvariantCulture, $"<td class={cls}>{E(p.VerdictVi)}</td><td>{Pct(p.Containment)}</td><td>{Pct(p.ContainmentSource)}</td>")
                  .Append(CultureInfo.InvariantCulture, $"<td>{p.Passages.Count}</td><td>{E(note)}</td></tr>");
            }
            sb.Append("</table>");
            sb.Append(ComponentHtml.Render<Html.Components.VerdictLegend>(new Dictionary<string, object?> { ["Verdicts"] = r.Verdicts, ["Open"] = true }));
        }
        if (r.PictureMatches.Count > 0)
        {
            sb.Append("<h2>Báo cáo có ảnh trùng, không trùng văn bản</h2><p>Ảnh chụp, biểu đồ, bảng scan giống với ảnh trong báo cáo này (logo, quốc huy có trong nhiều báo cáo không tính).</p><ul>");
            foreach (var m in r.PictureMatches)
            {
                sb.Append("<li>").Append(E(m.Name)).Append(" — ").Append(E(m.Title)).Append(": ")
                  .Append(E(m.Pictures)).Append(" (ảnh ").Append(E(string.Join(", ", m.Pairs))).Append(")</li>");
            }
            sb.Append("</ul>");
        }

        foreach (var p in r.Sources)
        {
            int n = p.Number;
            sb.Append(CultureInfo.InvariantCulture, $"<h2 id=\"src{n}\">Nguồn {n}: {E(p.Name)} — {E(p.VerdictVi)}, chứa {Pct(p.Containment)}</h2>");
            if (p.ValueSwaps.Count > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p>{(p.OnlyValuesChanged ? "Giữ nguyên văn, chỉ thay" : "Giá trị bị thay")}: {E(string.Join("; ", p.ValueSwaps))}</p>");
            }
            if (p.Sections.Count > 0)
            {
                sb.Append("<p>Theo phần: ").Append(string.Join("; ", p.Sections.Select(x => $"{E(x.Label)} {Pct(x.Containment)}"))).Append("</p>");
            }
            sb.Append("<table><tr><th>#</th><th>Loại</th><th>Phần (báo cáo này)</th><th>Báo cáo này</th><th>Phần (nguồn)</th><th>Nguồn</th></tr>");
            foreach (var x in p.Passages)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#s{n}a{x.Number}\">{x.Number}</a></td><td>{x.KindVi}</td><td>{E(x.SubmissionSection)}</td><td>{E(x.SubmissionExcerpt)}</td>")
                  .Append(CultureInfo.InvariantCulture, $"<td>{E(x.SourceSection)}</td><td>{E(x.SourceExcerpt)}</td></tr>");
            }
            sb.Append("</table>");
            if (p.Texts is { } t)
            {
                sb.Append("<div class=cols><div><h3>Báo cáo này</h3><div class=doc>");
                Highlight(sb, t.SubmissionText, t.SubmissionRanges, $"s{n}a");
                sb.Append("</div></div><div><h3>Nguồn: ").Append(E(p.Name)).Append("</h3><div class=doc>");
                Highlight(sb, t.SourceText, t.SourceRanges, $"s{n}b");
                sb.Append("</div></div></div>");
            }
        }
        if (r.Excluded.Count > 0)
        {
            sb.Append("<h2>Phần không tính điểm (trang bìa, mục lục, trích dẫn, tài liệu tham khảo)</h2><ul class=ex>");
            foreach (var x in r.Excluded)
            {
                sb.Append("<li>").Append(E(x.Why)).Append(": ").Append(E(x.Excerpt)).Append("</li>");
            }
            sb.Append("</ul>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<p class=meta>SimilarityEngine {E(r.Stamp.Version)} · tuỳ chọn {E(r.Stamp.OptionsHash)} · chỉ mục commit {E(r.Stamp.IndexCommit)} ({ViFormat.Number(r.Stamp.IndexReports)} báo cáo) · {E(ViFormat.Date(r.Stamp.ComputedAt))}</p>");
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string label, string html) => sb.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(html).Append("</td></tr>");

    // Marks the ranges (numbered in passage order; overlapping ranges merge) and escapes everything.
    private static void Highlight(StringBuilder sb, string text, IReadOnlyList<(int Start, int End)> ranges, string idPrefix)
    {
        var numbered = ranges.Select((r, i) => (r.Start, r.End, Number: i + 1)).OrderBy(r => r.Start).ToList();
        int pos = 0;
        foreach (var (start, end, number) in numbered)
        {
            if (end <= pos)
            {
                continue;
            }
            int s = Math.Max(start, pos);
            sb.Append(E(text[pos..s]));
            sb.Append(CultureInfo.InvariantCulture, $"<mark id=\"{idPrefix}{number}\" class=p{number % 3 + 1} title=\"đoạn {number}\">").Append(E(text[s..end])).Append("</mark>");
            pos = end;
        }
        sb.Append(E(text[pos..]));
    }
}
