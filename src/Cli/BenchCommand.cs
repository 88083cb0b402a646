using System.Diagnostics;
using System.Globalization;
using System.Text;
using SimilarityEngine.Engine;
using SimilarityEngine.Macro;
using SimilarityEngine.Ingest;

namespace SimilarityEngine.Cli;

internal static class BenchCommand
{
    private sealed record Options(string? Peer, string? JsonFile, string SamplesDir, string? Out, bool Yearly);

    public static int Run(CliContext ctx, string sizeList, string? peer, string? json, string samples, string? outDir, bool inProcess, bool quiet, bool yearly = false)
    {
        Output.EnsureWritable(json, "--json");
        var o = new Options(peer, json, samples, outDir, yearly);
        var stdout = ctx.Stdout;
        var stderr = ctx.Stderr;
        var progress = ctx.Progress(quiet);
        var sizes = sizeList.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var rows = new List<BenchRow>();
        if (inProcess)
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
        MacroBenchmark.Print(rows, stdout);
        if (o.JsonFile is not null)
        {
            Output.WriteAtomically(o.JsonFile, JsonContracts.Serialize(rows));
            stderr.WriteLine($"JSON: {o.JsonFile}");
        }
        return ExitCodes.Ok;
    }

    private static BenchRow RunInProcess(Options o, int size, TextWriter stderr, IProgressSink? progress)
    {
        string samples = o.SamplesDir;
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
        var bench = new MacroBenchmark(work, text.ToString(), stderr, progress);
        var row = o.Yearly ? bench.RunYearly(size, o.Peer) : bench.Run(size, o.Peer);
        if (o.Out is not null)
        {
            return row; // --out DIR: keep the corpus and index for inspection
        }
        try
        {
            if (o.Yearly)
            {
                Directory.Delete(Path.Combine(work, $"corpus-yearly-{size + Math.Max(1, size / 10)}"), true);
                Directory.Delete(Path.Combine(work, $"index-yearly-{size}"), true);
            }
            else
            {
                Directory.Delete(Path.Combine(work, $"corpus-{size}"), true);
                Directory.Delete(Path.Combine(work, $"index-{size}"), true);
            }
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
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "simeng.dll"));
        }
        foreach (var a in new[] { "bench", "--in-process", "--quiet", "--sizes", size.ToString(CultureInfo.InvariantCulture), "--json", json })
        {
            psi.ArgumentList.Add(a);
        }
        if (o.Yearly)
        {
            psi.ArgumentList.Add("--yearly");
        }
        if (o.Peer is not null)
        {
            psi.ArgumentList.Add("--peer");
            psi.ArgumentList.Add(o.Peer);
        }
        psi.ArgumentList.Add("--samples");
        psi.ArgumentList.Add(o.SamplesDir);
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
        var rows = JsonContracts.Deserialize<List<BenchRow>>(File.ReadAllText(json));
        File.Delete(json);
        return rows[0];
    }
}
