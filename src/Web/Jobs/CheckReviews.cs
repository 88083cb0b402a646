using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using SimilarityEngine.Engine;
using SimilarityEngine.Reports;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Web.Jobs;

/// <summary>A check as a reviewer sees it: as computed, and now (after the decisions).</summary>
/// <param name="Job">The job.</param>
/// <param name="Original">The report as the check computed it.</param>
/// <param name="Current">The report with the reviewers' exclusions applied (scores recomputed by the engine).</param>
/// <param name="Decisions">The decisions, oldest first.</param>
/// <param name="Missing">Sources no longer in the archive.</param>
public sealed record CheckView(Job Job, ReportModels.CheckJson Original, ReportModels.CheckJson Current, IReadOnlyList<Decision> Decisions,
    IReadOnlyList<string> Missing)
{
    /// <summary>Every decision, undone ones included, oldest first.</summary>
    public IReadOnlyList<Decision> AllDecisions { get; init; } = [];
}

/// <summary>Reviews of finished checks: loads a check, applies decisions through the engine's re-scoring, adds a
/// submission to the archive. Rebuilt checks are cached (a few dozen) because the report page is read far more often
/// than it changes.</summary>
public sealed class CheckReviews(WebStore store, SimEngine engine, ResultFiles results, IOptions<ServeOptions> options)
{
    private const int CacheSize = 64;
    private readonly ConcurrentDictionary<string, (CheckResult Result, IReadOnlyList<string> Missing)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ReportModels.CheckJson> _originals = new(StringComparer.Ordinal);
    private readonly ServeOptions _options = options.Value;

    /// <summary>The view of a finished check, or null when the job is not a finished check.</summary>
    public CheckView? View(string jobId)
    {
        var job = store.GetJob(jobId);
        if (job is not { Kind: WebStore.Check, Status: WebStore.Done })
        {
            return null;
        }
        // PERF: tools/loadtest.py report pages — a finished check's report never changes: parsed once, kept (bounded)
        if (!_originals.TryGetValue(jobId, out var original))
        {
            original = results.Read<ReportModels.CheckJson>(jobId, "check");
            if (original is null)
            {
                return null;
            }
            if (_originals.Count >= 4 * CacheSize)
            {
                _originals.Clear();
            }
            _originals[jobId] = original;
        }
        var all = store.AllDecisions(jobId);
        var decisions = all.Where(d => d.Undone is null).ToList();
        var review = ReviewOf(original, all);
        if (decisions.Count == 0)
        {
            return new CheckView(job, original, original with { Review = review }, decisions, []) { AllDecisions = all };
        }
        var (full, missing) = Load(jobId);
        var rescored = engine.Rescore(full, decisions.Select(d => new CheckExclusion(d.SourceId, d.Passage)).ToList());
        var current = ReportModels.Check(rescored) with { Submission = original.Submission, Review = review };
        return new CheckView(job, original, current, decisions, missing) { AllDecisions = all };
    }

    // what every export carries: each exclusion with its reason, who and when (and its undoing), the index before them
    private static ReportModels.ReviewJson? ReviewOf(ReportModels.CheckJson original, IReadOnlyList<Decision> all) => all.Count == 0
        ? null
        : new(original.SimilarityIndex, all.Select(d => new ReportModels.ExclusionJson(d.SourceId, d.Passage, d.Reason, d.User, d.At,
            d.Undone is null, d.Undone?.User, d.Undone?.At, d.Undone?.Reason)).ToList());

