namespace SimilarityEngine.Similarity.Corpus;

/// <summary>The archive as matching sees it: how common a fingerprint is, which reports share fingerprints with a query,
/// and the reports themselves. Implemented by the on-disk index (check), by a screening snapshot (bulk screening),
/// and later by a remote or sharded archive.</summary>
/// <remarks>Keys are opaque to matching: an implementation's own numbers for its reports, valid while it is open.</remarks>
public interface ICorpus
{
    /// <summary>Number of reports.</summary>
    int Count { get; }

    /// <summary>Identifies the state read (e.g. the index commit), for reports' provenance.</summary>
    string CommitId { get; }

    /// <summary>A test for "found in more than <paramref name="cutOff"/> reports" over the whole archive, computed once, for
    /// matching many reports (screen). One report's fingerprints are better asked with <see cref="CommonAmong"/>.</summary>
    /// <param name="cutOff">Document-frequency cut-off.</param>
    Func<ulong, bool> CommonFingerprints(int cutOff);

    /// <summary>The fingerprints among <paramref name="fingerprints"/> found in more than <paramref name="cutOff"/> reports, in one
    /// pass (for one large document, instead of one look-up per fingerprint).</summary>
    IReadOnlySet<ulong> CommonAmong(IReadOnlyCollection<ulong> fingerprints, int cutOff);

    /// <summary>The number of reports holding each of <paramref name="fingerprints"/>, in one pass (those held by none are
    /// left out).</summary>
    Dictionary<ulong, int> DocFrequencies(IReadOnlyCollection<ulong> fingerprints);

    /// <summary>Reports sharing fingerprints with a query: key → number of shared fingerprints.</summary>
    /// <param name="fingerprints">The query's distinct fingerprints.</param>
    /// <param name="maxDocFreq">Fingerprints in more reports than this are skipped (boilerplate).</param>
    Dictionary<int, int> FindCandidates(IReadOnlyCollection<ulong> fingerprints, int maxDocFreq);

    /// <summary>Reports sharing picture terms (<see cref="Pictures.PictureHash.Terms"/>) with a query: key → number shared.</summary>
    /// <param name="terms">The query's distinct picture terms.</param>
    /// <param name="maxDocFreq">Terms in more reports than this are skipped (logos, emblems).</param>
    Dictionary<int, int> FindByPictures(IReadOnlyCollection<ulong> terms, int maxDocFreq);

    /// <summary>Number of reports holding a picture with exact hash <paramref name="exact"/>.</summary>
    int PictureFrequency(ulong exact);

    /// <summary>Document frequencies of all fingerprints in one pass (bulk screening).</summary>
    /// <param name="cutOff">Document-frequency cut-off of boilerplate.</param>
    FingerprintCensus Census(int cutOff);

    /// <summary>The submission keys and stored fingerprints of report <paramref name="key"/>, without its text.</summary>
    ScreenRecord ReadScreenRecord(int key);

    /// <summary>The report with key <paramref name="key"/>.</summary>
    StoredReport Load(int key);

    /// <summary>The report whose canonical text has hash <paramref name="contentHash"/>, or null.</summary>
    StoredReport? FindByHash(string contentHash);
}
