using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>What to ingest.</summary>
/// <param name="IndexPath">The index folder.</param>
/// <param name="Reports">The reports, with unique ids (see <see cref="InputPlanner.ForIngest"/>).</param>
public sealed record IngestRequest(string IndexPath, IReadOnlyList<ReportInput> Reports)
{
    /// <summary>How long to wait for another writer; zero fails at once.</summary>
    public TimeSpan WaitForLock { get; init; }

    /// <summary>Reports per commit (default <see cref="IngestService.CommitEvery"/>).</summary>
    public int? CommitEvery { get; init; }

    /// <summary>Read files again that crashed the reader before (listed in the index's quarantine).</summary>
    public bool RetryQuarantined { get; init; }

    /// <summary>A report whose id is already stored with another text replaces it (a correction). Without it such a report
    /// is a failure row naming both, and the stored one stays.</summary>
    public bool Replace { get; init; }

    /// <summary>When the folder holds index files but no readable commit point, move them aside and start a new, empty
    /// index (instead of refusing: 'simeng index repair' keeps every readable report).</summary>
    public bool NewIndex { get; init; }
}
