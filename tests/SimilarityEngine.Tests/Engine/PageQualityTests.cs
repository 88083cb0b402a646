using System.Net;
using System.Text.Json;
using SimilarityEngine.Engine;
using SimilarityEngine.Reports;
using UglyToad.PdfPig.Writer;

namespace SimilarityEngine.Tests;

/// <summary>The submission's extraction quality page by page: computed once (<see cref="Ingest.PageQuality.Of"/>), carried
/// by the check, and shown by every format from the one report model — text, JSON, the downloaded HTML (and so its PDF),
/// and the web page through the same Razor component as the export.</summary>
public sealed class PageQualityTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    /// <summary>vi-features.pdf (one page of Vietnamese in its text layer) followed by a page of English (page 2 reads
    /// poorly), written in <paramref name="folder"/>.</summary>
    public static string TwoPagePdf(string folder)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        for (int line = 0; line < 12; line++)
        {
            page.AddText("The quick brown fox jumps over the lazy dog while the printer warms up again", 11,
                new UglyToad.PdfPig.Core.PdfPoint(50, 780 - line * 16), font);
        }
        byte[] english = builder.Build();
        byte[] merged = PdfMerger.Merge([File.ReadAllBytes(TestPaths.Sample("vi-features.pdf")), english], null);
        string path = Path.Combine(folder, "hai-trang.pdf");
        File.WriteAllBytes(path, merged);
        return path;
    }

    private string SampleIndex()
    {
        string index = Path.Combine(_dir.FullName, "idx");
        new SimEngine().Ingest(new IngestRequest(index, Engine.Manifest.Read(TestPaths.Sample("screen/manifest.csv"))));
        return index;
    }

    [Fact]
    public void Check_ATwoPagePdf_EveryFormatShowsThePoorPage_DocxHasNoPages()
    {
        string index = SampleIndex();
        var engine = new SimEngine();
        var result = engine.Check(new CheckRequest(index, TwoPagePdf(_dir.FullName)));

        // the computation: page 1 from the text layer, Vietnamese; page 2 from the text layer, English (not syllables)
        Assert.Equal(2, result.Pages.Count);
        Assert.Equal(("layer", false), (result.Pages[0].Reading, result.Pages[0].Poor));
        Assert.True(result.Pages[0].Quality > 0.9 && result.Pages[0].Words > 300, $"page 1: {result.Pages[0]}");
        Assert.Equal(("layer", true), (result.Pages[1].Reading, result.Pages[1].Poor));
        Assert.True(result.Pages[1].Quality < 0.3 && result.Pages[1].Words > 100, $"page 2: {result.Pages[1]}");

        // the model and every renderer
        var report = CheckReport.From(result);
        Assert.Equal([2], report.PoorPages.Select(p => p.Number));
        string text = TextReport.Check(report);
        Assert.Contains("Chất lượng đọc theo trang: 2 trang; đọc kém: trang 2 (", text, StringComparison.Ordinal);
        string html = HtmlReport.Check(report);
        Assert.Contains("<details class=\"pages\" id=\"pages\" open>", html, StringComparison.Ordinal);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(html, "<tr class=\"poor\">"));
        Assert.Contains("lớp chữ của tệp", html, StringComparison.Ordinal);
        var json = JsonDocument.Parse(JsonContracts.Serialize(ReportModels.Check(result))).RootElement.GetProperty("pages");
        Assert.Equal(2, json.GetArrayLength());
        Assert.False(json[0].GetProperty("poor").GetBoolean());
        Assert.True(json[1].GetProperty("poor").GetBoolean());
        Assert.Equal("layer", json[1].GetProperty("reading").GetString());

        // kept for a later review: the stored state carries the pages to the reloaded check
        var reloaded = engine.Reload(index, SimEngine.StateOf(result), out _);
        Assert.Equal(result.Pages, reloaded.Pages);

        // the verdict legend: the web page's component, open in the export, naming the thresholds the check ran with
        Assert.Contains("<details class=\"legend hint\" id=\"verdict-legend\" open>", html, StringComparison.Ordinal);
        Assert.Contains("một trong hai tỉ lệ từ 15,0", html, StringComparison.Ordinal);
        string strict = HtmlReport.Check(result, verdicts: new Similarity.Matching.VerdictOptions(Recycled: 0.25));
        Assert.Contains("một trong hai tỉ lệ từ 25,0", strict, StringComparison.Ordinal);

        // a format without pages: nothing is listed, in any format
        var docx = engine.Check(new CheckRequest(index, TestPaths.Sample("vi-prose.docx")));
        Assert.Empty(docx.Pages);
        Assert.DoesNotContain("Chất lượng đọc theo trang", TextReport.Check(docx), StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"pages\"", HtmlReport.Check(docx), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebCheck_ATwoPagePdf_ThePageAndTheDownloadsShowThePoorPage()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var api = WebTestHost.Api(f, host.ReviewerToken);
        var r = await api.PostAsync("/api/checks", WebTestHost.Upload(TwoPagePdf(_dir.FullName), "hai trang <b>.pdf"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        var job = await WebTestHost.WaitForJob(api, r.Headers.Location!.ToString());
        Assert.Equal("done", job.GetProperty("status").GetString());
        string id = job.GetProperty("id").GetString()!;

        var web = WebTestHost.Client(f);
        await WebTestHost.SignIn(web, "giamkhao");
        string page = await web.GetStringAsync($"/checks/{id}");
        string html = System.Text.Encoding.UTF8.GetString(await web.GetByteArrayAsync($"/checks/{id}?handler=Html"));
        // the same component on the page and in the downloaded report
        foreach (string doc in new[] { page, html })
        {
            Assert.Contains("<details class=\"pages\" id=\"pages\" open>", doc, StringComparison.Ordinal);
            Assert.Contains("Chất lượng đọc theo trang: 2 trang; đọc kém: trang 2 (", doc, StringComparison.Ordinal);
            Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(doc, "<tr class=\"poor\">"));
        }
        // the legend: one component, closed on the page, open in the export
        Assert.Contains("<details class=\"legend hint\" id=\"verdict-legend\"><summary>Kết luận nghĩa là gì?</summary>", page, StringComparison.Ordinal);
        Assert.Contains("<details class=\"legend hint\" id=\"verdict-legend\" open><summary>Kết luận nghĩa là gì?</summary>", html, StringComparison.Ordinal);
        var report = JsonDocument.Parse(await api.GetStringAsync($"/api/checks/{id}/report")).RootElement;
        Assert.Equal([false, true], report.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("poor").GetBoolean()));
    }
}
