using System.Diagnostics;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Macro;
using Xunit.Abstractions;

namespace SimilarityEngine.Tests;

/// <summary>Crash safety: `simeng ingest` of 300 reports is killed with SIGKILL at 20 random points; after every kill the
/// index opens, CheckIndex is clean and no report is stored twice; a final run completes the rest.</summary>
[Collection("external tools")]
[Trait("Category", "Slow")]
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static string SimengDll => Path.Combine(AppContext.BaseDirectory, "simeng.dll");

    private Process Start(string manifest, string index, int commitEvery)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { SimengDll, "ingest", "--manifest", manifest, "--index", index, "--quiet",
            "--commit-every", commitEvery.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }
        var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEndAsync();
        return p;
    }

    [Fact]
    public void Ingest_KilledAtTwentyRandomPoints_IndexConsistentAndRerunCompletes()
    {
        var sample = string.Join('\n', Directory.EnumerateFiles(TestPaths.Samples, "*.docx", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new Ingest.DocumentReader().Read(f).Text));
        var bench = new MacroBenchmark(_dir.FullName, sample, TextWriter.Null);
        var (folder, _, _) = bench.Generate(300, seed: 5);
        string manifest = Path.Combine(folder, "manifest.csv");
        string index = Path.Combine(_dir.FullName, "index");
        int seed = int.TryParse(Environment.GetEnvironmentVariable("SIMENG_KILL_SEED"), out int s) ? s : 20261126;
        var rng = new Random(seed);
        var counts = new List<int>();
        int kills = 0;
        for (int attempt = 0; kills < 20 && attempt < 80; attempt++)
        {
            using var p = Start(manifest, index, commitEvery: 7);
            int delay = rng.Next(150, 2500);
            bool exited = p.WaitForExit(delay);
            if (exited)
            {
                // the run finished before its kill point: start again from an empty index, so that kills land mid-run
                Assert.Equal(0, p.ExitCode);
                Directory.Delete(index, true);
                counts.Add(-1);
                continue;
            }
            p.Kill(entireProcessTree: true); // SIGKILL
            p.WaitForExit();
            kills++;
            if (!ReportIndexReader.Exists(index))
            {
                // killed before the first commit: what it flushed is kept by a repair, never overwritten by the next ingest
                if (IndexMaintenance.HasFilesButNoCommit(index))
                {
                    IndexMaintenance.Repair(index);
                    Assert.True(ReportIndexReader.CheckIndex(index), "the repaired first commit does not check clean");
                }
                counts.Add(ReportIndexReader.Exists(index) ? -2 : 0);
                continue;
            }
            var log = new StringWriter();
            Assert.True(ReportIndexReader.CheckIndex(index, log), $"CheckIndex failed after kill {kills} at {delay} ms; files: " +
                string.Join(' ', Directory.GetFiles(index).Select(Path.GetFileName)) + "\n" + log);
            var check = IndexMaintenance.Check(index);
            Assert.True(check.Clean, $"index check after kill {kills} at {delay} ms: {check.Problem}");
            using var reader = ReportIndexReader.Open(index);
            var ids = reader.All().Select(r => r.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.True(counts.Count == 0 || counts[^1] < 0 || ids.Count >= counts[^1], "a committed report was lost");
            counts.Add(ids.Count);
        }
        Assert.Equal(20, kills);
        output.WriteLine("reports in the index after each kill (-1: the run finished first, index reset): " + string.Join(", ", counts));
        using (var p = Start(manifest, index, commitEvery: 7))
        {
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), "the final run did not finish");
            Assert.Equal(0, p.ExitCode);
        }
        Assert.True(ReportIndexReader.CheckIndex(index));
        Assert.True(IndexMaintenance.Check(index).Clean);
        using var final = ReportIndexReader.Open(index);
        // every commit's postings file was written, whatever the kills left behind (the next writer writes what is missing)
        Assert.Equal(0, final.PostingsComputed);
        Assert.Empty(Directory.GetFiles(Path.Combine(index, "postings"), "*.tmp-*"));
        var all = final.All().Select(r => r.Id).ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Distinct().Count());
    }
}
