using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>The result of screening a corpus.</summary>
public sealed record ScreenResult(EngineStamp Stamp, int? Year, int Screened, int PairsCompared, IReadOnlyList<PairResult> Flagged,
    IReadOnlyList<IReadOnlyList<string>> Clusters)
{
    /// <summary>Reports stored without their fingerprints (ingested by an earlier version, or under other fingerprint options),
    /// fingerprinted again from their text for this screen; ingesting them again makes the next screen faster.</summary>
    public int Recomputed { get; init; }

    /// <summary>Families of copies found (reports sharing at least half their text): each counted as one report when the
    /// boilerplate cut-off was applied.</summary>
    public int Families { get; init; }

    /// <summary>The screened reports that show signs of dodging the checker (<see cref="EvasionSignals.Any"/>), flagged or
    /// not, by id.</summary>
    public IReadOnlyList<(string Id, EvasionSignals Evasion)> Evasions { get; init; } = [];
}
