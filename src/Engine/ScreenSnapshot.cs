using SimilarityEngine.Similarity;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>A snapshot of the archive for bulk screening, in bounded memory: the usable fingerprints that at least two
/// reports share, as sorted (fingerprint, report) arrays and per report, so that candidates come from memory instead of one
/// index seek per fingerprint. It is built from the fingerprints stored at ingest (no text is read) and the document
/// frequencies of one pass over the terms. Reports themselves are loaded from the underlying corpus when they have
/// candidates.</summary>
/// <remarks>Memory: 20 bytes per shared usable fingerprint of a report (12 in the sorted postings, 8 in the per-report
/// lists), 8 per distinct shared fingerprint in the census, one hash-set entry per common one, and the submission keys of
/// every report. Fingerprints found in one report only, most of them, cost nothing.</remarks>
public sealed class ScreenSnapshot : ICorpus
{
    private readonly ICorpus _source;
    private readonly int[] _sourceKeys;
    private readonly ulong[] _byReport;
    private readonly int[] _reportStart;
    private readonly ulong[] _postingFingerprints;
    private readonly int[] _postingReports;
    private readonly FingerprintCensus _census;
    private readonly int _cutOff;
    private readonly Lazy<Dictionary<int, int>> _bySourceKey;

    /// <summary>Submission keys of every report: date, year, ingest order, id, and its reference collection (null for a
    /// submitted report).</summary>
    public sealed record Entry(string Id, string? Submitted, int? Year, int Sequence, string? Collection = null)
    {
        /// <summary>What the report did to look original to a checker.</summary>
        public EvasionSignals Evasion { get; init; } = EvasionSignals.None;
    }

    private ScreenSnapshot(ICorpus source, int[] sourceKeys, Entry[] entries, ulong[][] shared, FingerprintCensus census, int cutOff)
    {
        _source = source;
        _sourceKeys = sourceKeys;
        Entries = entries;
        _census = census;
        _cutOff = cutOff;
        _bySourceKey = new(() => Enumerable.Range(0, sourceKeys.Length).ToDictionary(k => sourceKeys[k]));
        _reportStart = new int[shared.Length + 1];
        for (int k = 0; k < shared.Length; k++)
        {
            _reportStart[k + 1] = _reportStart[k] + shared[k].Length;
        }
        int total = _reportStart[^1];
        _byReport = new ulong[total];
        _postingFingerprints = new ulong[total];
        _postingReports = new int[total];
        for (int k = 0; k < shared.Length; k++)
        {
            shared[k].CopyTo(_byReport, _reportStart[k]);
            shared[k].CopyTo(_postingFingerprints, _reportStart[k]);
            _postingReports.AsSpan(_reportStart[k], shared[k].Length).Fill(k);
            shared[k] = [];
        }
        // PERF: MacroBenchmark screen — one sort instead of a dictionary of lists (≈ 122 B per distinct fingerprint)
        Array.Sort(_postingFingerprints, _postingReports);
    }

    /// <summary>Number of (fingerprint, report) postings held.</summary>
    public int Postings => _postingFingerprints.Length;

    /// <summary>Reports whose fingerprints were not stored at ingest (or under other options) and were computed from
    /// their text.</summary>
    public int Recomputed { get; private init; }

    /// <summary>Families of copies found (two reports or more sharing half their text; <see cref="CopyFamilies"/>).</summary>
    public int FamiliesFound { get; private init; }

