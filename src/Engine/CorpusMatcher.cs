using System.Collections.Concurrent;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;
using SimilarityEngine.Similarity.Pictures;

namespace SimilarityEngine.Engine;

/// <summary>The report being matched against the corpus. Its text is loaded and prepared only when it has candidates.</summary>
/// <param name="Key">Its key in the corpus, or null when it is not stored there.</param>
/// <param name="Fingerprints">Its usable fingerprints (distinct).</param>
/// <param name="Load">Loads the report and its prepared form.</param>
public sealed record MatchSubject(int? Key, IReadOnlyCollection<ulong> Fingerprints, Func<(StoredReport Report, MaskedDocument Doc)> Load);

/// <summary>Which pairs one matching run looks at and keeps.</summary>
/// <param name="Consider">Cheap test on (subject key, candidate key) before the candidate is loaded; null: all.</param>
/// <param name="Accept">Test on (subject, candidate) once loaded; null: all.</param>
/// <param name="Orient">True: the later of the two by submission order is the submission (screen). False: the subject is
/// always the submission (check).</param>
/// <param name="Keep">Verdicts reported.</param>
public sealed record PairPolicy(Func<int?, int, bool>? Consider, Func<StoredReport, StoredReport, bool>? Accept, bool Orient,
    Func<Verdict, bool> Keep);

/// <summary>What one run of the matching loop found.</summary>
/// <param name="Pairs">The pairs the policy keeps.</param>
/// <param name="Compared">Pairs aligned.</param>
public sealed record MatchRun(List<PairResult> Pairs, int Compared);

/// <summary>Matches reports against a corpus: boilerplate by document frequency, candidates by shared fingerprints, then
/// alignment. One loop (<see cref="MatchAgainstCorpus"/>) serves check and screen alike.</summary>
public sealed class CorpusMatcher
{
    private readonly ICorpus _corpus;
    private readonly EngineOptions _options;
    private readonly BoilerplateFilter _boilerplate;
    private readonly PairMatcher _matcher;
    private readonly Func<ulong, bool>? _isCommon;
    // fingerprints common by their raw frequency that families of copies bring under the cut-off: the census's (screen) or
    // those found around the subject (check)
    private readonly Func<ulong, bool> _isFamily;
    private HashSet<ulong> _familyAround = [];
    // PERF: MacroBenchmark screen — prepared reports kept for the pairs that follow (a source copied by several reports),
    // least recently used forgotten first, so memory stays bounded whatever the archive's size
    private readonly LruCache<string, MaskedDocument> _cache = new(256, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ulong, bool> _commonPictures = new();
    private readonly int _cutOff;

    /// <summary>Creates a matcher over <paramref name="corpus"/>.</summary>
    /// <param name="corpus">The archive.</param>
    /// <param name="options">Engine options.</param>
    /// <param name="bulk">Many reports will be matched (screen): the corpus computes its common fingerprints once.</param>
    public CorpusMatcher(ICorpus corpus, EngineOptions options, bool bulk = false)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        _corpus = corpus;
        _options = options;
        _boilerplate = options.Filter;
        _matcher = new PairMatcher(new SeedExtendAligner(options.Alignment), options.Alignment.ParagraphFill,
            new ParaphraseExtender(options.Alignment), options.Fingerprint.UnaccentedShare);
        _cutOff = options.Boilerplate.CutOff(corpus.Count);
        // PERF: MacroBenchmark screen — for many reports the whole common set once; for one (check), CommonAmong in Prepare
        _isCommon = bulk ? corpus.CommonFingerprints(_cutOff) : null;
        _isFamily = bulk ? corpus.Census(_cutOff).IsFamily : fp => _familyAround.Contains(fp);
    }

    /// <summary>Fingerprints in more reports than this are boilerplate.</summary>
    public int CommonCutOff => _cutOff;

    /// <summary>The test for corpus-common fingerprints of a bulk matcher; null otherwise.</summary>
    public Func<ulong, bool>? IsCommon => _isCommon;

    /// <summary>The options in force.</summary>
    public EngineOptions Options => _options;

    /// <summary>The corpus matched against.</summary>
    public ICorpus Corpus => _corpus;

    /// <summary>Prepares and masks a report (cached by id and content for stored reports).</summary>
    public MaskedDocument Prepare(StoredReport report, bool cache = true) => Prepare(report, cache, out _);

