using System.Diagnostics;
using System.Globalization;
using System.Text;
using SimilarityEngine.Cli;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Macro;

namespace SimilarityEngine.Tests;

/// <summary>Nothing lost: one writer across processes, links that cannot escape, a damaged index said in one line and
/// repaired, backups, ordinary mistakes as one-line errors, control characters kept off the terminal.</summary>
[Collection("external tools")]
public sealed class RobustnessTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();
    private string Index => Path.Combine(_dir.FullName, "index");
    private static string Manifest => TestPaths.Sample(Path.Combine("screen", "manifest.csv"));

    public void Dispose() => _dir.Delete(true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.Run(args);

    private static Process Start(params string[] args) => CliRunner.Start(args);

    /// <summary>Two manifests of 17 and 23 synthetic reports.</summary>
    private (string A, string B) TwoBatches()
    {
        var sample = string.Join('\n', Directory.EnumerateFiles(TestPaths.Samples, "*.docx", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new Ingest.DocumentReader().Read(f).Text));
        var (folder, _, _) = new MacroBenchmark(_dir.FullName, sample, TextWriter.Null).Generate(40, seed: 3);
        var lines = File.ReadAllLines(Path.Combine(folder, "manifest.csv"));
        string a = Path.Combine(folder, "a.csv");
        string b = Path.Combine(folder, "b.csv");
        File.WriteAllLines(a, lines.Take(18));
        File.WriteAllLines(b, lines.Take(1).Concat(lines.Skip(18)));
        return (a, b);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task TwoIngestProcessesAtOnce_NeverLoseABatch()
    {
        var (a, b) = TwoBatches();
        for (int round = 0; round < 6; round++)
        {
            bool wait = round % 2 == 1;
            string index = Path.Combine(_dir.FullName, string.Create(CultureInfo.InvariantCulture, $"index{round}"));
            string[] extra = wait ? ["--wait", "--quiet"] : ["--quiet"];
            using var p1 = Start(["ingest", "--manifest", a, "--index", index, .. extra]);
            using var p2 = Start(["ingest", "--manifest", b, "--index", index, .. extra]);
            var e1 = p1.StandardError.ReadToEndAsync();
            var e2 = p2.StandardError.ReadToEndAsync();
            _ = p1.StandardOutput.ReadToEndAsync();
            _ = p2.StandardOutput.ReadToEndAsync();
            await p1.WaitForExitAsync();
            await p2.WaitForExitAsync();
            string err1 = await e1;
            string err2 = await e2;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} (wait {wait}): exits {p1.ExitCode}/{p2.ExitCode}"));
            using var reader = ReportIndexReader.Open(index);
            var ids = reader.All().Select(r => r.Id).ToHashSet();
            foreach (var (p, err, manifest, n) in new[] { (p1, err1, a, 17), (p2, err2, b, 23) })
            {
                if (p.ExitCode == 0)
                {
                    // a writer that says it succeeded has every report of its batch in the index
                    Assert.Equal(n, Engine.Manifest.Read(manifest).Count(m => ids.Contains(m.Id)));
                }
                else
                {
                    Assert.False(wait, err);
                    Assert.Equal(ExitCodes.Usage, p.ExitCode);
                    Assert.Contains("in use", err, StringComparison.Ordinal);
                }
            }
            if (wait)
            {
                Assert.Equal(40, ids.Count);
            }
            Assert.True(ReportIndexReader.CheckIndex(index));
        }
    }

    [Fact]
    public async Task Links_LeavingTheFolderOrTheManifest_Refused_SizeTakenFromTheTarget()
    {
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(input);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(input, "good.docx"));
        File.CreateSymbolicLink(Path.Combine(input, "pw.txt"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(input, "rand.txt"), "/dev/urandom");
        File.WriteAllText(Path.Combine(input, "big.txt"), new string('a', 2 * 1024 * 1024));
        File.CreateSymbolicLink(Path.Combine(input, "biglink.txt"), Path.Combine(input, "big.txt"));
        Directory.CreateSymbolicLink(Path.Combine(input, "loop"), input);
        var (code, _, err) = await Run("ingest", input, "--index", Index, "--max-file-mb", "1", "--quiet");
        Assert.Equal(ExitCodes.SomeFilesFailed, code);
        Assert.Contains("thêm 1,", err, StringComparison.Ordinal);
        Assert.Contains("a link to a folder", err, StringComparison.Ordinal);
        var failures = Csv.Read(File.ReadAllText(Path.Combine(Index, IngestService.ErrorsFile))).Rows.ToDictionary(r => Path.GetFileName(r[0]), r => r[1]);
        Assert.Contains("outside", failures["pw.txt"], StringComparison.Ordinal);
        Assert.Contains("outside", failures["rand.txt"], StringComparison.Ordinal);
        Assert.Contains("over the limit", failures["big.txt"], StringComparison.Ordinal);
        Assert.Contains("over the limit", failures["biglink.txt"], StringComparison.Ordinal);

        // a manifest row naming a link out of the manifest's folder
        File.WriteAllText(Path.Combine(input, "m.csv"), "id,file\npw,pw.txt\ngood,good.docx\n");
        var (mc, _, me) = await Run("ingest", "--manifest", Path.Combine(input, "m.csv"), "--index", Path.Combine(_dir.FullName, "i2"), "--quiet");
        Assert.Equal(ExitCodes.SomeFilesFailed, mc);
        Assert.Contains("outside", me, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", File.ReadAllText(Path.Combine(_dir.FullName, "i2", IngestService.ErrorsFile)), StringComparison.Ordinal);

        // a device given by itself: refused at once, never read
        var ex = Assert.Throws<Ingest.DocumentFormatException>(() => new Ingest.DocumentReader().Read(Path.Combine(input, "rand.txt")));
        Assert.Contains("not a regular file", ex.Reason, StringComparison.Ordinal);
    }

    private async Task<List<string>> TwoSegmentIndex()
    {
        var rows = File.ReadAllLines(Manifest);
        string m1 = Path.Combine(TestPaths.Samples, "screen", "manifest.csv");
        var all = Engine.Manifest.Read(m1);
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(Index, all.Take(3).ToList()));
        engine.Ingest(new IngestRequest(Index, all.Skip(3).ToList()));
        await Task.Yield();
        Assert.Equal(6, rows.Length);
        return all.Skip(3).Select(r => r.Id).ToList();
    }

    private string SegmentFile(string segment) => Path.Combine(Index, segment + ".cfs");

    [Fact]
    public async Task DamagedIndex_OneLine_CheckFindsIt_RepairKeepsTheRestAndListsTheLost()
    {
        var secondBatch = await TwoSegmentIndex();
        // flip bytes in the middle of the second segment's compound file
        string cfs = SegmentFile("_1");
        var bytes = File.ReadAllBytes(cfs);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 16; i++)
        {
            bytes[i] ^= 0x5A;
        }
        File.WriteAllBytes(cfs, bytes);
        var (cc, cout, _) = await Run("index", "check", "--index", Index);
        Assert.Equal(ExitCodes.Usage, cc);
        Assert.Contains("HỎNG", cout, StringComparison.Ordinal);
        Assert.Contains("_1", cout, StringComparison.Ordinal);
        var (rc, rout, rerr) = await Run("index", "repair", "--index", Index);
        Assert.True(rc == 0, rerr);
        Assert.Contains("dropped: segment(s) _1 that cannot be read, 2 report(s) in them", rout, StringComparison.Ordinal);
        using (var reader = ReportIndexReader.Open(Index))
        {
            Assert.Equal(3, reader.Count);
        }
        var (c2, _, _) = await Run("index", "check", "--index", Index);
        Assert.Equal(0, c2);
        // the dropped reports come back by ingesting again
        var (ic, _, ie) = await Run("ingest", "--manifest", Manifest, "--index", Index, "--quiet");
        Assert.True(ic == 0, ie);
        Assert.Contains("thêm 2, đã có 3", ie, StringComparison.Ordinal);
        Assert.Equal(2, secondBatch.Count);
    }

    [Fact]
    public async Task ZeroedChecksumFooter_IsNoticedByCheck()
    {
        await TwoSegmentIndex();
        string cfs = SegmentFile("_0");
        var bytes = File.ReadAllBytes(cfs);
        Array.Clear(bytes, bytes.Length - 8, 8);
        File.WriteAllBytes(cfs, bytes);
        var (code, stdout, _) = await Run("index", "check", "--index", Index);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("_0", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("delete")]
    public async Task DamagedCommitPoint_EveryCommandSaysSoInOneLine_IngestNeverCreatesOverIt(string how)
    {
        await TwoSegmentIndex();
        var before = Directory.GetFiles(Index).ToDictionary(f => Path.GetFileName(f), f => new FileInfo(f).Length);
        string segments = Directory.GetFiles(Index, "segments_*").Single();
        if (how == "truncate")
        {
            File.WriteAllBytes(segments, File.ReadAllBytes(segments)[..10]);
        }
        else
        {
            File.Delete(segments);
        }
        foreach (var args in new[] { new[] { "stats", "--index", Index }, ["screen", "--index", Index, "--quiet"],
                     ["ingest", "--manifest", Manifest, "--index", Index, "--quiet"] })
        {
            var (code, _, err) = await Run(args);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("damaged", err, StringComparison.Ordinal);
            Assert.Contains("simeng index", err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
            Assert.Single(err.Trim().Split('\n'));
        }
        // no new index was created over the old segment files
        foreach (var (name, length) in before.Where(kv => kv.Key.StartsWith('_')))
        {
            Assert.Equal(length, new FileInfo(Path.Combine(Index, name)).Length);
        }
        Assert.DoesNotContain(Directory.GetFiles(Index, "segments_*"), f => !before.ContainsKey(Path.GetFileName(f)));
    }

    [Fact]
    public async Task Backup_WhileAReaderAndAWriterAreOpen_IsConsistent_AndRestores()
    {
        var (ic, _, ie) = await Run("ingest", "--manifest", Manifest, "--index", Index, "--quiet");
        Assert.True(ic == 0, ie);
        string backup = Path.Combine(_dir.FullName, "backup");
        using (var reader = ReportIndexReader.Open(Index))
        using (var writer = ReportIndexWriter.Open(Index))
        {
            var extra = new Similarity.Corpus.StoredReport("extra", 0, "h", "Một báo cáo chưa được lưu.", [], "x.txt", null, 2025,
                new Dictionary<string, string>(), 1, []);
            writer.Add(extra, [1UL, 2UL, 3UL]); // not committed: not in the backup
            var (bc, bout, berr) = await Run("index", "backup", backup, "--index", Index);
            Assert.True(bc == 0, berr);
            Assert.Contains("5 báo cáo", bout, StringComparison.Ordinal);
            Assert.Equal(5, reader.Count);
        }
        // disaster, then restore: copy the backup back in place
        Directory.Delete(Index, true);
        Directory.CreateDirectory(Index);
        foreach (var f in Directory.GetFiles(backup))
        {
            File.Copy(f, Path.Combine(Index, Path.GetFileName(f)));
        }
        var (sc, sout, serr) = await Run("screen", "--index", Index, "--quiet");
        Assert.True(sc == 0, serr);
        Assert.Contains("r2 ← r1", sout, StringComparison.Ordinal);
        var (cc, _, _) = await Run("index", "check", "--index", Index);
        Assert.Equal(0, cc);
    }

    [Fact]
    public async Task OrdinaryMistakes_OneLineExit2_NeverAStackTrace()
    {
        string file = Path.Combine(_dir.FullName, "afile");
        File.WriteAllText(file, "x");
        string folder = Path.Combine(_dir.FullName, "afolder");
        Directory.CreateDirectory(folder);
        string r2 = TestPaths.Sample("screen/r2-doc-lop2-ban-sao.docx");
        await Run("ingest", "--manifest", Manifest, "--index", Index, "--quiet");
        string[][] cases =
        [
            ["ingest", "--manifest", Manifest, "--index", file, "--quiet"],
            ["check", r2, "--index", Index, "--json", folder, "--quiet"],
            ["check", r2, "--index", Index, "--html", Path.Combine(file, "x.html"), "--quiet"],
            ["extract", r2, "--out", file, "--quiet"],
            ["screen", "--index", Index, "--out", folder, "--quiet"],
            ["check", r2, "--index", Index, "--timeout", "4294968"],
            ["ingest", r2, "--index", Index, "--max-file-mb", "99999999999999"],
            ["check", folder, "--index", Index],
            ["check", r2, "--index", Path.Combine(_dir.FullName, "none"), "--quiet"],
        ];
        foreach (var args in cases)
        {
            var (code, _, err) = await Run(args);
            Assert.True(code == ExitCodes.Usage, $"{string.Join(' ', args)} → {code}: {err}");
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
        }
        // and the ones that are not mistakes: missing output folders are made
        string deep = Path.Combine(_dir.FullName, "new", "folder", "pairs.csv");
        var (sc, _, se) = await Run("screen", "--index", Index, "--out", deep, "--quiet");
        Assert.True(sc == 0, se);
        Assert.True(File.Exists(deep));
    }

    [Fact]
    public async Task ControlCharactersInFileNames_EscapedOnTheTerminal()
    {
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(input);
        string evil = Path.Combine(input, "bad\u001b[31m\u0007name.docx");
        File.WriteAllBytes(evil, [0x50, 0x4B, 3, 4, 1, 2, 3]);
        var (code, _, err) = await Run("ingest", input, "--index", Index, "--quiet");
        Assert.Equal(ExitCodes.SomeFilesFailed, code);
        Assert.DoesNotContain('\u001b', err);
        Assert.DoesNotContain('\u0007', err);
        Assert.Contains("\\u001B[31m\\u0007name.docx", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NfcAndNfdFileNames_OneId()
    {
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(input);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(input, "Trường.docx".Normalize(NormalizationForm.FormD)));
        File.Copy(TestPaths.Sample("screen/r3-toan-lop5.docx"), Path.Combine(input, "Trường.pdf".Normalize(NormalizationForm.FormC) + ".docx"));
        var (code, _, err) = await Run("ingest", input, "--index", Index, "--quiet");
        Assert.True(code == 0, err);
        using var reader = ReportIndexReader.Open(Index);
        Assert.Contains("Trường", reader.All().Select(r => r.Id));
        Assert.All(reader.All(), r => Assert.True(r.Id.IsNormalized(NormalizationForm.FormC)));
    }

    private static bool Sh(string command)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    // takes every byte left on the disk (the index's size changes with the format; a fixed filler would not fit)
    private static void Fill(string path)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var block = new byte[1024];
        try
        {
            while (true)
            {
                fs.Write(block);
                fs.Flush();
            }
        }
        catch (IOException)
        {
            // full
        }
    }

    [Trait("Category", "Slow")] // 12 s on a quiet machine
    [SkippableFact]
    public async Task FullDisk_OneLineExit2_CommittedReportsStay()
    {
        string mount = Path.Combine(_dir.FullName, "small-disk");
        Directory.CreateDirectory(mount);
        Skip.IfNot(Sh($"mount -t tmpfs -o size=150k tmpfs '{mount}'"), "mounting a small tmpfs needs root (CI runs as root)");
        try
        {
            string index = Path.Combine(mount, "idx");
            var (c1, _, e1) = await Run("ingest", TestPaths.Sample("screen/r1-doc-lop2.docx"), TestPaths.Sample("screen/r3-toan-lop5.docx"), "--index", index, "--quiet");
            Assert.True(c1 == 0, e1);
            Fill(Path.Combine(mount, "filler"));
            var (c2, _, e2) = await Run("ingest", Path.Combine(TestPaths.Samples, "screen"), "--index", index, "--quiet");
            Assert.Equal(ExitCodes.Usage, c2);
            Assert.Contains("the disk is full", e2, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", e2, StringComparison.Ordinal);
            File.Delete(Path.Combine(mount, "filler"));
            using var reader = ReportIndexReader.Open(index);
            Assert.Equal(2, reader.Count);
        }
        finally
        {
            // a file handle the failed in-process run left to the finaliser keeps the mount busy for a moment
            for (int i = 0; i < 10 && !Sh($"umount '{mount}'"); i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Task.Delay(200);
            }
            Sh($"mountpoint -q '{mount}' && umount -l '{mount}'");
        }
    }
}