    /// <summary>Undoes a decision in force, with a reason (and its audit entry).</summary>
    /// <exception cref="ArgumentException">No reason, or no such decision in force.</exception>
    public void Undo(string jobId, long decisionId, string reason, string user)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length < 3)
        {
            throw new ArgumentException("Cần ghi lý do hoàn tác (ít nhất 3 ký tự).");
        }
        if (!store.UndoDecision(jobId, decisionId, reason.Length > 1000 ? reason[..1000] : reason, user))
        {
            throw new ArgumentException("Quyết định này không có, hoặc đã được hoàn tác.");
        }
    }

    // the check as the decisions leave it (the engine re-scores it)
    private CheckResult CurrentResult(CheckView view)
    {
        var (full, _) = Load(view.Job.Id);
        return engine.Rescore(full, view.Decisions.Select(d => new CheckExclusion(d.SourceId, d.Passage)).ToList());
    }

    /// <summary>The self-contained HTML report of a finished check, decisions applied and listed, under the name the
    /// reviewer uploaded (the download and the PDF print it); null when the job is not a finished check. The view is
    /// made once for both the scores and the decisions.</summary>
    public string? ExportHtml(string jobId)
    {
        if (View(jobId) is not { } view)
        {
            return null;
        }
        var r = CurrentResult(view);
        return HtmlReport.Check(r with { Submission = r.Submission with { File = view.Job.OriginalName ?? r.Submission.File } }, view.Current.Review, engine.Options.Verdicts);
    }

    private (CheckResult, IReadOnlyList<string>) Load(string jobId)
    {
        if (_cache.TryGetValue(jobId, out var hit))
        {
            return hit;
        }
        var state = results.Read<CheckState>(jobId, "state") ?? throw new FileNotFoundException($"the result of check {jobId} is missing");
        var result = engine.Reload(_options.Index, state, out var missing);
        if (_cache.Count >= CacheSize)
        {
            _cache.Clear();
        }
        _cache[jobId] = (result, missing);
        return (result, missing);
    }

    /// <summary>Records a reviewer's exclusion (with its audit entry).</summary>
    /// <exception cref="ArgumentException">No reason, or the source or passage is not in the report.</exception>
    public void Exclude(string jobId, string sourceId, int? passage, string reason, string user)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length < 3)
        {
            throw new ArgumentException("Cần ghi lý do loại trừ (ít nhất 3 ký tự).");
        }
        if (reason.Length > 1000)
        {
            reason = reason[..1000];
        }
        var view = View(jobId) ?? throw new ArgumentException("Không tìm thấy báo cáo kiểm tra.");
        var source = view.Original.Sources.FirstOrDefault(s => s.Source.Id == sourceId)
            ?? throw new ArgumentException("Nguồn này không có trong báo cáo.");
        if (passage is int n && (n < 1 || n > source.Passages.Count))
        {
            throw new ArgumentException("Đoạn này không có trong nguồn.");
        }
        store.AddDecision(jobId, sourceId, passage, reason, user);
    }

    /// <summary>Adds a checked submission to the archive under a new id (never replacing another report).</summary>
    public string Archive(Job job, StoredReport submission, string user, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(submission);
        var meta = new Dictionary<string, string>(submission.Metadata, StringComparer.Ordinal);
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
        {
            if (!string.IsNullOrWhiteSpace(v))
            {
                meta[k] = v.Trim();
            }
        }
        string name = Path.GetFileNameWithoutExtension(job.OriginalName ?? "bai-nop");
        string id = $"web/{job.Created:yyyy}/{name}-{job.Id[..6]}".Normalize(System.Text.NormalizationForm.FormC);
        int? year = meta.TryGetValue("year", out var y) && int.TryParse(y, CultureInfo.InvariantCulture, out int yy) ? yy : submission.Year;
        string? submitted = meta.TryGetValue("submitted", out var sd) && DateOnly.TryParseExact(sd, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? sd : submission.Submitted;
        meta.Remove("year");
        meta.Remove("submitted");
        var report = submission with { Id = id, Metadata = meta, Year = year, Submitted = submitted };
        engine.Archive(_options.Index, report, TimeSpan.FromMinutes(5));
        store.Audit(user, "archived", job.Id, id);
        return id;
    }
}

/// <summary>An upload that cannot become a job, with the HTTP status that says why.</summary>
public sealed class UploadRefusedException(int status, string message) : Exception(message)
{
    /// <summary>413 too large, 415 not a document we read, 429 too many jobs, 400 otherwise.</summary>
    public int Status { get; } = status;
}

/// <summary>Turns an upload into a queued check: limits first (size, type by content, jobs per user), then the file is
/// stored outside the web root under a random name and the job recorded.</summary>
public sealed class Uploads(WebStore store, SimEngine engine, JobRunner runner, IOptions<ServeOptions> options)
{
    private readonly ServeOptions _options = options.Value;

