using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;

namespace SimilarityEngine.Cli;

/// <summary>The simeng command line: parsing only; the work is in SimilarityEngine.Engine.</summary>
public static class CliApp
{
    private const string Usage = """
        simeng — tìm sáng kiến kinh nghiệm sao chép / find copied and recycled SKKN reports

        usage:
          simeng extract <file-or-folder>... [--json] [--out DIR]
          simeng ingest  <file-or-folder>... [--index DIR] [--manifest FILE.csv]
          simeng check   <file> [--index DIR] [--json FILE] [--html FILE] [--author NAME] [--school NAME]
          simeng screen  [<file-or-folder>...] [--index DIR] [--manifest FILE.csv] [--year N] [--out pairs.csv] [--json FILE]
          simeng stats   [--index DIR] [--json]
          simeng bench   [--sizes 1000,5000,20000] [--peer sim_text] [--json FILE] [--samples corpus-samples]

        options:
          --index DIR     index folder (default: $SIMENG_INDEX, else ./simeng-index)
          --official DIR  folder of official texts (laws, circulars) whose passages count as quotation
          --recycled X    containment of either side at or above X: recycled (default 0.15)
          --near-duplicate X  both containments at or above X: near-duplicate (default 0.7)
          --wait          wait for another writer to finish instead of failing
          --max-file-mb N largest file read (default 100)
          --timeout S     longest time per file in seconds (default 120)
          --quiet         no progress output
        """;

    /// <summary>Runs the command line; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        Console.OutputEncoding = Encoding.UTF8;
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? 2 : 0;
        }
        Options o;
        try
        {
            o = Options.Parse(args.Skip(1), jsonIsFile: args[0] is "check" or "screen" or "bench");
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"simeng: {ex.Message}\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var progress = o.Quiet ? null : new ConsoleProgress(stderr);
            return args[0] switch
            {
                "extract" => Extract(o, stdout, stderr, progress, cts.Token),
                "ingest" => Commands.Ingest(o, stdout, stderr, progress, cts.Token),
                "check" => Commands.Check(o, stdout, stderr, cts.Token),
                "screen" => Commands.Screen(o, stdout, stderr, progress, cts.Token),
                "stats" => Commands.Stats(o, stdout),
                "bench" => BenchCommand.Run(o, stdout, stderr, progress),
                _ => Unknown(args[0], stderr),
            };
        }
        catch (UserException ex)
        {
            await stderr.WriteLineAsync($"simeng: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("simeng: cancelled").ConfigureAwait(false);
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int Unknown(string cmd, TextWriter stderr)
    {
        stderr.WriteLine($"simeng: unknown command '{cmd}'\n\n{Usage}");
        return 2;
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static int Extract(Options o, TextWriter stdout, TextWriter stderr, ConsoleProgress? progress, CancellationToken ct)
    {
        if (o.Inputs.Count == 0)
        {
            throw new UserException("extract needs at least one file or folder");
        }
        var files = InputFiles.Expand(o.Inputs, stderr);
        var reader = new DocumentReader(o.Limits);
        if (o.Out is not null)
        {
            Directory.CreateDirectory(o.Out);
        }
        var failures = new List<(string File, string Reason)>();
        int done = 0;
        var outputs = new (string File, NormalizedDocument? Doc, string? Error)[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = o.Out is null ? 1 : Math.Max(1, Environment.ProcessorCount), CancellationToken = ct }, i =>
        {
            try
            {
                outputs[i] = (files[i], reader.Read(files[i], ct), null);
            }
            catch (DocumentFormatException ex)
            {
                outputs[i] = (files[i], null, ex.Reason);
            }
            progress?.Report("extract", Interlocked.Increment(ref done), files.Count);
        });
        progress?.Done();
        foreach (var (file, doc, error) in outputs)
        {
            if (doc is null)
            {
                failures.Add((file, error!));
                continue;
            }
            string json = JsonSerializer.Serialize(ExtractReport.From(doc), Json);
            if (o.Out is null)
            {
                stdout.WriteLine(o.Json ? json : doc.Text);
            }
            else
            {
                string name = Path.GetFileNameWithoutExtension(file);
                File.WriteAllText(Path.Combine(o.Out, name + ".txt"), doc.Text + "\n", new UTF8Encoding(false));
                if (o.Json)
                {
                    File.WriteAllText(Path.Combine(o.Out, name + ".json"), json, new UTF8Encoding(false));
                }
            }
        }
        if (o.Out is not null)
        {
            stderr.WriteLine($"extracted {files.Count - failures.Count} of {files.Count} file(s) into {o.Out}");
        }
        foreach (var (file, reason) in failures)
        {
            stderr.WriteLine($"FAILED {file}: {reason}");
        }
        return failures.Count == 0 ? 0 : 1;
    }
}
