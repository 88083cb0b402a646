using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;

namespace SimilarityEngine.Cli;

internal static class BenchCommand
{
    public static int Run(Options o, TextWriter stdout, TextWriter stderr, ConsoleProgress? progress)
    {
        var sizes = (o.Sizes ?? "1000,5000,20000").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 20 ? n
                : throw new UserException($"--sizes takes numbers of reports (at least 20), e.g. --sizes 1000,5000; got '{s}'")).ToList();
        var rows = new List<BenchRow>();
        if (o.InProcess || sizes.Count == 1 && o.InProcess)
        {
            rows.AddRange(sizes.Select(n => RunInProcess(o, n, stderr, progress)));
        }
        else
        {
            // one child process per size, so that each size's peak memory is its own
            foreach (int n in sizes)
            {
                rows.Add(RunChild(o, n, stderr));
            }
        }
        Print(rows, stdout);
        if (o.JsonFile is not null)
        {
            File.WriteAllText(o.JsonFile, JsonSerializer.Serialize(rows, CliApp.Json), new UTF8Encoding(false));
            stderr.WriteLine($"JSON: {o.JsonFile}");
        }
        return 0;
    }

    private static BenchRow RunInProcess(Options o, int size, TextWriter stderr, ConsoleProgress? progress)
    {
        string samples = o.SamplesDir ?? "corpus-samples";
        if (!Directory.Exists(samples))
        {
            throw new UserException($"sample folder not found: {samples} (run from the repository root or pass --samples DIR)");
        }
        var reader = new DocumentReader();
        var text = new StringBuilder();
        foreach (var f in Directory.EnumerateFiles(samples, "*.docx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append(reader.Read(f).Text).Append('\n');
        }
        string work = o.Out ?? Path.Combine(Path.GetTempPath(), "simeng-bench");
        Directory.CreateDirectory(work);
        stderr.WriteLine($"bench: {size} reports in {work}");
        var bench = new MacroBenchmark(work, text.ToString(), stderr, progress is null ? null : new ProgressAdapter(progress));
        var row = bench.Run(size, o.Peer);
        if (o.Out is not null)
        {
            return row; // --out DIR: keep the corpus and index for inspection
        }
        try
        {
            Directory.Delete(Path.Combine(work, $"corpus-{size}"), true);
            Directory.Delete(Path.Combine(work, $"index-{size}"), true);
        }
        catch (IOException)
        {
        }
        return row;
    }

    private static BenchRow RunChild(Options o, int size, TextWriter stderr)
    {
        string json = Path.Combine(Path.GetTempPath(), $"simeng-bench-{Environment.ProcessId}-{size}.json");
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }
        foreach (var a in new[] { "bench", "--in-process", "--quiet", "--sizes", size.ToString(CultureInfo.InvariantCulture), "--json", json })
        {
            psi.ArgumentList.Add(a);
        }
        if (o.Peer is not null)
        {
            psi.ArgumentList.Add("--peer");
            psi.ArgumentList.Add(o.Peer);
        }
        if (o.SamplesDir is not null)
        {
            psi.ArgumentList.Add("--samples");
            psi.ArgumentList.Add(o.SamplesDir);
        }
        if (o.Out is not null)
        {
            psi.ArgumentList.Add("--out");
            psi.ArgumentList.Add(o.Out);
        }
        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 || !File.Exists(json))
        {
            throw new UserException($"bench of {size} reports failed (exit {p.ExitCode})");
        }
        var rows = JsonSerializer.Deserialize<List<BenchRow>>(File.ReadAllText(json), CliApp.Json)!;
        File.Delete(json);
        return rows[0];
    }

    private static void Print(List<BenchRow> rows, TextWriter w)
    {
        w.WriteLine("| size | ingest docs/s | ingest MB/s | screen s | check p50 ms | check p95 ms | peak MB | index/text | F1 | P | R | true pairs | peer s | peer F1 | peer/ours time |");
        w.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Size} | {r.IngestDocsPerS:0.0} | {r.IngestMbPerS:0.00} | {r.ScreenS:0.0} | {r.CheckP50Ms:0} | {r.CheckP95Ms:0} | {r.PeakMb:0} | {r.IndexRatio:0.00} | {r.F1:0.000} | {r.Precision:0.000} | {r.Recall:0.000} | {r.TruePairs} | {r.PeerS?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} | {r.PeerF1?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-"} | {r.PeerTimeRatio?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} |"));
            if (r.PeerNote is not null)
            {
                w.WriteLine($"  peer: {r.PeerNote}");
            }
        }
    }
}
