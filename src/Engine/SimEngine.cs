using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SimilarityEngine.Indexing;
using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>The engine's API: every front end (CLI, web application, workers) calls these methods and renders their
/// result records; none re-implements reading, matching or scoring.</summary>
public sealed partial class SimEngine
{
    private readonly EngineOptions _options;
    private readonly DocumentReader _reader;

    /// <summary>Creates the engine.</summary>
    /// <param name="options">Matching options (thresholds, official texts); default <see cref="EngineOptions.Default"/>.</param>
    /// <param name="limits">Input limits; default <see cref="IngestLimits.Default"/>.</param>
    /// <param name="toolFinder">Finds external programs (soffice, tesseract, pdftoppm); default: on PATH.</param>
    /// <param name="isolation">Extract files in child processes (memory cap, crash containment); null: in this process.</param>
    /// <param name="archive">The archive held open between calls (a server); null: each call opens the index and closes it.</param>
    public SimEngine(EngineOptions? options = null, IngestLimits? limits = null, Func<string, string?>? toolFinder = null,
        Ingest.Isolation.IsolatedExtraction? isolation = null, ArchiveHost? archive = null)
    {
        _options = options ?? EngineOptions.Default;
        _reader = new DocumentReader(limits, toolFinder, isolation);
        _readers = archive?.Readers;
    }

    private readonly ReaderPool? _readers;

    private SimEngine(EngineOptions options, DocumentReader reader, ReaderPool? readers)
    {
        _options = options;
        _reader = reader;
        _readers = readers;
    }

    /// <summary>This engine with other matching options (a server's official texts changed), sharing its file reader
    /// and its open index readers.</summary>
    public SimEngine WithOptions(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SimEngine(options, _reader, _readers);
    }

    // the pool's reader of the last commit, or one opened for this call
    private ReaderLease OpenIndex(string path) => _readers?.Acquire(path) ?? ReaderLease.OpenOnce(path);

    /// <summary>The options in force.</summary>
    public EngineOptions Options => _options;

    /// <summary>The input limits in force.</summary>
    public IngestLimits Limits => _reader.Limits;

