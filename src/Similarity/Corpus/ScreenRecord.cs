namespace SimilarityEngine.Similarity.Corpus;

/// <summary>What bulk screening reads of one report without its text: its submission keys and the fingerprints stored
/// with it at ingest (<see cref="Matching.StoredFingerprints"/>).</summary>
/// <param name="Id">Report id.</param>
/// <param name="Submitted">Submission date or null.</param>
/// <param name="Year">School year or null.</param>
/// <param name="Sequence">Ingest order.</param>
/// <param name="Collection">Its reference collection, or null for a submitted report.</param>
/// <param name="Fingerprints">The stored fingerprints, or null when the report was stored before they were.</param>
/// <param name="FingerprintKey">The key of the options they were computed with (<see cref="Matching.BoilerplateFilter.Key"/>).</param>
public sealed record ScreenRecord(string Id, string? Submitted, int? Year, int Sequence, string? Collection, byte[]? Fingerprints,
    string? FingerprintKey)
{
    /// <summary>What the report did to look original to a checker.</summary>
    public EvasionSignals Evasion { get; init; } = EvasionSignals.None;
}

/// <summary>Document frequencies of the archive's fingerprints, taken in one pass over its terms: which are common
/// (boilerplate) and which are shared by at least two reports without being common. Only shared fingerprints can make a
/// candidate pair, so bulk screening keeps postings for those alone. Fingerprints that families of copies
/// (<see cref="Matching.CopyFamilies"/>) bring under the cut-off are neither common nor left out.</summary>
/// <remarks>Memory: a dictionary entry (key and frequency) per common fingerprint and 8 bytes per shared one; nothing for
/// the (most) fingerprints found in one report only.</remarks>
public sealed class FingerprintCensus
{
    private readonly Dictionary<ulong, int> _common;
    private readonly ulong[] _shared;
    private readonly ulong _mask;
    private readonly HashSet<ulong> _family;

    /// <summary>Creates a census.</summary>
    /// <param name="common">Fingerprints (masked) found in more reports than the cut-off, with their document frequency.</param>
    /// <param name="sharedSorted">Fingerprints (masked) found in 2 to cut-off reports, sorted ascending.</param>
    /// <param name="mask">The bits of a fingerprint the archive keeps (a collision only adds a candidate).</param>
    public FingerprintCensus(Dictionary<ulong, int> common, ulong[] sharedSorted, ulong mask = ulong.MaxValue)
        : this(common, sharedSorted, mask, [])
    {
    }

    private FingerprintCensus(Dictionary<ulong, int> common, ulong[] sharedSorted, ulong mask, HashSet<ulong> family)
    {
        _common = common;
        _shared = sharedSorted;
        _mask = mask;
        _family = family;
    }

    /// <summary>The same census where <paramref name="familyKeys"/> (masked keys, common by their raw document frequency)
    /// count as shared: under the cut-off once the copies of one report count once.</summary>
    public FingerprintCensus WithFamilies(HashSet<ulong> familyKeys) => new(_common, _shared, _mask, familyKeys);

    /// <summary>Number of common fingerprints.</summary>
    public int CommonCount => _common.Count - _family.Count;

    /// <summary>Number of shared (not common) fingerprints.</summary>
    public int SharedCount => _shared.Length + _family.Count;

    /// <summary>Number of fingerprints common by their raw document frequency and shared once families count once.</summary>
    public int FamilyCount => _family.Count;

    /// <summary>The key this census files a fingerprint under.</summary>
    public ulong Key(ulong fingerprint) => fingerprint & _mask;

    /// <summary>The raw document frequency of a fingerprint found in more reports than the cut-off; 0 for any other.</summary>
    public int CommonFrequency(ulong fingerprint) => _common.GetValueOrDefault(fingerprint & _mask);

    /// <summary>True when the fingerprint is found in more reports than the cut-off, families counting once.</summary>
    public bool IsCommon(ulong fingerprint)
    {
        ulong v = fingerprint & _mask;
        return _common.ContainsKey(v) && !_family.Contains(v);
    }

    /// <summary>True when the fingerprint is common by its raw document frequency but not once families count once.</summary>
    public bool IsFamily(ulong fingerprint) => _family.Count > 0 && _family.Contains(fingerprint & _mask);

    /// <summary>True when the fingerprint is found in at least two reports and is not common.</summary>
    public bool IsShared(ulong fingerprint)
    {
        ulong v = fingerprint & _mask;
        int i = Sorted.LowerBound<ulong>(_shared, v);
        return (i < _shared.Length && _shared[i] == v) || IsFamily(v);
    }
}
