using SimilarityEngine.Similarity;
using SimilarityEngine.Similarity.Corpus;

namespace SimilarityEngine.Engine;

/// <summary>A snapshot of the archive for bulk screening: every report's usable fingerprints as sorted
/// (fingerprint, report) arrays, so that candidates come from memory instead of one index seek per fingerprint.
/// Reports themselves are loaded from the underlying corpus.</summary>
/// <remarks>12 bytes per usable fingerprint in the postings plus 8 in the per-report lists; no object per fingerprint.</remarks>
public sealed class ScreenSnapshot : ICorpus
{
    private readonly ICorpus _source;
    private readonly int[] _sourceKeys;
    private readonly ulong[][] _usable;
    private readonly ulong[] _postingFingerprints;
    private readonly int[] _postingReports;
    private readonly Func<ulong, bool> _isCommon;
    private readonly int _cutOff;
    private readonly Lazy<Dictionary<int, int>> _bySourceKey;

    /// <summary>Submission keys of every report: date, year, ingest order, id, and its reference collection (null for a
    /// submitted report).</summary>
    public sealed record Entry(string Id, string? Submitted, int? Year, int Sequence, string? Collection = null);

    private ScreenSnapshot(ICorpus source, int[] sourceKeys, Entry[] entries, ulong[][] usable, Func<ulong, bool> isCommon, int cutOff)
    {
        _source = source;
        _sourceKeys = sourceKeys;
        Entries = entries;
        _usable = usable;
        _isCommon = isCommon;
        _cutOff = cutOff;
        _bySourceKey = new(() => Enumerable.Range(0, sourceKeys.Length).ToDictionary(k => sourceKeys[k]));
        long total = 0;
        foreach (var u in usable)
        {
            total += u.Length;
        }
        _postingFingerprints = new ulong[total];
        _postingReports = new int[total];
        int at = 0;
        for (int k = 0; k < usable.Length; k++)
        {
            foreach (var fp in usable[k])
            {
                _postingFingerprints[at] = fp;
                _postingReports[at++] = k;
            }
        }
        // PERF: MacroBenchmark screen — one sort instead of a dictionary of lists (≈ 122 B per distinct fingerprint)
        Array.Sort(_postingFingerprints, _postingReports);
    }

    /// <summary>Builds the snapshot: loads and prepares every report of <paramref name="source"/> once, in parallel.</summary>
    /// <param name="source">The archive.</param>
    /// <param name="keys">The keys of the reports in <paramref name="source"/>.</param>
    /// <param name="matcher">A matcher over <paramref name="source"/> (its boilerplate test is kept).</param>
    /// <param name="progress">Progress sink.</param>
    /// <param name="ct">Cancellation.</param>
    public static ScreenSnapshot Build(ICorpus source, IReadOnlyList<int> keys, CorpusMatcher matcher, IProgressSink? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(matcher);
        var entries = new Entry[keys.Count];
        var usable = new ulong[keys.Count][];
        int prepared = 0;
        Parallel.For(0, keys.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, k =>
        {
            var r = source.Load(keys[k]);
            entries[k] = new Entry(r.Id, r.Submitted, r.Year, r.Sequence, r.Collection);
            // the prepared report is not kept: memory would grow with the corpus; pass 2 prepares again only reports with candidates
            var fps = CorpusMatcher.UsableFingerprints(matcher.Prepare(r, cache: false)).ToArray();
            Array.Sort(fps);
            usable[k] = fps;
            progress?.Report("screen: fingerprints", Interlocked.Increment(ref prepared), keys.Count);
        });
        progress?.Done();
        return new ScreenSnapshot(source, [.. keys], entries, usable,
            matcher.IsCommon ?? throw new ArgumentException("the matcher must be a bulk one", nameof(matcher)), matcher.CommonCutOff);
    }

    /// <summary>Every report's submission keys, by snapshot key.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>The usable fingerprints of report <paramref name="key"/>, sorted.</summary>
    public IReadOnlyCollection<ulong> Fingerprints(int key) => _usable[key];

    /// <inheritdoc />
    public int Count => _source.Count;

    /// <inheritdoc />
    public string CommitId => _source.CommitId;

    /// <inheritdoc />
    public Func<ulong, bool> CommonFingerprints(int cutOff) =>
        cutOff == _cutOff ? _isCommon : _source.CommonFingerprints(cutOff);

    /// <inheritdoc />
    public IReadOnlySet<ulong> CommonAmong(IReadOnlyCollection<ulong> fingerprints, int cutOff)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        if (cutOff != _cutOff)
        {
            return _source.CommonAmong(fingerprints, cutOff);
        }
        return fingerprints.Where(_isCommon).ToHashSet();
    }

    /// <inheritdoc />
    public Dictionary<int, int> FindByPictures(IReadOnlyCollection<ulong> terms, int maxDocFreq)
    {
        // the source's keys, translated to this snapshot's (the map is made once, on first use)
        var byKey = _bySourceKey.Value;
        return _source.FindByPictures(terms, maxDocFreq).Where(kv => byKey.ContainsKey(kv.Key)).ToDictionary(kv => byKey[kv.Key], kv => kv.Value);
    }

    /// <inheritdoc />
    public int PictureFrequency(ulong exact) => _source.PictureFrequency(exact);

    /// <inheritdoc />
    public Dictionary<int, int> FindCandidates(IReadOnlyCollection<ulong> fingerprints, int maxDocFreq)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        var counts = new Dictionary<int, int>();
        foreach (var fp in fingerprints)
        {
            int lo = LowerBound(fp);
            int hi = lo;
            while (hi < _postingFingerprints.Length && _postingFingerprints[hi] == fp)
            {
                hi++;
            }
            if (hi - lo > maxDocFreq)
            {
                continue;
            }
            for (int i = lo; i < hi; i++)
            {
                int k = _postingReports[i];
                counts[k] = counts.TryGetValue(k, out int n) ? n + 1 : 1;
            }
        }
        return counts;
    }

    private int LowerBound(ulong fp) => Sorted.LowerBound<ulong>(_postingFingerprints, fp);

    /// <inheritdoc />
    public StoredReport Load(int key) => _source.Load(_sourceKeys[key]);

    /// <inheritdoc />
    public StoredReport? FindByHash(string contentHash) => _source.FindByHash(contentHash);
}
