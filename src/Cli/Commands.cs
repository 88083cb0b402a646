using System.Text;
using System.Text.Json;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Ingest;

namespace SimilarityEngine.Cli;

internal sealed class ProgressAdapter(ConsoleProgress? inner) : IProgressSink
{
    public void Report(string stage, int done, int total) => inner?.Report(stage, done, total);

    public void Done() => inner?.Done();
}

internal static class Commands
{
    private static readonly UTF8Encoding s_utf8 = new(false);

    private static EngineOptions Options(Options o)
    {
        try
        {
            var opts = EngineOptions.Default.WithOfficialFolder(o.Official);
            var v = opts.Verdicts;
            v = v with { Recycled = o.Recycled ?? v.Recycled, NearDuplicate = o.NearDuplicate ?? v.NearDuplicate };
            return opts with { Verdicts = v };
        }
        catch (ManifestException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    public static int Ingest(Options o, TextWriter stdout, TextWriter stderr, ConsoleProgress? progress, CancellationToken ct)
    {
        var inputs = Inputs(o, stderr, required: true);
        var summary = RunIngest(o, inputs, stderr, progress, ct);
        return summary.Failed == 0 ? 0 : 1;
    }

    private static List<ReportInput> Inputs(Options o, TextWriter stderr, bool required)
    {
        var inputs = new List<ReportInput>();
        try
        {
            if (o.Manifest is not null)
            {
                var manifest = Manifest.Read(o.Manifest);
                if (o.Inputs.Count == 0)
                {
                    inputs.AddRange(manifest);
                }
                else
                {
                    // only the manifest rows whose files are among the inputs
                    var files = InputFiles.Expand(o.Inputs, stderr).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
                    inputs.AddRange(manifest.Where(m => files.Contains(m.File)));
                    var listed = manifest.Select(m => m.File).ToHashSet(StringComparer.Ordinal);
                    inputs.AddRange(Manifest.FromFiles(files.Where(f => !listed.Contains(f)).Order(StringComparer.Ordinal)));
                }
            }
            else if (o.Inputs.Count > 0)
            {
                inputs.AddRange(Manifest.FromFiles(InputFiles.Expand(o.Inputs, stderr)));
            }
        }
        catch (ManifestException ex)
        {
            throw new UserException(ex.Message);
        }
        if (required && inputs.Count == 0)
        {
            throw new UserException("ingest needs files, folders or --manifest FILE.csv");
        }
        var dup = inputs.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new UserException($"two input files have the id '{dup.Key}' ({string.Join(", ", dup.Select(d => d.File))}); use a manifest to give them distinct ids");
        }
        return inputs;
    }

    private static IngestSummary RunIngest(Options o, List<ReportInput> inputs, TextWriter stderr, ConsoleProgress? progress, CancellationToken ct)
    {
        IngestSummary summary;
        try
        {
            // SIMENG_COMMIT_EVERY: reports per commit (the crash test commits often to be killed between commits)
            int? commitEvery = int.TryParse(Environment.GetEnvironmentVariable("SIMENG_COMMIT_EVERY"), out int ce) ? ce : null;
            summary = new IngestService(Options(o), new DocumentReader(o.Limits), commitEvery).Run(o.IndexPath, inputs, new ProgressAdapter(progress),
                o.Wait ? TimeSpan.FromHours(1) : TimeSpan.Zero, ct);
        }
        catch (IndexInUseException ex)
        {
            throw new UserException(ex.Message);
        }
        foreach (var note in summary.Notes)
        {
            stderr.WriteLine($"note: {note}");
        }
        foreach (var (file, reason) in summary.Failures)
        {
            stderr.WriteLine($"FAILED {file}: {reason}");
        }
        stderr.WriteLine($"ingest: {summary.Added} added, {summary.Unchanged} already in the index, {summary.Failed} failed; " +
                         $"{summary.ReportsInIndex} reports in {o.IndexPath}" +
                         (summary.Failed > 0 ? $" (failures listed in {Path.Combine(o.IndexPath, IngestService.ErrorsFile)})" : ""));
        return summary;
    }

    public static int Check(Options o, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (o.Inputs.Count != 1)
        {
            throw new UserException("check needs exactly one file");
        }
        var meta = new Dictionary<string, string>();
        if (o.Author is not null)
        {
            meta["author"] = o.Author;
        }
        if (o.School is not null)
        {
            meta["school"] = o.School;
        }
        CheckResult result;
        try
        {
            result = new SimilarityService(Options(o), new DocumentReader(o.Limits)).Check(o.IndexPath, o.Inputs[0], meta, ct);
        }
        catch (FileNotFoundException ex)
        {
            throw new UserException(ex.Message);
        }
        catch (DocumentFormatException ex)
        {
            stderr.WriteLine($"FAILED {ex.SourcePath}: {ex.Reason}");
            return 1;
        }
        stdout.WriteLine(TextReport.Check(result));
        if (o.JsonFile is not null)
        {
            File.WriteAllText(o.JsonFile, JsonSerializer.Serialize(ReportModels.Check(result), CliApp.Json), s_utf8);
            stderr.WriteLine($"JSON report: {o.JsonFile}");
        }
        if (o.Html is not null)
        {
            File.WriteAllText(o.Html, HtmlReport.Check(result), s_utf8);
            stderr.WriteLine($"HTML report: {o.Html}");
        }
        return 0;
    }

    public static int Screen(Options o, TextWriter stdout, TextWriter stderr, ConsoleProgress? progress, CancellationToken ct)
    {
        int code = 0;
        if (o.Inputs.Count > 0 || o.Manifest is not null)
        {
            var summary = RunIngest(o, Inputs(o, stderr, required: false), stderr, progress, ct);
            code = summary.Failed == 0 ? 0 : 1;
        }
        ScreenResult result;
        try
        {
            result = new SimilarityService(Options(o)).Screen(o.IndexPath, o.Year, new ProgressAdapter(progress), ct);
        }
        catch (FileNotFoundException ex)
        {
            throw new UserException(ex.Message);
        }
        stdout.WriteLine(TextReport.Screen(result));
        if (o.Out is not null)
        {
            File.WriteAllText(o.Out, ReportModels.PairsCsv(result.Flagged), s_utf8);
            stderr.WriteLine($"pairs: {o.Out}");
        }
        if (o.JsonFile is not null)
        {
            File.WriteAllText(o.JsonFile, JsonSerializer.Serialize(ReportModels.Screen(result), CliApp.Json), s_utf8);
            stderr.WriteLine($"JSON report: {o.JsonFile}");
        }
        return code;
    }

    public static int Stats(Options o, TextWriter stdout)
    {
        try
        {
            using var index = ReportIndexReader.Open(o.IndexPath);
            var all = index.All();
            var byYear = all.GroupBy(r => r.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
            long size = index.SizeOnDisk();
            long textChars = all.Sum(r => (long)r.Text.Length);
            var stats = new
            {
                Index = o.IndexPath,
                Commit = index.CommitId,
                Reports = index.Count,
                ByYear = byYear,
                Fingerprints = index.FingerprintTerms,
                SizeBytes = size,
                TextBytes = all.Sum(r => (long)Encoding.UTF8.GetByteCount(r.Text)),
            };
            if (o.Json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(stats, CliApp.Json));
            }
            else
            {
                stdout.WriteLine($"index       {stats.Index} (commit {stats.Commit})");
                stdout.WriteLine($"reports     {stats.Reports}");
                foreach (var (y, n) in byYear)
                {
                    stdout.WriteLine($"  year {y,-6} {n}");
                }
                stdout.WriteLine($"fingerprints {stats.Fingerprints:N0} distinct");
                stdout.WriteLine($"size on disk {size / 1024.0 / 1024.0:0.0} MiB, {(double)size / Math.Max(1, stats.TextBytes):0.00}× the canonical text ({stats.TextBytes / 1024.0 / 1024.0:0.0} MiB UTF-8, {textChars:N0} characters)");
            }
            return 0;
        }
        catch (FileNotFoundException ex)
        {
            throw new UserException(ex.Message);
        }
    }
}
