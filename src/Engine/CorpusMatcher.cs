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

    /// <summary>Creates a matcher over <paramref name="index"/>.</summary>
    public CorpusMatcher(ReportIndexReader index, EngineOptions options)
    {
        _index = index;
        _options = options;
        _boilerplate = new BoilerplateFilter(options.Fingerprint, options.OfficialTexts);
        _matcher = new PairMatcher(new SeedExtendAligner(options.Alignment));
        _cutOff = options.Boilerplate.CutOff(index.Count);
    }

    /// <summary>Fingerprints in more reports than this are boilerplate.</summary>
    public int CommonCutOff => _cutOff;

    /// <summary>The options in force.</summary>
    public EngineOptions Options => _options;

    private bool IsCommon(ulong fp) => _common.GetOrAdd(fp, f => _index.DocFreq(f) > _cutOff);

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
            if (_cache.Count > 4000)
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

    /// <summary>Candidate sources for <paramref name="submission"/>: internal doc numbers by shared fingerprints, most first.</summary>
    public IReadOnlyList<(int DocNumber, int Shared)> Candidates(MaskedDocument submission)
    {
        var fps = new HashSet<ulong>();
        foreach (var fp in submission.Document.Fingerprints)
        {
            if (submission.UsableShingles[fp.Position])
            {
                fps.Add(fp.Hash);
            }
        }
        var shared = _index.SharedFingerprints(fps, _cutOff);
        return shared.Where(kv => kv.Value >= _options.MinSharedFingerprints)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
            .Take(_options.MaxCandidates)
            .Select(kv => (kv.Key, kv.Value)).ToList();
    }

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
