using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>A screen of the archive.</summary>
/// <param name="IndexPath">The index folder.</param>
/// <param name="Year">The school year screened (against earlier ones and itself); null: all.</param>
public sealed record ScreenRequest(string IndexPath, int? Year = null);
