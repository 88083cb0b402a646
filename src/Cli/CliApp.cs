using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using SimilarityEngine.Engine;

namespace SimilarityEngine.Cli;

/// <summary>A mistake in how the command was called, or an index that cannot be used: one line, exit code 2.</summary>
public sealed class UserException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UserException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public UserException() { }

    /// <summary>Creates the exception.</summary>
    public UserException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Exit codes of simeng.</summary>
public static class ExitCodes
{
    /// <summary>Everything done.</summary>
    public const int Ok = 0;

    /// <summary>Done, but some files could not be read (listed on stderr and in the error list).</summary>
    public const int SomeFilesFailed = 1;

    /// <summary>Usage error, or the index cannot be used (missing, in use): nothing was done.</summary>
    public const int Usage = 2;

    /// <summary>An unexpected internal error (a bug): one line on stderr; SIMENG_DEBUG=1 prints the stack trace.</summary>
    public const int Internal = 3;

    /// <summary>Stopped by Ctrl+C; what was committed stays.</summary>
    public const int Cancelled = 130;
}

/// <summary>The simeng command line: parsing and printing only; the work is in <see cref="SimEngine"/>.</summary>
public static class CliApp
{
    // "Cannot parse argument 'abc' for option '--timeout' as expected type 'System.Nullable`1[System.Int32]'." in words
    private static string Plain(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, "^Cannot parse argument '(?<v>.*)' for option '(?<o>[^']+)' as expected type '(?<t>[^']+)'");
        if (!m.Success)
        {
            return message;
        }
        string t = m.Groups["t"].Value;
        string kind = t.Contains("Int", StringComparison.Ordinal) ? "a whole number" : t.Contains("Double", StringComparison.Ordinal) ? "a number such as 0.2" : "a value of another kind";
        return $"{m.Groups["o"].Value} takes {kind}; got '{m.Groups["v"].Value}'";
    }

    /// <summary>Runs the command line; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        if (ReferenceEquals(stdout, Console.Out))
        {
            Console.OutputEncoding = Encoding.UTF8;
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
            var config = SimengConfig.Load(ref args);
            var ctx = new CliContext(stdout, stderr, cts.Token) { Config = config };
            var root = CommandTree.Build(ctx);
            string[] typed = args;
            args = config.Apply(root, args);
            if (!ReferenceEquals(typed, args))
            {
                foreach (var unknown in config.Unknown(root))
                {
                    await stderr.WriteLineAsync($"simeng: cấu hình: khóa '{Terminal.Safe(unknown.Path)}' ({Terminal.Safe(unknown.Source)}) không ứng với tùy chọn nào, bỏ qua / unknown setting ignored")
                        .ConfigureAwait(false);
                }
            }
            var parse = root.Parse(args);
            if (args.Length == 0)
            {
                await parse.RootCommandResult.Command.Parse("--help").InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    await stderr.WriteLineAsync($"simeng: {Terminal.Safe(Plain(error.Message))}").ConfigureAwait(false);
                }
                // the whole command path: "simeng users add --help", not "simeng add --help"
                var path = new List<string>();
                for (var r = parse.CommandResult; r is { Command: not RootCommand }; r = r.Parent as System.CommandLine.Parsing.CommandResult)
                {
                    path.Insert(0, r.Command.Name);
                }
                string cmd = string.Concat(path.Select(p => " " + p));
                await stderr.WriteLineAsync($"(xem các tùy chọn: simeng{cmd} --help)").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cts.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UserException or Indexing.IndexDamagedException or Indexing.IndexInUseException or Indexing.IndexAccessException
                                       or Indexing.IndexFormatException)
        {
            await stderr.WriteLineAsync($"simeng: {Terminal.Safe(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (IOException ex) when (ex.HResult == 28 || ex.Message.Contains("No space left", StringComparison.Ordinal))
        {
            await stderr.WriteLineAsync($"simeng: the disk is full ({Terminal.Safe(ex.Message)}); what was committed before stays").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("simeng: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("SIMENG_DEBUG") is not "1")
        {
            await stderr.WriteLineAsync($"simeng: internal error ({ex.GetType().Name}: {Terminal.Safe(ex.Message)}); SIMENG_DEBUG=1 shows the stack trace")
                .ConfigureAwait(false);
            return ExitCodes.Internal;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Where a command writes, and its cancellation.</summary>
public sealed record CliContext(TextWriter Stdout, TextWriter Stderr, CancellationToken Cancel)
{
    /// <summary>The configuration file and environment read (<see cref="SimengConfig"/>).</summary>
    public SimengConfig? Config { get; init; }

    /// <summary>A progress bar on stderr when it is a terminal, else nothing.</summary>
    public IProgressSink? Progress(bool quiet) =>
        quiet || !ReferenceEquals(Stderr, Console.Error) || Console.IsErrorRedirected ? null : new ConsoleProgress(Stderr);
}

/// <summary>Text from documents and file names on a terminal: control characters shown as escapes.</summary>
public static class Terminal
{
    /// <summary><paramref name="text"/> with control characters (ESC, BEL, newlines…) escaped; line breaks kept when
    /// <paramref name="keepNewlines"/>.</summary>
    public static string Safe(string? text, bool keepNewlines = false) => ViFormat.Safe(text, keepNewlines);
}

/// <summary>Progress on a terminal's standard error: one bar redrawn in place, erased when the stage ends.</summary>
public sealed class ConsoleProgress(TextWriter writer) : IProgressSink
{
    private readonly Lock _lock = new();
    private DateTime _last = DateTime.MinValue;
    private DateTime _start = DateTime.UtcNow;
    private string? _stage;
    private int _drawn;

    /// <inheritdoc />
    public void Report(string stage, int done, int total)
    {
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            if (_stage != stage)
            {
                _stage = stage;
                _start = now;
            }
            else if (done < total && (now - _last).TotalMilliseconds < 200)
            {
                return;
            }
            _last = now;
            double secs = (now - _start).TotalSeconds;
            const int width = 30;
            int filled = total == 0 ? width : (int)((long)done * width / total);
            string bar = new string('#', filled) + new string('.', width - filled);
            string eta = done > 0 && done < total ? CliApp.Invariant($" còn ~{secs / done * (total - done):0}s") : "";
            string line = CliApp.Invariant($"{Glossary.Stage(stage)} [{bar}] {done}/{total} {secs:0}s{eta}");
            writer.Write("\r" + line.PadRight(_drawn));
            _drawn = line.Length;
        }
    }

    /// <inheritdoc />
    public void Done()
    {
        lock (_lock)
        {
            if (_drawn > 0)
            {
                writer.Write("\r" + new string(' ', _drawn) + "\r");
                _drawn = 0;
            }
            _stage = null;
        }
    }
}
