namespace SimilarityEngine.Cli;

/// <summary>A mistake in how the command was called: printed without a stack trace, exit code 2.</summary>
public sealed class UserException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UserException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public UserException() { }

    /// <summary>Creates the exception.</summary>
    public UserException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Parsed command-line options.</summary>
public sealed class Options
{
    public List<string> Inputs { get; } = [];
    public string? Index { get; private set; }
    public string? Manifest { get; private set; }
    public string? Out { get; private set; }
    public string? JsonFile { get; private set; }
    public string? Html { get; private set; }
    public bool Json { get; private set; }
    public bool Quiet { get; private set; }
    public int? Year { get; private set; }
    public string? Author { get; private set; }
    public string? School { get; private set; }
    public string? Official { get; private set; }
    public bool Wait { get; private set; }
    public double? Recycled { get; private set; }
    public string? Sizes { get; private set; }
    public string? Peer { get; private set; }
    public string? SamplesDir { get; private set; }
    public bool InProcess { get; private set; }
    public long? MaxFileMb { get; private set; }
    public int? TimeoutSeconds { get; private set; }

    /// <summary>The ingest limits, with --max-file-mb and --timeout applied.</summary>
    public Ingest.IngestLimits Limits => Ingest.IngestLimits.Default with
    {
        MaxFileBytes = MaxFileMb is long mb ? mb * 1024 * 1024 : Ingest.IngestLimits.DefaultMaxFileBytes,
        TimePerFile = TimeoutSeconds is int t ? TimeSpan.FromSeconds(t) : null,
    };
    public double? NearDuplicate { get; private set; }

    /// <summary>The index folder: --index, else $SIMENG_INDEX, else ./simeng-index.</summary>
    public string IndexPath => Index ?? (Environment.GetEnvironmentVariable("SIMENG_INDEX") is { Length: > 0 } env ? env : "simeng-index");

    private static double Fraction(string name, string v) =>
        double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d) && d is >= 0 and <= 1
            ? d : throw new ArgumentException($"{name} needs a fraction between 0 and 1, e.g. {name} 0.2");

    public static Options Parse(IEnumerable<string> args, bool jsonIsFile = false)
    {
        var o = new Options();
        using var e = args.GetEnumerator();
        string Next(string name) => e.MoveNext() ? e.Current : throw new ArgumentException($"{name} needs a value");
        while (e.MoveNext())
        {
            string a = e.Current;
            switch (a)
            {
                case "--index": o.Index = Next(a); break;
                case "--manifest": o.Manifest = Next(a); break;
                case "--out": o.Out = Next(a); break;
                case "--html": o.Html = Next(a); break;
                case "--author": o.Author = Next(a); break;
                case "--school": o.School = Next(a); break;
                case "--official": o.Official = Next(a); break;
                case "--quiet" or "-q": o.Quiet = true; break;
                case "--wait": o.Wait = true; break;
                case "--sizes": o.Sizes = Next(a); break;
                case "--peer": o.Peer = Next(a); break;
                case "--samples": o.SamplesDir = Next(a); break;
                case "--in-process": o.InProcess = true; break;
                case "--max-file-mb":
                    o.MaxFileMb = long.TryParse(Next(a), out long mb) && mb > 0 ? mb : throw new ArgumentException("--max-file-mb needs a positive number of MiB");
                    break;
                case "--timeout":
                    o.TimeoutSeconds = int.TryParse(Next(a), out int ts) && ts > 0 ? ts : throw new ArgumentException("--timeout needs a positive number of seconds per file");
                    break;
                case "--recycled": o.Recycled = Fraction(a, Next(a)); break;
                case "--near-duplicate": o.NearDuplicate = Fraction(a, Next(a)); break;
                case "--year":
                    o.Year = int.TryParse(Next(a), out int y) ? y : throw new ArgumentException("--year needs a number, e.g. --year 2024");
                    break;
                case "--json":
                    // a flag for extract and stats; a file for check and screen
                    if (jsonIsFile)
                    {
                        o.JsonFile = Next(a);
                    }
                    o.Json = true;
                    break;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"unknown option {a}");
                    }
                    o.Inputs.Add(a);
                    break;
            }
        }
        return o;
    }

}

/// <summary>Progress on standard error: a bar on a terminal, a line every few seconds otherwise.</summary>
public sealed class ConsoleProgress(TextWriter writer)
{
    private readonly object _lock = new();
    private DateTime _last = DateTime.MinValue;
    private readonly DateTime _start = DateTime.UtcNow;
    private bool _drawn;

    public void Report(string what, int done, int total)
    {
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            bool tty = !Console.IsErrorRedirected;
            if (done < total && (now - _last).TotalMilliseconds < (tty ? 200 : 5000))
            {
                return;
            }
            _last = now;
            double secs = (now - _start).TotalSeconds;
            int width = 30;
            int filled = total == 0 ? width : (int)((long)done * width / total);
            string bar = new string('#', filled) + new string('.', width - filled);
            string eta = done > 0 && done < total ? $" ETA {secs / done * (total - done):0}s" : "";
            string line = $"{what} [{bar}] {done}/{total} {secs:0}s{eta}";
            if (tty)
            {
                writer.Write("\r" + line);
                _drawn = true;
            }
            else
            {
                writer.WriteLine(line);
            }
        }
    }

    public void Done()
    {
        lock (_lock)
        {
            if (_drawn)
            {
                writer.WriteLine();
                _drawn = false;
            }
        }
    }
}

/// <summary>Expands files and folders to the document files inside them.</summary>
public static class InputFiles
{
    public static List<string> Expand(IEnumerable<string> inputs, TextWriter stderr)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => Ingest.DocumentReader.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Where(f => !Path.GetFileName(f).StartsWith("~$", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new UserException($"no such file or folder: {input}");
            }
        }
        if (files.Count == 0)
        {
            stderr.WriteLine("simeng: no .docx, .doc, .pdf or .txt files found in the inputs");
        }
        return files;
    }
}
