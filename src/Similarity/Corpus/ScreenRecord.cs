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
    string? FingerprintKey);

/// <summary>Document frequencies of the archive's fingerprints, taken in one pass over its terms: which are common
/// (boilerplate) and which are shared by at least two reports without being common. Only shared fingerprints can make a
/// candidate pair, so bulk screening keeps postings for those alone.</summary>
/// <remarks>Memory: a hash set entry per common fingerprint and 8 bytes per shared one; nothing for the (most) fingerprints
/// found in one report only.</remarks>
public sealed class FingerprintCensus
{
    private readonly HashSet<ulong> _common;
    private readonly ulong[] _shared;
    private readonly ulong _mask;

    /// <summary>Creates a census.</summary>
    /// <param name="common">Fingerprints (masked) found in more reports than the cut-off.</param>
    /// <param name="sharedSorted">Fingerprints (masked) found in 2 to cut-off reports, sorted ascending.</param>
    /// <param name="mask">The bits of a fingerprint the archive keeps (a collision only adds a candidate).</param>
    public FingerprintCensus(HashSet<ulong> common, ulong[] sharedSorted, ulong mask = ulong.MaxValue)
    {
        _common = common;
        _shared = sharedSorted;
        _mask = mask;
    }

    /// <summary>Number of common fingerprints.</summary>
    public int CommonCount => _common.Count;

    /// <summary>Number of shared (not common) fingerprints.</summary>
    public int SharedCount => _shared.Length;

    /// <summary>True when the fingerprint is found in more reports than the cut-off.</summary>
    public bool IsCommon(ulong fingerprint) => _common.Contains(fingerprint & _mask);

    /// <summary>True when the fingerprint is found in at least two reports and is not common.</summary>
    public bool IsShared(ulong fingerprint)
    {
        ulong v = fingerprint & _mask;
        int i = Sorted.LowerBound<ulong>(_shared, v);
        return i < _shared.Length && _shared[i] == v;
    }
}
