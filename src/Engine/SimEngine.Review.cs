using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

public sealed partial class SimEngine
{
    /// <summary>What must be kept of a check to review it later (see <see cref="Reload"/>).</summary>
    public static CheckState StateOf(CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CheckState(JsonContracts.Schema, result.Stamp, result.Submission, result.InIndex,
            result.Sources.Select(p => new SourcePassages(p.Source.Id, p.Score.Passages)).ToList())
        {
            Pages = result.Pages,
        };
    }

    /// <summary>Rebuilds a stored check from the index: the submission and its sources are prepared again and scored from
    /// the stored passages, without aligning anew. A source no longer in the index is left out and named in
    /// <paramref name="missing"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    public CheckResult Reload(string indexPath, CheckState state, out IReadOnlyList<string> missing)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var lease = OpenIndex(indexPath);
        var index = lease.Reader;
        var matcher = new CorpusMatcher(index, _options);
        var subDoc = matcher.PrepareSubject(state.Submission);
        var pairs = new List<PairResult>();
        var gone = new List<string>();
        foreach (var s in state.Sources)
        {
            if (index.Find(s.SourceId) is not { } source)
            {
                gone.Add(s.SourceId);
                continue;
            }
            var first = new PairResult(state.Submission, source, new(0, 0, 0, 0, []), default, subDoc, matcher.Prepare(source, cache: false));
            pairs.Add(matcher.Rescore(first, s.Passages));
        }
        missing = gone;
        return new CheckResult(state.Stamp, state.Submission, subDoc, state.InIndex, matcher.Union(subDoc, pairs.Select(p => p.Score)), pairs)
        {
            Sections = matcher.Sections(subDoc, pairs.Select(p => p.Score)),
            Pages = state.Pages ?? [],
        };
    }

    /// <summary>The check with the reviewer's exclusions applied: excluded sources and passages are left out, every
    /// remaining pair and the similarity index are scored again the same way as in the check.</summary>
    public CheckResult Rescore(CheckResult result, IReadOnlyCollection<CheckExclusion> exclusions)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(exclusions);
        var scorer = new CorpusMatcher(new EmptyCorpus(), _options);
        var kept = new List<PairResult>();
        foreach (var p in result.Sources)
        {
            if (exclusions.Any(e => e.Passage is null && e.SourceId == p.Source.Id))
            {
                continue;
            }
            var passages = p.Score.Passages
                .Where((_, i) => !exclusions.Any(e => e.SourceId == p.Source.Id && e.Passage == i + 1))
                .ToList();
            if (passages.Count == p.Score.Passages.Count)
            {
                kept.Add(p);
            }
            else if (passages.Count > 0)
            {
                kept.Add(scorer.Rescore(p, passages));
            }
        }
        kept.Sort((a, b) => b.Score.Containment.CompareTo(a.Score.Containment));
        return result with
        {
            Sources = kept,
            SimilarityIndex = scorer.Union(result.SubmissionDoc, kept.Select(k => k.Score)),
            Sections = scorer.Sections(result.SubmissionDoc, kept.Select(k => k.Score)),
        };
    }

    // Re-scoring needs the matcher's scoring, never the corpus.
    private sealed class EmptyCorpus : ICorpus
    {
        public int Count => 0;

        public string CommitId => "";

        public Func<ulong, bool> CommonFingerprints(int cutOff) => _ => false;

        public IReadOnlySet<ulong> CommonAmong(IReadOnlyCollection<ulong> fingerprints, int cutOff) => new HashSet<ulong>();

        public Dictionary<int, int> FindCandidates(IReadOnlyCollection<ulong> fingerprints, int maxDocFreq) => [];

        public Dictionary<ulong, int> DocFrequencies(IReadOnlyCollection<ulong> fingerprints) => [];

        public Dictionary<int, int> FindByPictures(IReadOnlyCollection<ulong> terms, int maxDocFreq) => [];

        public int PictureFrequency(ulong exact) => 0;

        public FingerprintCensus Census(int cutOff) => new([], []);

        public ScreenRecord ReadScreenRecord(int key) => throw new KeyNotFoundException();

        public StoredReport Load(int key) => throw new KeyNotFoundException();

        public StoredReport? FindByHash(string contentHash) => null;
    }

    /// <summary>The checks made on an uploaded file before any work starts: size, and type by content.</summary>
    /// <exception cref="Ingest.DocumentFormatException">The file is refused, with the reason.</exception>
    public void Admit(string path) => _reader.Admit(path);

    /// <summary>Stores a report already read (a checked submission the reviewer adds to the archive) with its fingerprints,
    /// and commits. Nothing happens when the same id and text are stored already.</summary>
    /// <exception cref="IndexInUseException">Another writer holds the index for longer than <paramref name="waitForLock"/>.</exception>
    /// <exception cref="ArgumentException">Another report with this id but a different text is stored.</exception>
    public void Archive(string indexPath, StoredReport report, TimeSpan waitForLock = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var writer = ReportIndexWriter.Open(indexPath, waitForLock);
        if (writer.Contains(report.Id, report.ContentHash))
        {
            return;
        }
        using (var existing = ReportIndexReader.Exists(indexPath) ? ReportIndexReader.Open(indexPath) : null)
        {
            if (existing?.Find(report.Id) is not null)
            {
                throw new ArgumentException($"the archive already holds another report with the id '{report.Id}'");
            }
        }
        var filter = _options.Filter;
        writer.Add(IngestService.Prepare(report, new MatchFingerprinter(filter, _options.Fingerprint), filter.Key));
        writer.Commit();
    }

    /// <summary>Creates an empty index at <paramref name="indexPath"/> when there is none (a server's first start).</summary>
    public static void EnsureIndex(string indexPath, TimeSpan waitForLock = default)
    {
        if (!ReportIndexReader.Exists(indexPath))
        {
            using var writer = ReportIndexWriter.Open(indexPath, waitForLock);
            writer.Commit();
        }
    }

    /// <summary>Searches the archive (see <see cref="ReportIndexReader.Search"/>).</summary>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    public IReadOnlyList<ArchiveHit> Search(string indexPath, ArchiveQuery query, int max = 50, int skip = 0)
    {
        using var lease = OpenIndex(indexPath);
        var index = lease.Reader;
        return index.Search(query, max, skip);
    }

    /// <summary>A stored report and its matches in both directions: the earlier reports it copied from, and the later
    /// reports that copied it. Null when there is no report with that id.</summary>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    public ReportMatches? MatchesOf(string indexPath, string id, CancellationToken ct = default)
    {
        using var lease = OpenIndex(indexPath);
        var index = lease.Reader;
        if (index.DocNumberOf(id) is not int self)
        {
            return null;
        }
        var report = index.Load(self);
        var matcher = new CorpusMatcher(index, _options);
        var doc = matcher.PrepareSubject(report, self);
        var subject = new MatchSubject(self, CorpusMatcher.UsableFingerprints(doc), () => (report, doc));
        var policy = new PairPolicy(null, (a, b) => a.Id != b.Id, Orient: true, Keep: v => v is not Similarity.Matching.Verdict.None);
        var pairs = matcher.MatchAgainstCorpus(subject, policy, ct).Pairs;
        var copied = pairs.Where(p => p.Submission.Id == id).OrderByDescending(p => p.Score.Containment).ToList();
        var copiedBy = pairs.Where(p => p.Source.Id == id).OrderByDescending(p => p.Score.ContainmentSource).ToList();
        return new ReportMatches(report, copied, copiedBy);
    }

    /// <summary>Two archived reports compared as a screen compares them (boilerplate by the archive's document frequency),
    /// with both texts for the side-by-side view: the later one is the submission. Null when either id is unknown or they
    /// are the same report; <see cref="PairComparison.Pair"/> is null when the two share no counted text.</summary>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    public PairComparison? ComparePair(string indexPath, string firstId, string secondId, CancellationToken ct = default)
    {
        using var lease = OpenIndex(indexPath);
        var index = lease.Reader;
        if (firstId == secondId || index.DocNumberOf(firstId) is not int first || index.DocNumberOf(secondId) is not int second)
        {
            return null;
        }
        var report = index.Load(first);
        var other = index.Load(second);
        var matcher = new CorpusMatcher(index, _options);
        var prepared = matcher.PrepareSubject(report, first);
        var subject = new MatchSubject(first, CorpusMatcher.UsableFingerprints(prepared), () => (report, prepared));
        var policy = new PairPolicy((_, key) => key == second, (x, y) => x.Id != y.Id, Orient: true, Keep: _ => true);
        var pair = matcher.MatchAgainstCorpus(subject, policy, ct).Pairs.FirstOrDefault();
        bool firstIsLater = StoredReport.CompareSubmission(report, other) >= 0;
        return new PairComparison(firstIsLater ? report : other, firstIsLater ? other : report, pair);
    }
}
