using System.Collections.Concurrent;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Converts many Word 97–2003 .doc files to .docx ahead of their extraction, in batches, through a small pool of
/// LibreOffice processes: most of a one-file conversion is LibreOffice starting up, so one process converts a batch of
/// files. Each slot of the pool keeps its own profile (two processes on one profile fail) across its batches.</summary>
/// <remarks>The per-file guarantees stay: a batch may run for at most the per-file timeout times its files, and a file
/// the batch did not convert (corrupt, encrypted, timed out) is not answered here, so the caller converts it alone and
/// reports its own error.</remarks>
public sealed class DocBatchConverter : IDisposable
{
    /// <summary>Files per LibreOffice call.</summary>
    public const int DefaultBatchSize = 8;

    private readonly string _soffice;
    private readonly IngestLimits _limits;
    private readonly int _batchSize;
    private readonly DirectoryInfo _root;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _files = new(StringComparer.Ordinal);
    private readonly List<Task> _slots = [];
    private readonly CancellationTokenSource _stop = new();
    private int _started;

    /// <summary>Creates the pool.</summary>
    /// <param name="soffice">The LibreOffice program.</param>
    /// <param name="limits">Per-file limits (the timeout).</param>
    /// <param name="batchSize">Files per LibreOffice call.</param>
    public DocBatchConverter(string soffice, IngestLimits limits, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(soffice);
        ArgumentNullException.ThrowIfNull(limits);
        _soffice = soffice;
        _limits = limits;
        _batchSize = Math.Max(1, batchSize);
        _root = ExternalTool.PrivateTempDirectory("simeng-docbatch-");
    }

    /// <summary>Number of files converted by a batch so far.</summary>
    public int Converted => _files.Values.Count(t => t.Task.IsCompletedSuccessfully && t.Task.Result is not null);

    /// <summary>Starts converting <paramref name="paths"/> (Word 97–2003 files) in the background with
    /// <paramref name="processes"/> LibreOffice processes at a time. Call once.</summary>
    public void Start(IReadOnlyList<string> paths, int processes)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("the conversion pool was started already");
        }
        var queue = new ConcurrentQueue<List<string>>();
        var unique = paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
        foreach (var p in unique)
        {
            _files[p] = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        foreach (var chunk in unique.Chunk(_batchSize))
        {
            queue.Enqueue([.. chunk]);
        }
        for (int slot = 0; slot < Math.Max(1, processes); slot++)
        {
            int s = slot;
            _slots.Add(Task.Factory.StartNew(() => RunSlot(s, queue), TaskCreationOptions.LongRunning));
        }
    }

    /// <summary>The .docx converted from <paramref name="path"/>, waiting for its batch; null when the file is not in the pool
    /// or its batch did not convert it (then convert it alone, which gives its own error).</summary>
    public string? Take(string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!_files.TryGetValue(Path.GetFullPath(path), out var tcs))
        {
            return null;
        }
        try
        {
            return tcs.Task.Wait(Timeout.Infinite, ct) ? tcs.Task.Result : null;
        }
        catch (AggregateException)
        {
            return null;
        }
    }

    private void RunSlot(int slot, ConcurrentQueue<List<string>> queue)
    {
        string profile = new Uri(Path.Combine(_root.FullName, $"profile-{slot}")).AbsoluteUri;
        int batchNumber = 0;
        while (!_stop.IsCancellationRequested && queue.TryDequeue(out var batch))
        {
            var dir = Directory.CreateDirectory(Path.Combine(_root.FullName, $"slot{slot}-batch{batchNumber++}"));
            // copies under plain names: LibreOffice sees the extension it needs, and odd names cannot confuse its command line
            var inputs = new List<string>();
            for (int i = 0; i < batch.Count; i++)
            {
                string input = Path.Combine(dir.FullName, $"f{i:D4}.doc");
                try
                {
                    File.Copy(batch[i], input);
                    inputs.Add(input);
                }
                catch (IOException)
                {
                    inputs.Add("");
                }
                catch (UnauthorizedAccessException)
                {
                    inputs.Add("");
                }
            }
            try
            {
                var args = new List<string> { "--headless", "--norestore", $"-env:UserInstallation={profile}", "--convert-to", "docx:MS Word 2007 XML", "--outdir", dir.FullName };
                args.AddRange(inputs.Where(i => i.Length > 0));
                var timeout = TimeSpan.FromTicks(_limits.Timeout.Ticks * Math.Max(1, inputs.Count(i => i.Length > 0)));
                ExternalTool.Run(_soffice, args, timeout, dir.FullName, cancellationToken: _stop.Token);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception or IOException)
            {
                // whatever the batch did not convert is converted alone by the caller
            }
            for (int i = 0; i < batch.Count; i++)
            {
                string output = inputs[i].Length == 0 ? "" : Path.ChangeExtension(inputs[i], ".docx");
                _files[batch[i]].TrySetResult(output.Length > 0 && File.Exists(output) ? output : null);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        foreach (var tcs in _files.Values)
        {
            tcs.TrySetResult(null);
        }
        try
        {
            Task.WaitAll([.. _slots], TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
        }
        ExternalTool.TryDelete(_root);
        _stop.Dispose();
    }
}
