using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>A check in a form that can be stored and reviewed later: the submission as read and what was found.</summary>
/// <param name="Schema">Contract version (<see cref="JsonContracts.Schema"/>).</param>
/// <param name="Stamp">Engine, options and index commit of the original check.</param>
/// <param name="Submission">The submission (text, offset map, metadata).</param>
/// <param name="InIndex">The submission was already in the index.</param>
/// <param name="Sources">Every source found, with its passages.</param>
public sealed record CheckState(int Schema, EngineStamp Stamp, StoredReport Submission, bool InIndex, IReadOnlyList<SourcePassages> Sources)
{
    /// <summary>How well each page of the submission was read (empty in states stored before it was kept).</summary>
    public IReadOnlyList<Ingest.PageQuality> Pages { get; init; } = [];
}
