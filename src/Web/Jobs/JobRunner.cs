using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SimilarityEngine.Engine;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Web.Jobs;

/// <summary>Live progress of a running job.</summary>
/// <param name="Stage">Engine stage (e.g. <c>check: matching</c>).</param>
/// <param name="Done">Items done.</param>
/// <param name="Total">Items in the stage.</param>
public sealed record JobProgress(string Stage, int Done, int Total);

/// <summary>Where job results live: <c>results/ID.check.json</c> (the engine's check contract as computed),
/// <c>results/ID.state.json</c> (what a re-score needs), <c>results/ID.screen.json</c>; written to a temporary name then
/// moved, so a result is whole or absent.</summary>
public sealed class ResultFiles(IOptions<ServeOptions> options)
{
    private readonly string _dir = Path.Combine(options.Value.Data, "results");

    /// <summary>The file of a job's result of a kind (check, state, screen).</summary>
    public string PathOf(string jobId, string kind) => Path.Combine(_dir, $"{jobId}.{kind}.json");

    /// <summary>Writes a result atomically.</summary>
    public void Write<T>(string jobId, string kind, T value)
    {
        Directory.CreateDirectory(_dir);
        AtomicFile.WriteAllText(PathOf(jobId, kind), JsonContracts.Serialize(value));
    }

    /// <summary>Reads a result, or default when it is absent.</summary>
    public T? Read<T>(string jobId, string kind)
    {
        string path = PathOf(jobId, kind);
        return File.Exists(path) ? JsonContracts.Deserialize<T>(File.ReadAllText(path)) : default;
    }
}

/// <summary>What a reference collection's job did.</summary>
/// <param name="Collection">The collection's name.</param>
/// <param name="Added">Files added.</param>
/// <param name="Unchanged">Files already in the archive.</param>
/// <param name="Failures">Files not read, each with its reason in Vietnamese.</param>
public sealed record CollectionResult(string Collection, int Added, int Unchanged, IReadOnlyList<CollectionFailure> Failures);

/// <summary>A file of a collection that was not read.</summary>
/// <param name="File">Its name.</param>
/// <param name="Reason">Why, in Vietnamese.</param>
public sealed record CollectionFailure(string File, string Reason);

