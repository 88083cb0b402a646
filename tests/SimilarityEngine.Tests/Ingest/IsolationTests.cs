using System.Diagnostics;
using System.Globalization;
using SimilarityEngine.Cli;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Ingest.Isolation;

namespace SimilarityEngine.Tests;

/// <summary>Files that take a reader down (stack overflow, runaway memory) cost only themselves: extraction runs in
/// isolated worker processes with a memory cap; the crash is a failure row and the file is quarantined.</summary>
[Collection("external tools")]
public sealed class IsolationTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void PlainTxt_ReadInThisProcess_ADocxRenamedTxt_StillReadByAWorker()
    {
        int started = 0;
        using var isolation = new IsolatedExtraction(() =>
        {
            Interlocked.Increment(ref started);
            var psi = new ProcessStartInfo("dotnet");
            psi.ArgumentList.Add(SimengDll);
            psi.ArgumentList.Add("extract-worker");
            return psi;
        });
        var reader = new Ingest.DocumentReader(isolation: isolation);
        string txt = Path.Combine(_dir.FullName, "bài viết.txt");
        File.WriteAllText(txt, "Sáng kiến kinh nghiệm: rèn kĩ năng đọc cho học sinh lớp 2");
        Assert.Contains("rèn kĩ năng đọc", reader.Read(txt).Text, StringComparison.Ordinal);
        Assert.Equal(0, started);
        // a .docx named .txt is a zip: its parser runs in a worker, as for any .docx
        string renamed = Path.Combine(_dir.FullName, "đổi tên.txt");
        File.Copy(TestPaths.Sample("vi-prose.docx"), renamed);
        Assert.NotEmpty(reader.Read(renamed).Text);
        Assert.Equal(1, started);
    }

    private static string SimengDll => Path.Combine(AppContext.BaseDirectory, "simeng.dll");

    /// <summary>Runs simeng as a child process; samples the resident memory of it and its children every 20 ms.</summary>
    private static (int Code, string Err, double PeakTreeMb) RunProcess(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(SimengDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        double peak = 0;
        while (!p.WaitForExit(20))
        {
            peak = Math.Max(peak, TreeRssMb(p.Id));
        }
        return (p.ExitCode, err.Result, peak);
    }

    // VmRSS of a process and all its descendants, from /proc
    private static double TreeRssMb(int root)
    {
        var parents = new Dictionary<int, int>();
        var rss = new Dictionary<int, long>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out int pid))
            {
                continue;
            }
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(d, "status")))
                {
                    if (line.StartsWith("PPid:", StringComparison.Ordinal))
                    {
                        parents[pid] = int.Parse(line[5..].Trim(), CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        rss[pid] = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
            }
        }
        long total = 0;
        foreach (var (pid, kb) in rss)
        {
            for (int p = pid, hops = 0; hops < 64; hops++)
            {
                if (p == root)
                {
                    total += kb;
                    break;
                }
                if (!parents.TryGetValue(p, out p) || p <= 1)
                {
                    break;
                }
            }
        }
        return total / 1024.0;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Batch_WithStackDeepDocxDeepPdfAndHugeStringPdf_GoodOnesIngested_OthersListed_UnderOneAndAHalfGB()
    {
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(input);
        string deepDocx = HostileFiles.DeepSdtDocx(input);
        string deepPdf = HostileFiles.DeepPageTreePdf(input);
        string huge = HostileFiles.HugeStringPdf(input);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(input, "good1.docx"));
        File.Copy(TestPaths.Sample("screen/r3-toan-lop5.docx"), Path.Combine(input, "good2.docx"));
        string index = Path.Combine(_dir.FullName, "index");
        var (code, err, peak) = RunProcess("ingest", input, "--index", index, "--quiet", "--timeout", "60");
        output.WriteLine(err);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak resident memory of simeng and its workers: {peak:0} MB"));
        Assert.Equal(ExitCodes.SomeFilesFailed, code);
        Assert.Contains("thêm 2,", err, StringComparison.Ordinal);
        var failures = Csv.Read(File.ReadAllText(Path.Combine(index, IngestService.ErrorsFile))).Rows.ToDictionary(r => Path.GetFileName(r[0]), r => r[1]);
        Assert.Equal(["deep-pages.pdf", "deep-sdt.docx", "huge-string.pdf"], failures.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(peak, 1, 1536);
        using (var reader = ReportIndexReader.Open(index))
        {
            Assert.Equal(2, reader.Count);
        }
        Assert.True(ReportIndexReader.CheckIndex(index));
    }

    /// <summary>Isolated readers running simeng's own extract-worker.</summary>
    internal static IsolatedExtraction Workers(int memoryMb = 512) => new(() =>
    {
        var psi = new ProcessStartInfo("dotnet");
        psi.ArgumentList.Add(SimengDll);
        psi.ArgumentList.Add("extract-worker");
        return psi;
    }, memoryMb);

    private sealed class Recorder : Engine.IProgressSink
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Stage, int Done, int Total)> Seen { get; } = new();

        public void Report(string stage, int done, int total) => Seen.Enqueue((stage, done, total));

        public void Done()
        {
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Check_APdf_ReportsItsPagesAsTheyAreRead_InProcessAndFromAWorker(bool isolated)
    {
        string index = Path.Combine(_dir.FullName, "idx-" + isolated);
        var (reports, _) = Engine.InputPlanner.ForIngest([], Path.Combine(TestPaths.Samples, "screen", "manifest.csv"));
        new Engine.SimEngine().Ingest(new Engine.IngestRequest(index, reports));
        using var workers = isolated ? Workers() : null;
        var engine = new Engine.SimEngine(isolation: workers);
        var sink = new Recorder();
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        for (int n = 1; n <= 4; n++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            for (int line = 0; line < 20; line++)
            {
                page.AddText($"Page {n}, line {line}: students read the lesson aloud in small groups.", 11,
                    new UglyToad.PdfPig.Core.PdfPoint(40, 780 - line * 18), font);
            }
        }
        string pdf = Path.Combine(_dir.FullName, $"four-pages-{isolated}.pdf");
        File.WriteAllBytes(pdf, builder.Build());
        engine.Check(new Engine.CheckRequest(index, pdf), sink);
        var pages = sink.Seen.Where(s => s.Stage == "check: reading pages").ToList();
        Assert.Equal([(1, 4), (2, 4), (3, 4), (4, 4)], pages.Select(p => (p.Done, p.Total)).ToList());
    }

    [Fact]
    public void PreChecks_DeepDocxAndDeepPdf_RefusedBeforeTheRecursiveReaders()
    {
        var reader = new Ingest.DocumentReader();
        var docx = Assert.Throws<Ingest.DocumentFormatException>(() => reader.Read(HostileFiles.DeepSdtDocx(_dir.FullName)));
        Assert.Contains("more than 1000 deep", docx.Reason, StringComparison.Ordinal);
        var pdf = Assert.Throws<Ingest.DocumentFormatException>(() => reader.Read(HostileFiles.DeepPageTreePdf(_dir.FullName)));
        Assert.Contains("40,000 intermediate nodes", pdf.Reason, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void StackOverflowInAWorker_IsAFailureRow_QuarantinedAndNotRetriedUnlessAsked()
    {
        // pre-checks off: the worker's recursive reader really overflows its stack
        var limits = Ingest.IngestLimits.Default with { MaxXmlDepth = int.MaxValue };
        string deep = HostileFiles.DeepSdtDocx(_dir.FullName);
        string index = Path.Combine(_dir.FullName, "index");
        var inputs = new[]
        {
            new ReportInput("deep", deep, null, null, new Dictionary<string, string>()),
            new ReportInput("good", TestPaths.Sample("screen/r1-doc-lop2.docx"), null, null, new Dictionary<string, string>()),
        };
        using (var workers = Workers())
        {
            var first = new SimEngine(limits: limits, isolation: workers).Ingest(new IngestRequest(index, inputs));
            Assert.Equal(1, first.Added);
            Assert.Contains("overflowed its stack", first.Failures.Single().Reason, StringComparison.Ordinal);
        }
        var q = Csv.Read(File.ReadAllText(Path.Combine(index, Quarantine.FileName))).Rows.Single();
        Assert.Equal(deep, q[2]);
        using (var workers = Workers())
        {
            var second = new SimEngine(limits: limits, isolation: workers).Ingest(new IngestRequest(index, inputs));
            Assert.StartsWith("quarantined", second.Failures.Single().Reason, StringComparison.Ordinal);
            Assert.Equal(1, second.Unchanged);
            var retried = new SimEngine(limits: limits, isolation: workers).Ingest(new IngestRequest(index, inputs) { RetryQuarantined = true });
            Assert.Contains("overflowed its stack", retried.Failures.Single().Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void RunawayPdf_InAWorkerWithAMemoryCap_RefusedInBoundedMemory()
    {
        string huge = HostileFiles.HugeStringPdf(_dir.FullName);
        using var workers = Workers(memoryMb: 512);
        var reader = new Ingest.DocumentReader(isolation: workers);
        var ex = Assert.Throws<Ingest.DocumentFormatException>(() => reader.Read(huge));
        Assert.Contains("memory", ex.Reason, StringComparison.Ordinal);
        Assert.True(ex.Crashed);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worker peak {workers.PeakWorkerMb:0} MB with a 512 MiB cap: {ex.Reason}"));
        // the pool goes on with a fresh worker
        Assert.Contains("Trần Thị Mai", reader.Read(TestPaths.Sample("screen/r1-doc-lop2.docx")).Text, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void VietnameseFileNames_ThroughWorkers_UnderACLocale()
    {
        string input = Path.Combine(_dir.FullName, "Trường Hoa Sen");
        Directory.CreateDirectory(input);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(input, "Sáng kiến Đọc hiểu.docx"));
        string index = Path.Combine(_dir.FullName, "index");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { SimengDll, "ingest", input, "--index", index, "--quiet" })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["LANG"] = "C";
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        using var reader = ReportIndexReader.Open(index);
        Assert.Equal("Sáng kiến Đọc hiểu", reader.All().Single().Id);
        Assert.Contains("Trần Thị Mai", reader.All().Single().Text, StringComparison.Ordinal);
    }
}
