using System.Collections.Concurrent;
using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>A pair's result: who copies whom, how much, where.</summary>
public sealed record PairResult(StoredReport Submission, StoredReport Source, PairScore Score, Verdict Verdict,
    MaskedDocument SubmissionDoc, MaskedDocument SourceDoc)
{
    /// <summary>Same author (by metadata, case-insensitive).</summary>
    public bool SameAuthor => Same("author");

    /// <summary>Same school.</summary>
    public bool SameSchool => Same("school");

    private bool Same(string key) =>
        Submission.Meta(key) is { } a && Source.Meta(key) is { } b && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>Matches reports against the index: boilerplate by document frequency, candidates by shared fingerprints, then alignment.</summary>
public sealed class CorpusMatcher
{
    private readonly ReportIndexReader _index;
    private readonly EngineOptions _options;
    private readonly BoilerplateFilter _boilerplate;
    private readonly PairMatcher _matcher;
    private readonly ConcurrentDictionary<ulong, bool> _common = new();
    private readonly ConcurrentDictionary<string, MaskedDocument> _cache = new(StringComparer.Ordinal);
    private readonly int _cutOff;

    private readonly HashSet<ulong>? _commonSet;

    /// <summary>Creates a matcher over <paramref name="index"/>.</summary>
    /// <param name="index">The index.</param>
    /// <param name="options">Engine options.</param>
    /// <param name="bulk">Many reports will be matched (screen): load every common fingerprint once, instead of asking
    /// the index for each fingerprint's document frequency.</param>
    public CorpusMatcher(ReportIndexReader index, EngineOptions options, bool bulk = false)
    {
        _index = index;
        _options = options;
        _boilerplate = new BoilerplateFilter(options.Fingerprint, options.OfficialTexts);
        _matcher = new PairMatcher(new SeedExtendAligner(options.Alignment), options.Alignment.ParagraphFill);
        _cutOff = options.Boilerplate.CutOff(index.Count);
        if (bulk)
        {
            // PERF: MacroBenchmark screen — one pass over the terms instead of one seek per fingerprint per report
            _commonSet = index.CommonFingerprints(_cutOff);
        }
    }

    /// <summary>Fingerprints in more reports than this are boilerplate.</summary>
    public int CommonCutOff => _cutOff;

    /// <summary>The options in force.</summary>
    public EngineOptions Options => _options;

    private bool IsCommon(ulong fp) => _commonSet is not null
        ? _commonSet.Contains(fp & Indexing.ReportIndexWriterTerms.Mask)
        : _common.GetOrAdd(fp, f => _index.DocFreq(f) > _cutOff);

    /// <summary>Prepares and masks a report (cached by id for stored reports).</summary>
    public MaskedDocument Prepare(StoredReport report, bool cache = true)
    {
        if (cache && _cache.TryGetValue(report.Id + "\0" + report.ContentHash, out var m))
        {
            return m;
        }
        var doc = MatchDocument.Prepare(report.Text, _options.Fingerprint, MaskedValues(report));
        var masked = _boilerplate.Apply(doc, IsCommon);
        if (cache)
        {
            if (_cache.Count > 1000)
            {
                _cache.Clear();
            }
            _cache[report.Id + "\0" + report.ContentHash] = masked;
        }
        return masked;
    }

    /// <summary>The variable values masked in a report: its own author and school names.</summary>
    public static IEnumerable<string> MaskedValues(StoredReport r)
    {
        foreach (var key in new[] { "author", "school" })
        {
            if (r.Meta(key) is { } v)
            {
                yield return v;
            }
        }
    }

    /// <summary>The distinct fingerprints of a report that may find candidates (not boilerplate, not excluded).</summary>
    public static HashSet<ulong> UsableFingerprints(MaskedDocument doc)
    {
        var fps = new HashSet<ulong>();
        foreach (var fp in doc.Document.Fingerprints)
        {
            if (doc.UsableShingles[fp.Position])
            {
                fps.Add(fp.Hash);
            }
        }
        return fps;
    }

    /// <summary>Candidate sources for <paramref name="submission"/>: internal doc numbers by shared fingerprints, most first.</summary>
    public IReadOnlyList<(int DocNumber, int Shared)> Candidates(MaskedDocument submission) =>
        Rank(_index.SharedFingerprints(UsableFingerprints(submission), _cutOff));

    /// <summary>Keeps the candidates with enough shared fingerprints, most first, at most <see cref="EngineOptions.MaxCandidates"/>.</summary>
    public IReadOnlyList<(int DocNumber, int Shared)> Rank(Dictionary<int, int> shared) =>
        shared.Where(kv => kv.Value >= _options.MinSharedFingerprints)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
            .Take(_options.MaxCandidates)
            .Select(kv => (kv.Key, kv.Value)).ToList();

    /// <summary>The similarity index: the submission's share covered by all the given pairs' passages.</summary>
    public double Union(MaskedDocument submission, IEnumerable<PairScore> scores) => _matcher.Union(submission, scores);

    /// <summary>Aligns and judges one pair.</summary>
    public PairResult Match(StoredReport submission, MaskedDocument subDoc, StoredReport source)
    {
        var srcDoc = Prepare(source);
        var score = _matcher.Match(subDoc, srcDoc);
        return new PairResult(submission, source, score, _options.Verdicts.Judge(score), subDoc, srcDoc);
    }

    /// <summary>Order of submission: date, else school year, else ingest order. Negative when <paramref name="a"/> came first.</summary>
    public static int CompareSubmission(StoredReport a, StoredReport b)
    {
        if (a.Submitted is not null && b.Submitted is not null)
        {
            int c = string.CompareOrdinal(a.Submitted, b.Submitted);
            if (c != 0)
            {
                return c;
            }
        }
        if (a.Year is int ya && b.Year is int yb && ya != yb)
        {
            return ya.CompareTo(yb);
        }
        return a.Sequence.CompareTo(b.Sequence);
    }
}