    private MaskedDocument Prepare(StoredReport report, bool cache, out int commonCount, bool subject = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        commonCount = -1;
        string key = report.Id + "\0" + report.ContentHash;
        if (cache && _cache.TryGet(key, out var m))
        {
            return m;
        }
        var doc = MatchDocument.Prepare(report.Text, _options.Fingerprint, MaskedValues(report), foldedStream: subject);
        var isCommon = _isCommon;
        if (isCommon is null)
        {
            // one pass over the index for this report's fingerprints, not one look-up each. PERF: MacroBenchmark check — the
            // folded stream is not asked: a common folded fingerprint finds no candidate anyway (FindCandidates skips it)
            var fps = new ulong[doc.Fingerprints.Length];
            for (int i = 0; i < fps.Length; i++)
            {
                fps[i] = doc.Fingerprints[i].Hash;
            }
            var common = _corpus.CommonAmong(fps, _cutOff);
            commonCount = common.Count;
            var family = _familyAround;
            isCommon = family.Count == 0 ? common.Contains : fp => common.Contains(fp) && !family.Contains(fp);
        }
        var masked = _boilerplate.Apply(doc, isCommon);
        if (cache)
        {
            _cache.Set(key, masked);
        }
        return masked;
    }

    /// <summary>Prepares the report matched against the corpus (check): first finds the families of copies around it, so
    /// that text it shares with many copies of one report is not taken for boilerplate (<see cref="CopyFamilies"/>); then
    /// every report prepared by this matcher is masked accordingly.</summary>
    /// <param name="report">The report.</param>
    /// <param name="self">Its key when it is in the corpus.</param>
    public MaskedDocument PrepareSubject(StoredReport report, int? self = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (_isCommon is not null)
        {
            return Prepare(report, cache: false, out _, subject: true);
        }
        // PERF: MacroBenchmark check — most reports hold nothing over the cut-off: no family to look for
        var first = Prepare(report, cache: false, out int common, subject: true);
        if (common == 0)
        {
            return first;
        }
        var filter = _boilerplate;
        var fingerprinter = new MatchFingerprinter(filter, _options.Fingerprint);
        byte[] DataOf(int key)
        {
            var rec = _corpus.ReadScreenRecord(key);
            if (rec.Fingerprints is { } data && rec.FingerprintKey == filter.Key)
            {
                return data;
            }
            var r = _corpus.Load(key);
            return fingerprinter.Encode(r.Text, MaskedValues(r));
        }
        var subject = fingerprinter.Encode(report.Text, MaskedValues(report));
        _familyAround = Families.Around(_corpus, subject, self, DataOf, _options.Boilerplate, _options.Fingerprint, _cutOff);
        return _familyAround.Count == 0 ? first : Prepare(report, cache: false, out _, subject: true);
    }

    /// <summary>Fingerprints that families of copies brought under the cut-off (check: around the subject prepared by
    /// <see cref="PrepareSubject"/>).</summary>
    public int FamilyFingerprints => _familyAround.Count;

    /// <summary>The variable values masked in a report: its own author and school names.</summary>
    public static IEnumerable<string> MaskedValues(StoredReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        foreach (var key in new[] { "author", "school" })
        {
            if (r.Meta(key) is { } v)
            {
                yield return v;
            }
        }
    }

    /// <summary>The distinct fingerprints of a report that may find candidates (not boilerplate, not excluded), with its
    /// folded stream's.</summary>
    public static HashSet<ulong> UsableFingerprints(MaskedDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var fps = new HashSet<ulong>();
        foreach (var fp in doc.Document.Fingerprints)
        {
            if (doc.UsableShingles[fp.Position])
            {
                fps.Add(fp.Hash);
            }
        }
        // text typed without marks on either side meets through the folded stream
        fps.UnionWith(doc.UsableFolded);
        return fps;
    }

    /// <summary>Keeps the candidates with enough shared fingerprints, most first, at most <see cref="EngineOptions.MaxCandidates"/>.</summary>
    public IReadOnlyList<(int Key, int Shared)> Rank(Dictionary<int, int> shared) =>
        shared.Where(kv => kv.Value >= _options.MinSharedFingerprints)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
            .Take(_options.MaxCandidates)
            .Select(kv => (kv.Key, kv.Value)).ToList();

