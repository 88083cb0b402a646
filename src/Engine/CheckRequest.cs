using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>A submission to check against everything submitted before it.</summary>
/// <param name="IndexPath">The index folder.</param>
/// <param name="File">The submission's file.</param>
public sealed record CheckRequest(string IndexPath, string File)
{
    /// <summary>What is known of the submission (author, school, …); the cover page fills the rest.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
