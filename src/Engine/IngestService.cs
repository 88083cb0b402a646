using System.Text;
using SimilarityEngine.Indexing;
using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>An extraction made elsewhere (a worker), fed to <see cref="IngestService.RunFedAsync"/>.</summary>
/// <param name="Seq">The index of its report in the request.</param>
/// <param name="Document">The extraction, or null when it failed.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Crashed">The file crashed the reader.</param>
/// <param name="Ack">Called once the item is durable (committed, or known already): the source may forget it.</param>
public sealed record FeedItem(int Seq, ExtractedDocument? Document, string? Error, bool Crashed, Func<Task> Ack);

/// <summary>Extracts, normalises, fingerprints and stores reports. Commits every <see cref="CommitEvery"/> reports or
/// <see cref="CommitInterval"/>, whichever comes first, and at the end, so a killed run keeps what it committed and a re-run
/// skips it.</summary>
public sealed class IngestService
{
    /// <summary>Reports per commit, at most.</summary>
    /// <remarks>PERF: MacroBenchmark ingest — every 200 reports meant a commit (a small segment flushed and fsynced, then
    /// merged) every half second on .txt input: 20k reports took 30 s instead of 25–26 s. Slow input commits by
    /// <see cref="CommitInterval"/> instead.</remarks>
    public const int CommitEvery = 2000;

    /// <summary>Reports received from workers and not yet acknowledged, at most: below the results queue's prefetch of 500,
    /// or the broker would stop delivering before a commit is due.</summary>
    public const int FedCommitEvery = 200;

    /// <summary>Longest time between commits.</summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(5);

    /// <summary>Name of the error list written into the index folder.</summary>
    public const string ErrorsFile = "ingest-errors.csv";

    private readonly EngineOptions _options;
    private readonly DocumentReader _reader;
    private readonly int _commitEvery;

    /// <summary>Creates the service.</summary>
    /// <param name="options">Engine options.</param>
    /// <param name="reader">Document reader.</param>
    /// <param name="commitEvery">Reports per commit (default <see cref="CommitEvery"/>; the crash test uses small numbers).</param>
    public IngestService(EngineOptions? options = null, DocumentReader? reader = null, int? commitEvery = null)
    {
        _options = options ?? EngineOptions.Default;
        _reader = reader ?? new DocumentReader();
        _commitEvery = Math.Max(1, commitEvery ?? CommitEvery);
    }