    /// <summary>The matching loop of check and screen: candidates of <paramref name="subject"/> from the corpus, each
    /// aligned and judged; the pairs that <paramref name="policy"/> keeps are returned.</summary>
    public MatchRun MatchAgainstCorpus(MatchSubject subject, PairPolicy policy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(policy);
        var results = new List<PairResult>();
        int compared = 0;
        var shared = _corpus.FindCandidates(subject.Fingerprints, _cutOff);
        // fingerprints over the cut-off held by families of copies find their reports too, up to the family limit
        var family = subject.Fingerprints.Where(_isFamily).ToList();
        if (family.Count > 0)
        {
            foreach (var (key, n) in _corpus.FindCandidates(family, _options.Boilerplate.FamilyMax))
            {
                shared[key] = shared.GetValueOrDefault(key) + n;
            }
        }
        if (subject.Key is int self)
        {
            shared.Remove(self);
        }
        (StoredReport Report, MaskedDocument Doc)? loaded = null;
        foreach (var (key, _) in Rank(shared))
        {
            ct.ThrowIfCancellationRequested();
            if (policy.Consider is { } consider && !consider(subject.Key, key))
            {
                continue;
            }
            loaded ??= subject.Load();
            var (me, myDoc) = loaded.Value;
            var other = _corpus.Load(key);
            if (policy.Accept is { } accept && !accept(me, other))
            {
                continue;
            }
            bool subjectIsSubmission = !policy.Orient || StoredReport.CompareSubmission(me, other) > 0;
            var r = subjectIsSubmission ? Match(me, myDoc, other) : Match(other, Prepare(other), me, myDoc);
            compared++;
            if (policy.Keep(r.Verdict))
            {
                results.Add(r);
            }
        }
        return new MatchRun(results, compared);
    }

    /// <summary>The similarity index: the submission's share covered by all the given pairs' passages.</summary>
    public double Union(MaskedDocument submission, IEnumerable<PairScore> scores) => _matcher.Union(submission, scores);

    /// <summary>Containment per SKKN section of the submission under all the given scores' passages together.</summary>
    public IReadOnlyList<SectionShare> Sections(MaskedDocument submission, IEnumerable<PairScore> scores) =>
        _matcher.Sections(submission, scores.SelectMany(s => s.Passages));

    /// <summary>Scores and judges a pair again from the passages given (a subset of those found).</summary>
    public PairResult Rescore(PairResult pair, IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (pair.SubmissionDoc is not { } subDoc || pair.SourceDoc is not { } srcDoc)
        {
            throw new InvalidOperationException("a pair without its texts cannot be scored again");
        }
        var score = _matcher.Score(subDoc, srcDoc, passages);
        return pair with { Score = score, Verdict = _options.Verdicts.Judge(score), Sections = _matcher.Sections(subDoc, passages) };
    }

    /// <summary>Aligns and judges one pair.</summary>
    public PairResult Match(StoredReport submission, MaskedDocument subDoc, StoredReport source, MaskedDocument? srcDoc = null)
    {
        srcDoc ??= Prepare(source);
        var score = _matcher.Match(subDoc, srcDoc);
        var verdict = _options.Verdicts.Judge(score);
        return new PairResult(submission, source, score, verdict, subDoc, srcDoc)
        {
            Folded = _matcher.Folds(subDoc, srcDoc),
            // only for pairs worth showing: screen aligns many more pairs than it keeps
            Sections = verdict == Verdict.None ? [] : _matcher.Sections(subDoc, score.Passages),
            SharedPictures = SharedPictures(submission, source),
        };
    }

    /// <summary>The pictures of <paramref name="submission"/> found in <paramref name="source"/>, leaving out pictures held by
    /// more reports than the boilerplate cut-off (school logos, the national emblem).</summary>
    public IReadOnlyList<SharedPicture> SharedPictures(StoredReport submission, StoredReport source)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(source);
        if (submission.Pictures.Count == 0 || source.Pictures.Count == 0)
        {
            return [];
        }
        return DifferenceHash.Shared(submission.Pictures, source.Pictures,
            p => _commonPictures.GetOrAdd(p.Exact, e => _corpus.PictureFrequency(e) > _cutOff));
    }

    /// <summary>Reports of the corpus that share pictures with <paramref name="submission"/>, found by picture terms and
    /// confirmed by hash; those <paramref name="accept"/> refuses or <paramref name="skip"/> lists are left out.</summary>
    public IReadOnlyList<PictureMatch> PictureMatches(StoredReport submission, Func<StoredReport, bool> accept, ISet<string> skip)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(accept);
        ArgumentNullException.ThrowIfNull(skip);
        if (submission.Pictures.Count == 0)
        {
            return [];
        }
        var terms = submission.Pictures.SelectMany(p => p.Terms()).Distinct().ToList();
        var matches = new List<PictureMatch>();
        foreach (var (key, _) in _corpus.FindByPictures(terms, _cutOff).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(_options.MaxCandidates))
        {
            var other = _corpus.Load(key);
            if (skip.Contains(other.Id) || !accept(other))
            {
                continue;
            }
            var shared = SharedPictures(submission, other);
            if (shared.Count > 0)
            {
                matches.Add(new PictureMatch(other, shared));
            }
        }
        return matches.OrderByDescending(m => m.Shared.Count).ThenBy(m => m.Source.Id, StringComparer.Ordinal).ToList();
    }
}
