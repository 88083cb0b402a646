using System.Net;
using SimilarityEngine.Engine;
using UglyToad.PdfPig;
using SimilarityEngine.Reports;

namespace SimilarityEngine.Tests;

/// <summary>The report as PDF: the self-contained HTML report printed on the server (and by <c>simeng check --pdf</c>),
/// carrying the reviewers' decisions; a clear message naming what to install when nothing can print.</summary>
public sealed class PdfReportTests : IDisposable
{
    private const string NoPrinter = "neither Chromium nor LibreOffice on PATH (apt-get install chromium); .ci/run installs it";

    private static string TextOf(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Join("\n", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public void NoProgramToPrint_SaysWhatToInstall()
    {
        var ex = Assert.Throws<PdfReportException>(() => PdfReport.FromHtml("<p>x</p>", _ => null));
        Assert.Contains("apt-get install chromium", ex.Message, StringComparison.Ordinal);
        Assert.Contains("libreoffice-writer-nogui", ex.Message, StringComparison.Ordinal);
        Assert.Null(PdfReport.Printer(_ => null));
    }

    [SkippableFact]
    public async Task WebReport_AsPdf_CarriesTheDecisions_AndTheTextAsText()
    {
        Skip.If(PdfReport.Printer() is null, NoPrinter);
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var api = WebTestHost.Api(f, host.ReviewerToken);
        string sub = Path.Combine(host.Root, "bai.txt");
        File.WriteAllText(sub, new SimilarityEngine.Ingest.DocumentReader().Read(Path.Combine(TestPaths.Samples, "screen", "r2-doc-lop2-ban-sao.docx")).Text
            + "\nPhụ lục <script>alert(5)</script> thêm một dòng.");
        var status = await WebTestHost.WaitForJob(api, (await api.PostAsync("/api/checks", WebTestHost.Upload(sub, "bài kiểm tra.txt"))).Headers.Location!.ToString());
        string id = status.GetProperty("id").GetString()!;
        var web = WebTestHost.Client(f);
        await WebTestHost.SignIn(web, "giamkhao");
        string page = await web.GetStringAsync($"/checks/{id}");
        Assert.Contains($"href=\"/checks/{id}?handler=Pdf\"", page, StringComparison.Ordinal);
        var excluded = await web.PostAsync($"/checks/{id}?handler=Exclude", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["source"] = "r1",
            ["reason"] = "tài liệu dùng chung của tổ",
            ["__RequestVerificationToken"] = WebTestHost.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, excluded.StatusCode);

        var pdf = await web.GetAsync($"/checks/{id}?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"kiem-tra-{id}.pdf", pdf.Content.Headers.ContentDisposition?.FileNameStar ?? pdf.Content.Headers.ContentDisposition?.FileName);
        byte[] bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        string text = TextOf(bytes);
        Assert.Contains("Báo cáo kiểm tra trùng lặp", text, StringComparison.Ordinal);
        Assert.Contains("bài kiểm tra.txt", text, StringComparison.Ordinal);
        // the decisions table (its cells wrap, so the reason is looked for in words that stay on one line)
        Assert.Contains("Quyết định của giám khảo", text, StringComparison.Ordinal);
        Assert.Contains("tài liệu dùng chung của", text, StringComparison.Ordinal);
        Assert.Contains("giamkhao", text, StringComparison.Ordinal);
        // the document's markup printed as text, never run
        Assert.Contains("<script>alert(5)</script>", text, StringComparison.Ordinal);
        // a viewer may read reports, and so download them
        var viewer = WebTestHost.Client(f);
        await WebTestHost.SignIn(viewer, "nguoixem");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/checks/{id}?handler=Pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync("/checks/khong-co?handler=Pdf")).StatusCode);
    }

    // a server with LibreOffice (the .deb depends on it) and no Chromium still makes the PDF
    [SkippableFact]
    [Trait("Category", "Slow")]
    public void WithoutChromium_LibreOfficePrintsIt()
    {
        TestPaths.RequireSoffice();
        string? NoBrowser(string name) => PdfReport.Browsers.Contains(name) ? null : Ingest.Extractors.ExternalTool.Find(name);
        Assert.EndsWith("soffice", PdfReport.Printer(NoBrowser), StringComparison.Ordinal);
        string html = HtmlReport.Check(new SimEngine().Check(new CheckRequest(BuildIndex(), Path.Combine(TestPaths.Samples, "screen", "r2-doc-lop2-ban-sao.docx"))));
        string text = TextOf(PdfReport.FromHtml(html, NoBrowser));
        Assert.Contains("Nâng cao kĩ năng đọc", text, StringComparison.Ordinal);
    }

    private string BuildIndex()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var manifest = Path.Combine(TestPaths.Samples, "screen", "manifest.csv");
        new SimEngine().Ingest(new IngestRequest(index, InputPlanner.ForIngest([], manifest).Reports));
        return index;
    }

    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    [SkippableFact]
    public async Task Cli_CheckWritesThePdf()
    {
        Skip.If(PdfReport.Printer() is null, NoPrinter);
        using var host = new WebTestHost();
        string pdf = Path.Combine(host.Root, "bao-cao.pdf");
        var (code, _, err) = await CliRunner.Run("check", Path.Combine(TestPaths.Samples, "screen", "r2-doc-lop2-ban-sao.docx"), "--index", host.Index,
            "--pdf", pdf, "-q");
        Assert.True(code == 0, err);
        Assert.Contains("báo cáo PDF:", err, StringComparison.Ordinal);
        string text = TextOf(File.ReadAllBytes(pdf));
        Assert.Contains("Nâng cao kĩ năng đọc cho học sinh lớp 2", text, StringComparison.Ordinal);
        Assert.Contains("gần như trùng lặp", text, StringComparison.Ordinal);
    }
}