    /// <summary>Ingests the request's reports into its index.</summary>
    /// <exception cref="IndexInUseException">Another writer holds the index.</exception>
    public IngestSummary Run(IngestRequest request, IProgressSink? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string indexPath = request.IndexPath;
        var inputs = request.Reports;
        using var writer = ReportIndexWriter.Open(indexPath, request.WaitForLock, request.NewIndex);
        var quarantine = Quarantine.Load(indexPath);
        var failures = new List<(string File, string Reason)>();
        var notes = new List<string>();
        int added = 0;
        int unchanged = 0;
        int sinceCommit = 0;
        var lastCommit = DateTime.UtcNow;
        int done = 0;
        int batchSize = Math.Max(8, Environment.ProcessorCount * 8);
        var filter = _options.Filter;
        using var fingerprinter = new ThreadLocal<MatchFingerprinter>(() => new MatchFingerprinter(filter, _options.Fingerprint));
        // .doc files convert in batches ahead of their turn (LibreOffice starts once per batch, not per file)
        using var batches = _reader.StartBatches(inputs.Where(i => i.Refused is null && (request.RetryQuarantined || quarantine.Find(i.File) is null))
            .Select(i => i.File));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Reads, fingerprints and compresses one batch in parallel; the writer stores the previous batch meanwhile.
        (ReportIndexWriter.Prepared? Item, string? Error)[] PrepareBatch(List<ReportInput> batch)
        {
            var results = new (ReportIndexWriter.Prepared? Item, string? Error)[batch.Count];
            Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = stop.Token }, i =>
            {
                try
                {
                    if (batch[i].Refused is { } refused)
                    {
                        results[i] = (null, refused);
                        return;
                    }
                    if (!request.RetryQuarantined && quarantine.Find(batch[i].File) is { } q)
                    {
                        results[i] = (null, $"quarantined: it crashed the reader on {q.Date} ({q.Reason}); --retry-quarantined reads it again");
                        return;
                    }
                    // PERF: MacroBenchmark ingest — fingerprints and compression in parallel, only Lucene in the writer thread
                    results[i] = PrepareOne(batch[i], _reader.Read(batch[i].File, batches, stop.Token), fingerprinter.Value!, filter.Key);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.Token.IsCancellationRequested)
                {
                    // a damaged file, or a bug on an exotic one, costs this file only, never the batch
                    results[i] = (null, SimEngine.ReasonOf(ex));
                    if (ex is DocumentFormatException { Crashed: true })
                    {
                        quarantine.Add(batch[i].File, results[i].Error!);
                    }
                }
            });
            return results;
        }
        List<ReportInput> BatchAt(int start) => inputs.Skip(start).Take(batchSize).ToList();
        Task<(ReportIndexWriter.Prepared? Item, string? Error)[]>? next = null;
        try
        {
            if (inputs.Count > 0)
            {
                var first = BatchAt(0);
                next = Task.Run(() => PrepareBatch(first), stop.Token);
            }
            for (int start = 0; start < inputs.Count; start += batchSize)
            {
                ct.ThrowIfCancellationRequested();
                var batch = BatchAt(start);
                var results = next!.GetAwaiter().GetResult();
                // PERF: MacroBenchmark ingest — the next batch is read while this one is written (the writer is one thread)
                next = null;
                if (start + batchSize < inputs.Count)
                {
                    var following = BatchAt(start + batchSize);
                    next = Task.Run(() => PrepareBatch(following), stop.Token);
                }
                // PERF: MacroBenchmark ingest — one writer thread: Lucene's own parallel indexing (a document writer per
                // thread) was slower here (5,000 reports: 16.2 s against 14.5 s), its threads contending for locks
                for (int i = 0; i < batch.Count; i++)
                {
                    var (item, error) = results[i];
                    done++;
                    if (item is null)
                    {
                        failures.Add((batch[i].File, error!));
                        continue;
                    }
                    var outcome = AddOne(writer, item, notes, request.Replace);
                    if (outcome is AddOutcome.Unchanged)
                    {
                        unchanged++;
                        continue;
                    }
                    if (outcome is AddOutcome.Refused)
                    {
                        failures.Add((batch[i].File, IdTakenReason(writer, item.Report)));
                        continue;
                    }
                    added++;
                    if (++sinceCommit >= _commitEvery || DateTime.UtcNow - lastCommit >= CommitInterval)
                    {
                        writer.Commit();
                        sinceCommit = 0;
                        lastCommit = DateTime.UtcNow;
                    }
                }
                progress?.Report("ingest", done, inputs.Count);
            }
        }
        finally
        {
            if (next is not null)
            {
                // the batch read ahead is dropped (not stored): a re-run reads it again
                stop.Cancel();
                try
                {
                    next.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                }
            }
            // what was read before a cancellation is still committed: the index is never left half-written
            writer.Commit();
            progress?.Done();
            WriteErrors(indexPath, failures);
            quarantine.Save();
        }
        return new IngestSummary(added, unchanged, failures.Count, failures, notes, writer.Count);
    }

    // The report of an input read as doc, fingerprinted (the one allocation-light path that FingerprintBenchmarks measures,
    // with the flags screening reads) and compressed, ready for the writer; or why not.
    private static (ReportIndexWriter.Prepared? Item, string? Error) PrepareOne(ReportInput input, NormalizedDocument doc, MatchFingerprinter fingerprinter,
        string matchKey)
    {
        if (doc.Text.Trim().Length == 0)
        {
            return (null, "no text could be extracted (" + string.Join("; ", doc.Source.Warnings) + ")");
        }
        var report = input.ToReport(doc);
        return (Prepare(report, fingerprinter, matchKey), null);
    }

    /// <summary>Fingerprints and compresses a report for <see cref="ReportIndexWriter.Add(ReportIndexWriter.Prepared)"/>: its
    /// distinct fingerprints as terms, and every fingerprint with its flags for screening.</summary>
    public static ReportIndexWriter.Prepared Prepare(StoredReport report, MatchFingerprinter fingerprinter, string matchKey)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(fingerprinter);
        var fps = fingerprinter.Fingerprint(report.Text, CorpusMatcher.MaskedValues(report), out var ruled);
        // the report is found by its fingerprints and by its folded stream (text typed without marks finds it that way)
        var folded = fingerprinter.FoldedFingerprints;
        var hashes = new HashSet<ulong>(fps.Length + folded.Length);
        foreach (var fp in fps)
        {
            hashes.Add(fp.Hash);
        }
        foreach (var fp in folded)
        {
            hashes.Add(fp.Hash);
        }
        var data = StoredFingerprints.Encode(fps, ruled, fingerprinter.Unmarked, folded, fingerprinter.FoldedRuledOut, fingerprinter.UnaccentedShare);
        // the share of words typed without marks is measured on the way (EvasionScan leaves it to matching)
        report = report with { Evasion = report.Evasion with { UnaccentedShare = Math.Round(fingerprinter.UnaccentedShare, 3) } };
        return ReportIndexWriter.Prepare(report, [.. hashes], data, matchKey);
    }

    private enum AddOutcome
    {
        Added,
        Unchanged,
        Refused,
    }

    // Adds a prepared report, unless the same id and text are stored already (unchanged), or the id is stored with another
    // text and replace was not asked for (refused: an archived report is never replaced quietly).
    private static AddOutcome AddOne(ReportIndexWriter writer, ReportIndexWriter.Prepared item, List<string> notes, bool replace)
    {
        var report = item.Report;
        if (writer.Contains(report.Id, report.ContentHash))
        {
            return AddOutcome.Unchanged;
        }
        if (writer.HasId(report.Id))
        {
            if (!replace)
            {
                return AddOutcome.Refused;
            }
            notes.Add($"{report.Id}: the stored report was replaced by {report.File} (--replace)");
        }
        if (writer.IdOfContent(report.ContentHash) is { } other && other != report.Id)
        {
            notes.Add($"{report.Id} has exactly the same text as {other}");
        }
        if (report.Quality < Ingest.DocumentReader.LowQuality)
        {
            // stored (it may be a real report in a font we do not know), but never quietly: its text may be mojibake
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{report.Id}: stored, but only {report.Quality:P0} of its words are Vietnamese syllables (an unknown encoding, OCR garbage or another language?); check {report.File}"));
        }
        writer.Add(item);
        return AddOutcome.Added;
    }

    // Why a report was not stored: its id names an archived report with another text.
    private static string IdTakenReason(ReportIndexWriter writer, StoredReport report)
    {
        string stored = writer.StoredFileOf(report.Id) is { } file ? $" (read from {file})" : "";
        return $"the id '{report.Id}' is already in the archive with another text{stored}; not stored, the archived report is unchanged. " +
            "Give this file another id (the manifest's id column, or a folder per year), or ingest with --replace if it corrects that report";
    }

    /// <summary>Ingests the request's reports from extractions made elsewhere (workers on other machines), taken from
    /// <paramref name="feed"/> in whatever order they come. Each item is acknowledged only after the commit that made it
    /// durable, so a killed writer loses nothing that was acknowledged; an item seen twice (a worker died after answering)
    /// is stored once. Ends when every report has an answer.</summary>
    /// <param name="request">The reports (an item's <see cref="FeedItem.Seq"/> is its index in <see cref="IngestRequest.Reports"/>).</param>
    /// <param name="feed">The extractions.</param>
    /// <param name="progress">Progress: done (stored, unchanged or failed) of all.</param>
    /// <param name="ct">Cancellation: what was received is committed first.</param>
    /// <exception cref="IndexInUseException">Another writer holds the index.</exception>
    public async Task<IngestSummary> RunFedAsync(IngestRequest request, IAsyncEnumerable<FeedItem> feed, IProgressSink? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(feed);
        var inputs = request.Reports;
        using var writer = ReportIndexWriter.Open(request.IndexPath, request.WaitForLock, request.NewIndex);
        var quarantine = Quarantine.Load(request.IndexPath);
        var failures = new List<(string File, string Reason)>();
        var notes = new List<string>();
        var seen = new HashSet<int>();
        var unacknowledged = new List<FeedItem>();
        int added = 0;
        int unchanged = 0;
        var lastCommit = DateTime.UtcNow;
        var filter = _options.Filter;
        var fingerprinter = new MatchFingerprinter(filter, _options.Fingerprint);
        async Task CommitAsync()
        {
            writer.Commit();
            lastCommit = DateTime.UtcNow;
            foreach (var item in unacknowledged)
            {
                await item.Ack().ConfigureAwait(false);
            }
            unacknowledged.Clear();
        }
        try
        {
            if (inputs.Count > 0)
            {
                await foreach (var item in feed.WithCancellation(ct).ConfigureAwait(false))
                {
                    if (item.Seq < 0 || item.Seq >= inputs.Count || !seen.Add(item.Seq))
                    {
                        await item.Ack().ConfigureAwait(false); // answered twice, or not ours: stored once already
                        continue;
                    }
                    var input = inputs[item.Seq];
                    var (prepared, error) = item.Document is { } extracted
                        ? Guard(() => PrepareOne(input, DocumentReader.Normalize(extracted with { SourcePath = input.File }), fingerprinter, filter.Key))
                        : (null, item.Error ?? "the worker gave no reason");
                    if (prepared is null)
                    {
                        failures.Add((input.File, error!));
                        if (item.Crashed)
                        {
                            quarantine.Add(input.File, error!);
                        }
                    }
                    else
                    {
                        switch (AddOne(writer, prepared, notes, request.Replace))
                        {
                            case AddOutcome.Added:
                                added++;
                                break;
                            case AddOutcome.Unchanged:
                                unchanged++;
                                break;
                            default:
                                failures.Add((input.File, IdTakenReason(writer, prepared.Report)));
                                break;
                        }
                    }
                    unacknowledged.Add(item);
                    progress?.Report("ingest: done", seen.Count, inputs.Count);
                    if (unacknowledged.Count >= Math.Min(_commitEvery, FedCommitEvery) || DateTime.UtcNow - lastCommit >= CommitInterval)
                    {
                        await CommitAsync().ConfigureAwait(false);
                    }
                    if (seen.Count == inputs.Count)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            await CommitAsync().ConfigureAwait(false);
            progress?.Done();
            WriteErrors(request.IndexPath, failures);
            quarantine.Save();
        }
        return new IngestSummary(added, unchanged, failures.Count, failures, notes, writer.Count);
    }

    private static (ReportIndexWriter.Prepared? Item, string? Error) Guard(Func<(ReportIndexWriter.Prepared?, string?)> prepare)
    {
        try
        {
            return prepare();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, SimEngine.ReasonOf(ex));
        }
    }

    private static void WriteErrors(string indexPath, List<(string File, string Reason)> failures)
    {
        Directory.CreateDirectory(indexPath);
        string path = Path.Combine(indexPath, ErrorsFile);
        AtomicFile.WriteAllText(path, Csv.Write(["file", "reason"], failures.Select(f => new[] { f.File, f.Reason })));
    }
}
