using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>A reviewer's decision to leave a source, or one passage of it, out of the scores.</summary>
/// <param name="SourceId">The source.</param>
/// <param name="Passage">The passage's 1-based number in the source's list, or null for the whole source.</param>
public sealed record CheckExclusion(string SourceId, int? Passage);
