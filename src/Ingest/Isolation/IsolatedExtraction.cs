using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SimilarityEngine.Ingest.Isolation;

/// <summary>Extracts files in child processes (a pool of long-lived workers, one file at a time each), each with a memory
/// cap and a wall-clock limit. A worker that crashes (stack overflow, abort), runs out of memory or passes the time limit
/// costs only the file it was reading: that file becomes a <see cref="DocumentFormatException"/> marked
/// <see cref="DocumentFormatException.Crashed"/>, the worker is replaced, and the batch goes on.</summary>
public sealed class IsolatedExtraction : IDisposable
{
    /// <summary>Default memory cap per worker: the managed heap limit given to each child process.</summary>
    public const int DefaultMemoryMb = 1024;

    /// <summary>Time a worker gets beyond the per-file limit (it checks the limit itself, between pages) before it is killed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly Func<ProcessStartInfo> _startInfo;
    private readonly int _memoryMb;
    private readonly ConcurrentBag<Worker> _idle = [];
    private readonly ConcurrentDictionary<Worker, bool> _all = new();
    private long _nextId;
    private bool _disposed;

    /// <summary>Creates the pool.</summary>
    /// <param name="startInfo">Starts one worker process: a program that runs <see cref="ExtractionWorker.Serve"/> on its
    /// standard input and output (e.g. <c>simeng extract-worker</c>).</param>
    /// <param name="memoryMb">Managed-heap cap per worker in MiB.</param>
    public IsolatedExtraction(Func<ProcessStartInfo> startInfo, int memoryMb = DefaultMemoryMb)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        ArgumentOutOfRangeException.ThrowIfLessThan(memoryMb, 64);
        _startInfo = startInfo;
        _memoryMb = memoryMb;
    }

    /// <summary>The highest resident memory (MiB) any worker of this pool reached, measured when it ended.</summary>
    public double PeakWorkerMb { get; private set; }

    /// <summary>Extracts <paramref name="path"/> in a worker.</summary>
    /// <exception cref="DocumentFormatException">The file cannot be read, or the worker crashed on it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public ExtractedDocument Extract(string path, IngestLimits limits, CancellationToken ct, string? converted = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = new ExtractionRequest(Interlocked.Increment(ref _nextId), Path.GetFullPath(path), limits, converted);
        var worker = Rent();
        bool reusable = false;
        try
        {
            var (response, crash) = worker.Call(request, limits.Timeout + Grace, ct);
            if (crash is not null)
            {
                throw new DocumentFormatException(path, crash) { Crashed = true };
            }
            reusable = !response!.Fatal;
            if (response.Error is not null)
            {
                throw new DocumentFormatException(path, response.Error, response.Page) { Crashed = response.Fatal };
            }
            var doc = response.Document ?? throw new DocumentFormatException(path, "the extraction worker answered without a document");
            // the worker saw the absolute path; report the file as the caller named it
            return doc with { SourcePath = path };
        }
        finally
        {
            if (reusable && !_disposed)
            {
                _idle.Add(worker);
            }
            else
            {
                Retire(worker);
            }
        }
    }

    private Worker Rent()
    {
        while (_idle.TryTake(out var w))
        {
            if (w.Alive)
            {
                return w;
            }
            Retire(w);
        }
        var psi = _startInfo();
        psi.UseShellExecute = false;
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.StandardInputEncoding = new UTF8Encoding(false);
        psi.StandardOutputEncoding = Encoding.UTF8;
        // the cap: the worker's managed heap may not pass it; an allocation beyond throws OutOfMemoryException there
        psi.Environment["DOTNET_GCHeapHardLimit"] = ((long)_memoryMb * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture);
        psi.Environment["DOTNET_gcServer"] = "0";
        var worker = new Worker(Process.Start(psi) ?? throw new InvalidOperationException("the extraction worker could not be started"));
        _all[worker] = true;
        return worker;
    }

    private void Retire(Worker w)
    {
        _all.TryRemove(w, out _);
        double peak = w.Stop();
        lock (_all)
        {
            PeakWorkerMb = Math.Max(PeakWorkerMb, peak);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        foreach (var w in _all.Keys)
        {
            Retire(w);
        }
    }

    private sealed class Worker
    {
        private readonly Process _process;
        private readonly StringBuilder _stderrTail = new();
        private double _peakMb;
        private volatile bool _stackOverflow;

        public Worker(Process process)
        {
            _process = process;
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }
                if (e.Data.StartsWith("Stack overflow", StringComparison.Ordinal))
                {
                    // the runtime's first line; the thousands of frames after it would push it out of the tail
                    _stackOverflow = true;
                }
                lock (_stderrTail)
                {
                    _stderrTail.Append(e.Data).Append('\n');
                    if (_stderrTail.Length > 4096)
                    {
                        _stderrTail.Remove(0, _stderrTail.Length - 2048);
                    }
                }
            };
            _process.BeginErrorReadLine();
        }

        public bool Alive => !_process.HasExited;

        public (ExtractionResponse? Response, string? Crash) Call(ExtractionRequest request, TimeSpan timeout, CancellationToken ct)
        {
            try
            {
                _process.StandardInput.WriteLine(JsonSerializer.Serialize(request, ExtractionJson.Options));
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                return (null, Died());
            }
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var read = _process.StandardOutput.ReadLineAsync(ct).AsTask();
                try
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !read.Wait(left, ct))
                    {
                        Kill();
                        return (null, string.Create(CultureInfo.InvariantCulture,
                            $"reading took longer than {timeout.TotalSeconds:0} s and the reader process was stopped (--timeout)"));
                    }
                }
                catch (OperationCanceledException)
                {
                    Kill();
                    throw;
                }
                catch (AggregateException ex) when (ex.InnerException is IOException)
                {
                    return (null, Died());
                }
                string? line = read.Result;
                if (line is null)
                {
                    return (null, Died());
                }
                var response = JsonSerializer.Deserialize<ExtractionResponse>(line, ExtractionJson.Options);
                if (response is { Stage: { } stage } && response.Id == request.Id)
                {
                    // a progress line: pass it on in this caller's context and read on; a worker reading OCR pages is alive
                    ExtractionProgress.Report(stage, response.Done, response.Total);
                    if (stage == ExtractionProgress.Ocr)
                    {
                        deadline = DateTime.UtcNow + timeout;
                    }
                    continue;
                }
                Sample();
                return response is null || response.Id != request.Id ? (null, "the extraction worker answered out of turn") : (response, null);
            }
        }

        private string Died()
        {
            if (_process.WaitForExit(5000))
            {
                _process.WaitForExit(); // lets the asynchronous stderr reader drain
            }
            string tail;
            lock (_stderrTail)
            {
                tail = _stderrTail.ToString();
            }
            int code = _process.HasExited ? _process.ExitCode : -1;
            string what = _stackOverflow || tail.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)
                ? "the reader overflowed its stack on this file (structures nested too deep)"
                : tail.Contains("OutOfMemory", StringComparison.Ordinal) || code == 137
                    ? "the reader ran out of memory on this file"
                    : code == 134
                        ? "the reader process aborted on this file (exit 134: stack overflow or a fatal runtime error)"
                        : string.Create(CultureInfo.InvariantCulture, $"the reader process crashed on this file (exit {code})");
            return what + "; the file is refused and the batch goes on";
        }

        private void Sample()
        {
            try
            {
                _process.Refresh();
                _peakMb = Math.Max(_peakMb, _process.PeakWorkingSet64 / 1024.0 / 1024.0);
            }
            catch (InvalidOperationException)
            {
            }
        }

        private void Kill()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
        }

        public double Stop()
        {
            Sample();
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(2000))
                {
                    Kill();
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                Kill();
            }
            _process.Dispose();
            return _peakMb;
        }
    }
}