    /// <summary>Builds the snapshot from the fingerprints stored at ingest; reports stored without them (older indexes)
    /// are read and fingerprinted again.</summary>
    /// <param name="source">The archive.</param>
    /// <param name="keys">The keys of the reports in <paramref name="source"/>.</param>
    /// <param name="options">Engine options (template, fingerprint options, boilerplate cut-off).</param>
    /// <param name="progress">Progress sink.</param>
    /// <param name="ct">Cancellation.</param>
    public static ScreenSnapshot Build(ICorpus source, IReadOnlyList<int> keys, EngineOptions options, IProgressSink? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        int cutOff = options.Boilerplate.CutOff(source.Count);
        progress?.Report("screen: fingerprint frequencies", 0, 1);
        var census = source.Census(cutOff);
        var filter = options.Filter;
        string key = filter.Key;
        var fo = options.Fingerprint;
        var entries = new Entry[keys.Count];
        var shared = new ulong[keys.Count][];
        int read = 0;
        int recomputed = 0;
        var b = options.Boilerplate;
        // reports with enough common text to be in a family of copies: their signatures, for the families found after the pass
        var bandPostings = new List<(ulong Band, int Member)>();
        var suspects = new List<int>();
        using var fingerprinter = new ThreadLocal<MatchFingerprinter>(() => new MatchFingerprinter(filter, options.Fingerprint));
        using var buffers = new ThreadLocal<List<ulong>>(() => new List<ulong>(4096));
        using var keptBuffers = new ThreadLocal<List<ulong>>(() => new List<ulong>(4096));
        byte[] DataOf(int k, ScreenRecord rec, bool first = false)
        {
            if (rec.Fingerprints is { } data && rec.FingerprintKey == key)
            {
                return data;
            }
            var r = source.Load(keys[k]);
            if (first)
            {
                Interlocked.Increment(ref recomputed);
            }
            return fingerprinter.Value!.Encode(r.Text, CorpusMatcher.MaskedValues(r));
        }
        void Shared(int k, byte[] data, FingerprintCensus c, List<ulong>? kept)
        {
            var usable = buffers.Value!;
            usable.Clear();
            StoredFingerprints.Usable(data, c.IsCommon, fo, usable, kept);
            // only fingerprints of two reports or more can make a pair
            usable.RemoveAll(fp => !c.IsShared(fp));
            usable.Sort();
            var distinct = new List<ulong>(usable.Count);
            foreach (var fp in usable)
            {
                if (distinct.Count == 0 || distinct[^1] != fp)
                {
                    distinct.Add(fp);
                }
            }
            shared[k] = [.. distinct];
        }
        ulong[] FamilyKeys(List<ulong> kept, out int common) =>
            Families.KeysOf(kept, census.Key, census.CommonFrequency, b, cutOff, out common);
        Parallel.For(0, keys.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, k =>
        {
            var rec = source.ReadScreenRecord(keys[k]);
            entries[k] = new Entry(rec.Id, rec.Submitted, rec.Year, rec.Sequence, rec.Collection) { Evasion = rec.Evasion };
            var kept = keptBuffers.Value!;
            kept.Clear();
            Shared(k, DataOf(k, rec, first: true), census, kept);
            // most reports hold nothing over the cut-off that a family could bring back: no sort for them
            if (census.CommonCount > 0 && kept.Exists(h => census.CommonFrequency(h) is > 0 and var f && f <= b.FamilyMax))
            {
                var familyKeys = FamilyKeys(kept, out int common);
                if (b.MayHaveFamily(familyKeys.Length, common))
                {
                    lock (suspects)
                    {
                        Families.AddSignature(bandPostings, familyKeys, suspects.Count);
                        suspects.Add(k);
                    }
                }
            }
            int n = Interlocked.Increment(ref read);
            if ((n & 255) == 0 || n == keys.Count)
            {
                progress?.Report("screen: fingerprints", n, keys.Count);
            }
        });
        int families = 0;
        if (suspects.Count > 1)
        {
            progress?.Report("screen: families of copies", 0, 1);
            var family = Families.Collapse(suspects.Count, bandPostings, m =>
            {
                int k = suspects[m];
                var kept = new List<ulong>();
                StoredFingerprints.Usable(DataOf(k, source.ReadScreenRecord(keys[k])), _ => false, fo, [], kept);
                return FamilyKeys(kept, out _);
            }, census.CommonFrequency, b, cutOff, out families);
            if (family.Count > 0)
            {
                // the reports that may hold those keys find their candidates again; the others hold too little common text to
                // make a pair of it (MayHaveFamily)
                census = census.WithFamilies(family);
                var c = census;
                Parallel.ForEach(suspects, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                    k => Shared(k, DataOf(k, source.ReadScreenRecord(keys[k])), c, null));
            }
        }
        progress?.Done();
        return new ScreenSnapshot(source, [.. keys], entries, shared, census, cutOff) { Recomputed = recomputed, FamiliesFound = families };
    }

    /// <summary>Every report's submission keys, by snapshot key.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>The usable fingerprints of report <paramref name="key"/> that another report also holds, sorted.</summary>
    public IReadOnlyCollection<ulong> Fingerprints(int key) =>
        new ArraySegment<ulong>(_byReport, _reportStart[key], _reportStart[key + 1] - _reportStart[key]);

    /// <inheritdoc />
    public int Count => _source.Count;

    /// <inheritdoc />
    public string CommitId => _source.CommitId;

    /// <inheritdoc />
    public Func<ulong, bool> CommonFingerprints(int cutOff) =>
        cutOff == _cutOff ? _census.IsCommon : _source.CommonFingerprints(cutOff);

    /// <inheritdoc />
    public IReadOnlySet<ulong> CommonAmong(IReadOnlyCollection<ulong> fingerprints, int cutOff)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        if (cutOff != _cutOff)
        {
            return _source.CommonAmong(fingerprints, cutOff);
        }
        return fingerprints.Where(_census.IsCommon).ToHashSet();
    }

    /// <inheritdoc />
    public Dictionary<ulong, int> DocFrequencies(IReadOnlyCollection<ulong> fingerprints) => _source.DocFrequencies(fingerprints);

    /// <inheritdoc />
    public FingerprintCensus Census(int cutOff) => cutOff == _cutOff ? _census : _source.Census(cutOff);

    /// <inheritdoc />
    public ScreenRecord ReadScreenRecord(int key) => _source.ReadScreenRecord(_sourceKeys[key]);

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
            int lo = Sorted.LowerBound<ulong>(_postingFingerprints, fp);
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

    /// <inheritdoc />
    public StoredReport Load(int key) => _source.Load(_sourceKeys[key]);

    /// <inheritdoc />
    public StoredReport? FindByHash(string contentHash) => _source.FindByHash(contentHash);
}