    /// <summary>Extracts and normalises files, handing each outcome to <paramref name="onFile"/> as soon as it is done
    /// (one call at a time), so that a stopped run keeps what it finished. A file that fails or passes the time limit is
    /// an outcome with its reason; the run goes on.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public ExtractSummary Extract(ExtractRequest request, Action<ExtractOutcome> onFile, IProgressSink? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onFile);
        var failures = new ConcurrentBag<(int Order, string File, string Reason)>();
        int done = 0;
        int skipped = 0;
        var gate = new object();
        var files = request.Files;
        // .doc files convert in batches ahead of their turn (LibreOffice starts once per batch, not per file)
        using var batches = _reader.StartBatches(files.Where(f => f.Refused is null && request.Skip?.Invoke(f) != true).Select(f => f.Path));
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Parallelism), CancellationToken = ct }, i =>
            {
                var file = files[i];
                ExtractOutcome outcome;
                if (file.Refused is { } refused)
                {
                    outcome = new ExtractOutcome(file, null, refused);
                    failures.Add((i, file.Path, refused));
                }
                else if (request.Skip?.Invoke(file) == true)
                {
                    Interlocked.Increment(ref skipped);
                    outcome = new ExtractOutcome(file, null, null, Skipped: true);
                }
                else
                {
                    try
                    {
                        outcome = new ExtractOutcome(file, _reader.Read(file.Path, batches, ct), null);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        outcome = new ExtractOutcome(file, null, ReasonOf(ex));
                        failures.Add((i, file.Path, outcome.Error!));
                    }
                }
                lock (gate)
                {
                    onFile(outcome);
                }
                progress?.Report("extract", Interlocked.Increment(ref done), files.Count);
            });
        }
        finally
        {
            progress?.Done();
        }
        var ordered = failures.OrderBy(f => f.Order).Select(f => (f.File, f.Reason)).ToList();
        return new ExtractSummary(files.Count - ordered.Count - skipped, skipped, ordered);
    }

    /// <summary>Why reading a file failed, in one line.</summary>
    public static string ReasonOf(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex switch
        {
            DocumentFormatException d => d.Reason,
            IOException or UnauthorizedAccessException => $"cannot read the file: {ex.Message}",
            _ => $"unexpected error while reading ({ex.GetType().Name}: {ex.Message})",
        };
    }

    /// <summary>A short label for why a file could not be read, for counting (metrics): tool-missing, encrypted, too-large,
    /// timeout, crashed, corrupt, not-a-document, empty, unreadable or other.</summary>
    public static string ReasonKind(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is DocumentFormatException { Crashed: true })
        {
            return "crashed";
        }
        if (ex is not DocumentFormatException d)
        {
            return ex is IOException or UnauthorizedAccessException ? "unreadable" : "other";
        }
        string r = d.Reason;
        bool Has(params string[] words) => words.Any(w => r.Contains(w, StringComparison.OrdinalIgnoreCase));
        return Has("install", "not found on PATH", "apt-get") ? "tool-missing"
            : Has("encrypted", "password") ? "encrypted"
            : Has("over the limit", "limit of", "expands to", "zip bomb", "intermediate nodes") ? "too-large"
            : Has("timed out", "time limit", "took longer") ? "timeout"
            : Has("empty", "no pages", "no body") ? "empty"
            : Has("not a .docx", "not an .odt", "not a text document", "not a pdf", "content is not", "no Word document") ? "not-a-document"
            : Has("corrupt", "truncated", "could not convert", "broken") ? "corrupt"
            : "other";
    }

    /// <summary>Extracts, normalises, fingerprints and stores reports; idempotent by id and content; commits in batches.</summary>
    /// <exception cref="IndexInUseException">Another writer holds the index.</exception>
    public IngestSummary Ingest(IngestRequest request, IProgressSink? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new IngestService(_options, _reader, request.CommitEvery).Run(request, progress, ct);
    }

    private EngineStamp Stamp(ReportIndexReader corpus) =>
        new("SimilarityEngine", EngineOptions.EngineVersion, _options.Hash, corpus.CommitId, corpus.Count,
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    /// <summary>The submission date (yyyy-MM-dd) and school year a check declares in its metadata (<c>submitted</c>,
    /// <c>year</c>), and the rest of the metadata.</summary>
    /// <exception cref="ArgumentException">A declared value is not a date or a year, with the reason in Vietnamese.</exception>
    public static (string? Submitted, int? Year, IReadOnlyDictionary<string, string> Others) Declared(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var rest = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        string? submitted = null;
        int? year = null;
        if (rest.Remove("submitted", out var s) && !string.IsNullOrWhiteSpace(s))
        {
            submitted = DateOnly.TryParseExact(s.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : throw new ArgumentException($"Ngày nộp '{s.Trim()}' không hợp lệ: hãy ghi theo dạng ngày/tháng/năm (05/09/2024) hoặc 2024-09-05.");
        }
        if (rest.Remove("year", out var y) && !string.IsNullOrWhiteSpace(y))
        {
            year = int.TryParse(y.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1990 and <= 2100
                ? n
                : throw new ArgumentException($"Năm '{y.Trim()}' không hợp lệ: hãy ghi năm bốn chữ số, từ 1990 đến 2100 (ví dụ 2024).");
        }
        return (submitted, year, rest);
    }

    // a report is later than a declared submission when both dates are known and its date is after, or else when both
    // years are known and its year is after (the same day or year stays: either may be the source)
    private static bool Later(StoredReport src, string? submitted, int? year)
    {
        if (src.Collection is not null)
        {
            return false;
        }
        if (submitted is not null && src.Submitted is not null)
        {
            return string.CompareOrdinal(src.Submitted, submitted) > 0;
        }
        return year is int y && src.Year is int sy && sy > y;
    }

    /// <summary>Checks a submission against every report in the index submitted before it. The file is not stored.</summary>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    public CheckResult Check(CheckRequest request, IProgressSink? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var lease = OpenIndex(request.IndexPath);
        var index = lease.Reader;
        progress?.Report("check: reading", 0, 2);
        NormalizedDocument doc;
        using (progress is null ? null : ExtractionProgress.Listen((stage, done, total) =>
            progress.Report(stage == ExtractionProgress.Ocr ? "check: OCR" : "check: reading pages", done, total)))
        {
            doc = _reader.Read(request.File, ct);
        }
        // a declared date or school year places the submission in time: what came after it is never its source
        var (declaredSubmitted, declaredYear, metadata) = Declared(request.Metadata);
        var input = new ReportInput(InputPlanner.NameOf(Path.GetFileName(request.File)), request.File, declaredSubmitted, declaredYear, metadata);
        var report = input.ToReport(doc);
        bool inIndex = false;
        if (index.FindByHash(report.ContentHash) is { } stored)
        {
            // the same text read from this file: what this file did to hide it is its own
            // the reviewer's typed author, school, title … are shown; the archived id, date and year place it in time
            var typed = new Dictionary<string, string>(stored.Metadata, StringComparer.Ordinal);
            foreach (var (k, v) in metadata)
            {
                if (!string.IsNullOrWhiteSpace(v) && k != StoredReport.CollectionKey)
                {
                    typed[k] = v.Trim();
                }
            }
            report = stored with { Evasion = report.Evasion.Any ? report.Evasion : stored.Evasion, Metadata = typed };
            inIndex = true;
        }
        progress?.Report("check: matching", 1, 2);
        var matcher = new CorpusMatcher(index, _options);
        var subDoc = matcher.PrepareSubject(report);
        report = report with { Evasion = report.Evasion with { UnaccentedShare = Math.Round(subDoc.Document.UnaccentedShare, 3) } };
        var subject = new MatchSubject(null, CorpusMatcher.UsableFingerprints(subDoc), () => (report, subDoc));
        bool Earlier(StoredReport sub, StoredReport src) =>
            !(src.Id == sub.Id && src.ContentHash == sub.ContentHash) && !(inIndex && StoredReport.CompareSubmission(src, sub) >= 0)
            && !(!inIndex && Later(src, declaredSubmitted, declaredYear));
        var policy = new PairPolicy(
            Consider: null,
            // only what was submitted before it, never itself
            Accept: Earlier,
            Orient: false,
            Keep: v => v != Verdict.None);
        var results = matcher.MatchAgainstCorpus(subject, policy, ct).Pairs;
        results.Sort((a, b) => b.Score.Containment.CompareTo(a.Score.Containment));
        double union = matcher.Union(subDoc, results.Select(r => r.Score));
        var pictures = matcher.PictureMatches(report, src => Earlier(report, src), results.Select(r => r.Source.Id).ToHashSet(StringComparer.Ordinal));
        progress?.Report("check: matching", 2, 2);
        progress?.Done();
        return new CheckResult(Stamp(index), report, subDoc, inIndex, union, results)
        {
            Sections = matcher.Sections(subDoc, results.Select(r => r.Score)),
            PictureMatches = pictures,
            Pages = PageQuality.Of(doc.Source),
        };
    }

    /// <summary>Screens every report of a year (all when null) against earlier reports and the rest of its year.</summary>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    public ScreenResult Screen(ScreenRequest request, IProgressSink? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        int? year = request.Year;
        using var lease = OpenIndex(request.IndexPath);
        var index = lease.Reader;
        // pass 1: every report's usable fingerprints, into a snapshot; pass 2: the one matching loop over it
        var snapshot = ScreenSnapshot.Build(index, index.Keys(), _options, progress, ct);
        var matcher = new CorpusMatcher(snapshot, _options, bulk: true);
        var entries = snapshot.Entries;
        // collection documents are sources only: never screened as submissions, never paired with each other
        var subjects = Enumerable.Range(0, entries.Count)
            .Where(k => entries[k].Collection is null && (year is null || entries[k].Year == year)).ToList();
        var done = new ConcurrentDictionary<(int, int), bool>();
        var policy = new PairPolicy(
            Consider: (s, c) => done.TryAdd((Math.Min(s!.Value, c), Math.Max(s.Value, c)), true)
                                // later years are not this screen's business
                                && (entries[c].Collection is not null || !(year is not null && (entries[c].Year is null || entries[c].Year > year))),
            Accept: null,
            Orient: true,
            Keep: v => v is Verdict.Recycled or Verdict.NearDuplicate);
        var flagged = new ConcurrentBag<PairResult>();
        int compared = 0;
        int finished = 0;
        try
        {
            Parallel.ForEach(subjects, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, s =>
            {
                var subject = new MatchSubject(s, snapshot.Fingerprints(s), () =>
                {
                    var r = snapshot.Load(s);
                    return (r, matcher.Prepare(r));
                });
                var run = matcher.MatchAgainstCorpus(subject, policy, ct);
                foreach (var p in run.Pairs)
                {
                    // scores and passage places only: the texts are not kept for thousands of pairs
                    flagged.Add(p.Slim());
                }
                Interlocked.Add(ref compared, run.Compared);
                progress?.Report("screen: pairs", Interlocked.Increment(ref finished), subjects.Count);
            });
        }
        finally
        {
            progress?.Done();
        }
        var list = flagged.OrderBy(p => p.Submission.Id, StringComparer.Ordinal).ThenBy(p => p.Source.Id, StringComparer.Ordinal).ToList();
        var evasions = subjects.Where(k => entries[k].Evasion.Any).Select(k => (entries[k].Id, entries[k].Evasion))
            .OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        return new ScreenResult(Stamp(index), year, subjects.Count, compared, list, Clusters(list))
        {
            Recomputed = snapshot.Recomputed,
            Families = snapshot.FamiliesFound,
            Evasions = evasions,
        };
    }

    /// <summary>Connected groups of flagged reports, each oldest first.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Clusters(IReadOnlyList<PairResult> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var byId = new Dictionary<string, StoredReport>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }
        foreach (var p in pairs)
        {
            foreach (var r in new[] { p.Submission, p.Source })
            {
                byId[r.Id] = r;
                parent.TryAdd(r.Id, r.Id);
            }
            string a = Find(p.Submission.Id);
            string b = Find(p.Source.Id);
            if (a != b)
            {
                parent[a] = b;
            }
        }
        return parent.Keys.GroupBy(Find)
            .Select(g => (IReadOnlyList<string>)g.Select(id => byId[id]).Order(Comparer<StoredReport>.Create(StoredReport.CompareSubmission)).Select(r => r.Id).ToList())
            .OrderBy(g => g[0], StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The reference collections in the index (<c>simeng collection add</c>) with their number of documents, by name.</summary>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    public static IReadOnlyList<(string Name, int Documents)> Collections(string indexPath)
    {
        using var index = ReportIndexReader.Open(indexPath);
        return index.All().Where(r => r.Collection is not null).GroupBy(r => r.Collection!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList();
    }

    /// <summary>What the index holds: reports by year, fingerprints, size on disk.</summary>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    public static StatsResult Stats(string indexPath)
    {
        using var index = ReportIndexReader.Open(indexPath);
        var all = index.All();
        var byYear = all.GroupBy(r => r.Year?.ToString(CultureInfo.InvariantCulture) ?? "?")
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        return new StatsResult(indexPath, index.CommitId, index.Count, byYear, index.FingerprintTerms, index.SizeOnDisk(),
            all.Sum(r => (long)Encoding.UTF8.GetByteCount(r.Text)), all.Sum(r => (long)r.Text.Length));
    }
}
