using System.Globalization;
using System.Diagnostics;
using System.Text;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Extractors;
using Xunit.Abstractions;

namespace SimilarityEngine.Tests;

/// <summary>The bad-file suite of the reliability issue: every case gives the documented error or warning within
/// 30 s and 1 GB, and a batch with all of them goes on. Prints the table: case, outcome, time, memory.</summary>
[Collection("external tools")]
public sealed class ReliabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    internal static byte[] Pdf(string[] objects, string trailerExtra = "")
    {
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(sb.ToString()));
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        int xref = Encoding.Latin1.GetByteCount(sb.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R {trailerExtra}>>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private const string Catalog = "<< /Type /Catalog /Pages 2 0 R >>";

    private string Write(string name, byte[] bytes)
    {
        string p = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    private sealed record Case(string Name, string Path, string Expect, Func<string, DocumentReader>? Reader = null);

    private List<Case> Cases()
    {
        var cases = new List<Case>();
        var docx = File.ReadAllBytes(TestPaths.Sample("vi-features.docx"));
        var pdf = File.ReadAllBytes(TestPaths.Sample("vi-features.pdf"));
        cases.Add(new("truncated .docx", Write("truncated.docx", docx[..(docx.Length / 2)]), "error: corrupt"));
        cases.Add(new(".docx zip bomb (500 MB in ~0.5 MB)", Write("bomb.docx", HostileFiles.ZipBombDocx()), "error: zip bomb"));
        var encrypted = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(encrypted, 0);
        Encoding.Unicode.GetBytes("EncryptedPackage").CopyTo(encrypted, 1024);
        cases.Add(new("password-protected .docx", Write("secret.docx", encrypted), "error: password"));
        cases.Add(new("encrypted PDF", Write("encrypted.pdf", Pdf([Catalog, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
            "<< /Filter /Standard /V 1 /R 2 /O <" + new string('1', 64) + "> /U <" + new string('2', 64) + "> /P -44 >>"],
            "/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>] ")), "error: encrypted"));
        cases.Add(new("PDF with a cyclic page tree", Write("cyclic.pdf", Pdf([Catalog, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"])), "warning: no text"));
        cases.Add(new("PDF nested 200,000 deep", Write("deep.pdf", Pdf([Catalog, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /X " + new string('[', 200_000) + new string(']', 200_000) + " >>"])), "warning: no text"));
        cases.Add(new("truncated PDF", Write("truncated.pdf", pdf[..(pdf.Length / 3)]), "error or warning"));
        cases.Add(new("0-byte file", Write("empty.pdf", []), "error: empty"));
        string asPdf = Path.Combine(_dir.FullName, "docx-named.pdf");
        File.Copy(TestPaths.Sample("vi-features.docx"), asPdf);
        cases.Add(new(".pdf that is a .docx", asPdf, "warning: is a .docx"));
        string asDocx = Path.Combine(_dir.FullName, "pdf-named.docx");
        File.Copy(TestPaths.Sample("vi-features.pdf"), asDocx);
        cases.Add(new(".docx that is a PDF", asDocx, "warning: is a PDF"));
        string big = Path.Combine(_dir.FullName, "big.pdf");
        using (var fs = File.Create(big))
        {
            fs.SetLength(200L * 1024 * 1024); // sparse: no 200 MB written to disk
        }
        cases.Add(new("200 MB file", big, "error: over the limit"));
        cases.Add(new("image-only PDF, OCR tools absent", TestPaths.Sample("vi-scanned.pdf"), "warning: tesseract",
            _ => new DocumentReader(toolFinder: _ => null)));
        string english = Path.Combine(_dir.FullName, "english.txt");
        File.WriteAllText(english, string.Join(' ', Enumerable.Repeat("The committee reviewed the annual report and approved the budget for the next school year.", 20)));
        cases.Add(new("non-Vietnamese document", english, "warning: quality"));
        cases.Add(new("document with no text", Write("notext.pdf", Pdf([Catalog, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])), "warning: no text"));
        return cases;
    }

    [Fact]
    public void BadFiles_DocumentedOutcome_InBoundedTimeAndMemory()
    {
        var table = new StringBuilder("| case | outcome | time ms | allocated MB | process peak MB |\n|---|---|---:|---:|---:|\n");
        foreach (var c in Cases())
        {
            var reader = c.Reader?.Invoke(c.Path) ?? new DocumentReader();
            long alloc0 = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            string outcome;
            try
            {
                var d = reader.Read(c.Path);
                outcome = "read; warnings: " + string.Join(" | ", d.Source.Warnings);
            }
            catch (DocumentFormatException ex)
            {
                Assert.Equal(c.Path, ex.SourcePath);
                outcome = "error: " + ex.Reason;
            }
            sw.Stop();
            double allocMb = (GC.GetTotalAllocatedBytes(precise: true) - alloc0) / 1048576.0;
            double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            table.Append(CultureInfo.InvariantCulture, $"| {c.Name} | {outcome.Replace("|", "/", StringComparison.Ordinal)} | {sw.ElapsedMilliseconds} | {allocMb:0} | {peak:0} |\n");
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"{c.Name}: {sw.Elapsed}");
            Assert.True(allocMb < 1024, $"{c.Name}: allocated {allocMb:0} MB");
            string[] expect = c.Expect.Split(": ", 2);
            switch (expect[0])
            {
                case "error":
                    Assert.StartsWith("error: ", outcome, StringComparison.Ordinal);
                    Assert.Contains(expect[1], outcome, StringComparison.OrdinalIgnoreCase);
                    break;
                case "warning":
                    Assert.StartsWith("read; ", outcome, StringComparison.Ordinal);
                    Assert.Contains(expect[1], outcome, StringComparison.OrdinalIgnoreCase);
                    break;
            }
        }
        output.WriteLine(table.ToString());
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "simeng-bad-files.md"), table.ToString());
    }

    [Fact]
    public void BadFiles_InOneBatch_TheGoodOneIsIngestedAndAllOthersListed()
    {
        var cases = Cases().Where(c => c.Reader is null).ToList();
        var inputs = cases.Select((c, i) => new ReportInput($"bad{i}", c.Path, null, 2024, new Dictionary<string, string>())).ToList();
        inputs.Add(new ReportInput("good", TestPaths.Sample("screen/r1-doc-lop2.docx"), null, 2024, new Dictionary<string, string>()));
        string index = Path.Combine(_dir.FullName, "index");
        var summary = new SimEngine().Ingest(new IngestRequest(index, inputs));
        using var reader = ReportIndexReader.Open(index);
        Assert.NotNull(reader.Find("good"));
        Assert.Equal(summary.Added, reader.Count);
        Assert.True(summary.Failed >= 6, $"failed {summary.Failed}");
        var errors = File.ReadAllText(Path.Combine(index, IngestService.ErrorsFile));
        foreach (var f in summary.Failures)
        {
            Assert.Contains(Path.GetFileName(f.File), errors, StringComparison.Ordinal);
        }
        Assert.True(ReportIndexReader.CheckIndex(index));
    }

    [Trait("Category", "Slow")]
    [SkippableFact]
    public void CorruptDoc_FailsCleanly_AndLeavesNoTemporaryFiles()
    {
        TestPaths.RequireSoffice();
        var before = Directory.GetDirectories(Path.GetTempPath(), "simeng-doc-*").ToHashSet();
        var bytes = new byte[8192];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        string path = Write("broken.doc", bytes);
        var ex = Assert.Throws<DocumentFormatException>(() => new DocumentReader().Read(path));
        Assert.Contains("LibreOffice", ex.Reason, StringComparison.Ordinal);
        // other tests convert .doc files in parallel, and their folders come and go; a folder this conversion left behind
        // stays, so the test waits for the transient ones to go before it judges
        var left = new List<string>();
        for (int waited = 0; waited <= 120; waited++)
        {
            left = Directory.GetDirectories(Path.GetTempPath(), "simeng-doc-*").Where(d => !before.Contains(d)).ToList();
            if (left.Count == 0)
            {
                break;
            }
            Thread.Sleep(500);
        }
        Assert.Empty(left);
    }

    [Fact]
    public void DocWithoutLibreOffice_ClearErrorSayingWhatToInstall()
    {
        // a machine without soffice: the reader is given a tool finder that finds nothing
        var reader = new DocumentReader(toolFinder: _ => null);
        var ex = Assert.Throws<DocumentFormatException>(() => reader.Read(TestPaths.Sample("vi-features.doc")));
        Assert.Contains("libreoffice-writer-nogui", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(TestPaths.Sample("vi-features.doc"), ex.SourcePath);
    }

    [Fact]
    public void DocWithoutLibreOffice_InABatch_OthersGoOn()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var inputs = new[]
        {
            new ReportInput("doc", TestPaths.Sample("vi-features.doc"), null, null, new Dictionary<string, string>()),
            new ReportInput("docx", TestPaths.Sample("vi-features.docx"), null, null, new Dictionary<string, string>()),
        };
        var summary = new SimEngine(toolFinder: _ => null).Ingest(new IngestRequest(index, inputs));
        Assert.Equal(1, summary.Added);
        Assert.Contains("libreoffice-writer-nogui", summary.Failures.Single().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadersWorkWhileAWriterHoldsUncommittedReports()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var inputs = Manifest.Read(TestPaths.Sample("screen/manifest.csv"));
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(index, inputs.Take(2).ToList()));
        using (var writer = ReportIndexWriter.Open(index))
        {
            var doc = new DocumentReader().Read(inputs[2].File);
            writer.Add(inputs[2].ToReport(doc), []);
            // not committed: check and screen see the last commit only
            var screen = engine.Screen(new ScreenRequest(index));
            Assert.Equal(2, screen.Screened);
            var check = engine.Check(new CheckRequest(index, inputs[1].File));
            Assert.Equal("r1", check.Sources.Single().Source.Id);
            var o = new StringWriter();
            var e = new StringWriter();
            int code = await Cli.CliApp.RunAsync(["ingest", "--manifest", TestPaths.Sample("screen/manifest.csv"), "--index", index, "--quiet"], o, e);
            Assert.Equal(2, code);
            Assert.Contains("in use", e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", e.ToString(), StringComparison.Ordinal); // no stack trace
        }
    }
}
