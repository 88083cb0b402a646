using System.Diagnostics;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Runs optional external programs (LibreOffice, pdftoppm, Tesseract) found on PATH, with a time limit.</summary>
public static class ExternalTool
{
    /// <summary>Full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.Combine(dir, name);
            if (File.Exists(full))
            {
                return full;
            }
        }
        return null;
    }

    /// <summary>Runs a program; returns exit code, standard output and error. Kills it (and its children) after <paramref name="timeout"/>.
    /// <paramref name="threads"/> caps its OpenMP threads (Tesseract's: pages run in parallel instead).</summary>
    /// <exception cref="TimeoutException">It ran longer than the timeout.</exception>
    public static (int ExitCode, string StdOut, string StdErr) Run(string exe, IEnumerable<string> args, TimeSpan timeout,
        string? workingDirectory = null, int threads = 1, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // one thread per Tesseract: pages run in parallel instead (OcrSettings.Threads changes both, to measure)
        psi.Environment["OMP_THREAD_LIMIT"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        s_running[p.Id] = p;
        using var forget = new Forget(p.Id);
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        using var reg = cancellationToken.Register(() => TryKill(p));
        if (!p.WaitForExit(timeout))
        {
            TryKill(p);
            throw new TimeoutException($"{Path.GetFileName(exe)} did not finish within {timeout.TotalSeconds:0} s");
        }
        p.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> s_running = new();

    // takes a finished tool off the list of running ones
    private readonly struct Forget(int id) : IDisposable
    {
        public void Dispose() => s_running.TryRemove(id, out _);
    }

    /// <summary>Kills every tool this process is running (with their children): an extraction worker whose parent died
    /// leaves no LibreOffice, pdftoppm or Tesseract behind.</summary>
    public static void KillAll()
    {
        foreach (var p in s_running.Values)
        {
            TryKill(p);
        }
    }

    private static void TryKill(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Creates a private temporary folder (mode 700 on Unix).</summary>
    public static DirectoryInfo PrivateTempDirectory(string prefix)
    {
        var dir = Directory.CreateTempSubdirectory(prefix);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return dir;
    }

    /// <summary>Deletes a temporary folder, ignoring failures.</summary>
    public static void TryDelete(DirectoryInfo dir)
    {
        try
        {
            dir.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