    /// <summary>Queues a check of <paramref name="content"/>.</summary>
    /// <exception cref="UploadRefusedException">The upload is refused, with the reason in Vietnamese and the file's reason.</exception>
    public async Task<Job> QueueCheckAsync(string originalName, long length, Stream content, string user, IReadOnlyDictionary<string, string> metadata,
        bool archive, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        string name = Admitted(originalName, length);
        string ext = Path.GetExtension(name).ToLowerInvariant();
        if (length == 0)
        {
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, $"Tệp '{name}' rỗng (0 byte).");
        }
        try
        {
            // a declared date or year decides which archived reports came earlier: a wrong one is said, not dropped
            SimEngine.Declared(metadata);
        }
        catch (ArgumentException ex)
        {
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, ex.Message);
        }
        if (store.PendingJobs(user) >= _options.MaxPendingJobsPerUser)
        {
            throw new UploadRefusedException(StatusCodes.Status429TooManyRequests,
                $"Bạn đang có {_options.MaxPendingJobsPerUser} việc chờ xử lý; hãy đợi một số việc xong rồi gửi tiếp.");
        }
        string dir = Path.Combine(_options.Data, "uploads");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, WebStore.NewId() + ext);
        await using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await content.CopyToAsync(fs, ct).ConfigureAwait(false);
        }
        try
        {
            engine.Admit(path);
        }
        catch (Ingest.DocumentFormatException ex)
        {
            File.Delete(path);
            throw new UploadRefusedException(StatusCodes.Status415UnsupportedMediaType, $"Tệp '{name}' không đọc được: {ReasonsVi.Translate(ex.Reason)}");
        }
        var job = new Job(WebStore.NewId(), WebStore.Check, WebStore.Queued, user, DateTime.UtcNow, null, null, path, name,
            System.Text.Json.JsonSerializer.Serialize(metadata), archive, null, null);
        store.AddJob(job);
        runner.Wake();
        return job;
    }

    // the name an upload is known by: the last part of the path the browser sent, in NFC
    private static string NameOf(string? originalName) =>
        Path.GetFileName((originalName ?? "").Replace('\\', '/')).Normalize(System.Text.NormalizationForm.FormC);

    // every upload's checks: a type the engine reads, not over the size limits; its name
    private string Admitted(string? originalName, long length)
    {
        string name = NameOf(originalName);
        if (name.Length == 0 || !Ingest.DocumentFormats.Extensions.Contains(Path.GetExtension(name).ToLowerInvariant()))
        {
            throw new UploadRefusedException(StatusCodes.Status415UnsupportedMediaType,
                $"Tệp '{name}' không được nhận: chỉ nhận {Ingest.DocumentFormats.ExtensionList}.");
        }
        if (length > _options.MaxUploadBytes || length > engine.Limits.MaxFileBytes)
        {
            throw new UploadRefusedException(StatusCodes.Status413PayloadTooLarge,
                $"Tệp '{name}' quá lớn ({length / 1048576.0:0.0} MiB); giới hạn là {Math.Min(_options.MaxUploadBytes, engine.Limits.MaxFileBytes) / 1048576} MiB.");
        }
        return name;
    }

    /// <summary>Queues a reference collection (textbooks, a website's reports, bought reports): the files become sources of
    /// matches under <c>NAME:file</c>, never submissions, as <c>simeng collection add</c> does.</summary>
    /// <exception cref="UploadRefusedException">A bad name, no file, a file of a type not read, too large.</exception>
    public async Task<Job> QueueCollectionAsync(string collection, IReadOnlyList<(string Name, long Length, Stream Content)> files, string user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        collection = (collection ?? "").Normalize(System.Text.NormalizationForm.FormC).Trim();
        if (!InputPlanner.IsCollectionName(collection))
        {
            throw new UploadRefusedException(StatusCodes.Status400BadRequest,
                $"Tên bộ tài liệu '{collection}' không dùng được: 1–64 chữ cái không dấu, chữ số, '.', '_' hoặc '-', bắt đầu bằng chữ hoặc số (vd. sgk-toan-5).");
        }
        if (files.Count == 0)
        {
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, "Hãy chọn ít nhất một tệp.");
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (original, length, _) in files)
        {
            string name = Admitted(original, length);
            if (!names.Add(name))
            {
                throw new UploadRefusedException(StatusCodes.Status400BadRequest, $"Hai tệp cùng tên '{name}': mỗi tệp trong một bộ cần tên riêng.");
            }
        }
        if (store.PendingJobs(user) >= _options.MaxPendingJobsPerUser)
        {
            throw new UploadRefusedException(StatusCodes.Status429TooManyRequests,
                $"Bạn đang có {_options.MaxPendingJobsPerUser} việc chờ xử lý; hãy đợi một số việc xong rồi gửi tiếp.");
        }
        string id = WebStore.NewId();
        string dir = Path.Combine(_options.Data, "uploads", "collection-" + id);
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var (original, _, content) in files)
            {
                string name = NameOf(original);
                await using var fs = new FileStream(Path.Combine(dir, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await content.CopyToAsync(fs, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
        var job = new Job(id, WebStore.Collection, WebStore.Queued, user, DateTime.UtcNow, null, null, dir, collection, "{}", false, null, null);
        store.AddJob(job);
        store.Audit(user, "collection-queued", id, $"{collection}: {files.Count} tệp");
        runner.Wake();
        return job;
    }

    /// <summary>Queues a screen of a school year (all years when null).</summary>
    public Job QueueScreen(int? year, string user)
    {
        if (year is < 1990 or > 2100)
        {
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, "Năm học không hợp lệ.");
        }
        if (store.PendingJobs(user) >= _options.MaxPendingJobsPerUser)
        {
            throw new UploadRefusedException(StatusCodes.Status429TooManyRequests, "Bạn có quá nhiều việc đang chờ.");
        }
        var job = new Job(WebStore.NewId(), WebStore.Screen, WebStore.Queued, user, DateTime.UtcNow, null, null, null, null, "{}", false, year, null);
        store.AddJob(job);
        runner.Wake();
        return job;
    }
}