/// <summary>Runs queued jobs in the background, <see cref="ServeOptions.Workers"/> at a time. The queue is the jobs table:
/// a job survives a restart (those running when the server stopped are queued again at start).</summary>
public sealed class JobRunner(WebStore store, OfficialTexts official, ResultFiles results, CheckReviews reviews, IOptions<ServeOptions> options,
    ServiceMetrics metrics, ILogger<JobRunner> log) : BackgroundService
{
    private readonly ConcurrentDictionary<string, JobProgress> _progress = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ServeOptions _options = options.Value;
    private static readonly Action<ILogger, int, Exception?> s_requeued =
        LoggerMessage.Define<int>(LogLevel.Information, new EventId(1, "Requeued"), "{Count} job(s) interrupted by the last stop were queued again");
    private static readonly Action<ILogger, string, Exception?> s_failed =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(2, "JobFailed"), "job {Id} failed");

    /// <summary>The progress of a running job, or null.</summary>
    public JobProgress? ProgressOf(string jobId) => _progress.TryGetValue(jobId, out var p) ? p : null;

    /// <summary>Tells the runner a job was queued.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // the server is stopping: the job stays queued for the next start
        }
    }

    /// <summary>Stops the runner and releases its signal.</summary>
    public override void Dispose()
    {
        base.Dispose();
        _wake.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int requeued = store.RequeueInterrupted();
        if (requeued > 0)
        {
            s_requeued(log, requeued, null);
        }
        if (_options.Workers == 0)
        {
            return; // a server that only serves pages (tests of the durable queue start one like this)
        }
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            metrics.Heartbeat();
            running.RemoveAll(t => t.IsCompleted);
            while (running.Count < _options.Workers && store.ClaimNext() is { } job)
            {
                running.Add(Task.Run(() => Run(job, stoppingToken), CancellationToken.None));
            }
            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private void Run(Job job, CancellationToken ct)
    {
        var sink = new Sink(this, job.Id);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool interrupted = false;
        try
        {
            if (job.Kind == WebStore.Check)
            {
                RunCheck(job, sink, ct);
            }
            else if (job.Kind == WebStore.Collection)
            {
                RunCollection(job, sink, ct);
            }
            else
            {
                var r = official.Engine.Screen(new ScreenRequest(_options.Index, job.Year), sink, ct);
                results.Write(job.Id, "screen", ReportModels.Screen(r));
            }
            store.Finish(job.Id, null);
            metrics.JobFinished(job.Kind, failed: false, clock.Elapsed);
            store.Audit(job.User, job.Kind + "-done", job.Id, "");
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // the server is stopping (whatever the cancelled reader threw): the job stays 'running', is queued again at the
            // next start, and keeps its upload
            interrupted = true;
            return;
        }
        catch (Exception ex)
        {
            // in the words a reviewer reads (the log keeps the exception)
            string reason = ReasonsVi.Translate(ex switch
            {
                FileNotFoundException or ArgumentException or Similarity.Corpus.ArchiveException => ex.Message,
                _ => SimEngine.ReasonOf(ex),
            });
            s_failed(log, job.Id, ex);
            if (job.Kind == WebStore.Check && ex is Ingest.DocumentFormatException or IOException or UnauthorizedAccessException)
            {
                metrics.ExtractionFailed(SimEngine.ReasonKind(ex));
            }
            store.Finish(job.Id, reason);
            metrics.JobFinished(job.Kind, failed: true, clock.Elapsed);
            store.Audit(job.User, job.Kind + "-failed", job.Id, reason);
        }
        finally
        {
            metrics.OcrPages(sink.OcrPages);
            _progress.TryRemove(job.Id, out _);
            if (!interrupted && job.Kind == WebStore.Check && job.UploadPath is { } upload && !job.Archive && File.Exists(upload))
            {
                File.Delete(upload);
            }
            if (!interrupted && job.Kind == WebStore.Collection && job.UploadPath is { } folder && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    // a reference collection uploaded on the administrator's page: ingested as `simeng collection add` does; a file that
    // cannot be read is listed with its reason and the others go in
    private void RunCollection(Job job, Sink sink, CancellationToken ct)
    {
        string folder = job.UploadPath ?? throw new InvalidOperationException("a collection job without files");
        if (!Directory.Exists(folder))
        {
            throw new FileNotFoundException("the uploaded files are gone (deleted from the data folder?)");
        }
        var (reports, _) = InputPlanner.ForCollection(job.OriginalName ?? "", [folder]);
        var summary = official.Engine.Ingest(new IngestRequest(_options.Index, reports), sink, ct);
        results.Write(job.Id, "collection", new CollectionResult(job.OriginalName ?? "", summary.Added, summary.Unchanged,
            summary.Failures.Select(f => new CollectionFailure(Path.GetFileName(f.File), ReasonsVi.Translate(f.Reason))).ToList()));
    }

    private void RunCheck(Job job, Sink sink, CancellationToken ct)
    {
        var meta = JsonSerializer.Deserialize<Dictionary<string, string>>(job.Metadata) ?? [];
        string file = job.UploadPath ?? throw new InvalidOperationException("a check job without a file");
        if (!File.Exists(file))
        {
            throw new FileNotFoundException("the uploaded file is gone (deleted from the data folder?)");
        }
        var result = official.Engine.Check(new CheckRequest(_options.Index, file) { Metadata = meta }, sink, ct);
        // the report shows the name the reviewer uploaded, not the random name on disk
        var state = SimEngine.StateOf(result) with
        {
            Submission = result.Submission with { File = job.OriginalName ?? Path.GetFileName(file) },
        };
        results.Write(job.Id, "state", state);
        var json = ReportModels.Check(result) with { Submission = ReportModels.Ref(state.Submission) };
        results.Write(job.Id, "check", json);
        if (job.Archive)
        {
            reviews.Archive(job, state.Submission, job.User);
        }
    }

    private sealed class Sink(JobRunner runner, string id) : IProgressSink
    {
        /// <summary>Pages OCR'd so far (the highest count the OCR stage reported).</summary>
        public int OcrPages { get; private set; }

        public void Report(string stage, int done, int total)
        {
            if (stage.EndsWith("OCR", StringComparison.Ordinal) && done > OcrPages)
            {
                OcrPages = done;
            }
            runner._progress[id] = new JobProgress(stage, done, total);
        }

        public void Done()
        {
        }
    }
}
