using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>One source's passages as a check found them: enough to rebuild and re-score the check later.</summary>
/// <param name="SourceId">The source's id in the index.</param>
/// <param name="Passages">Its passages (syllable ranges on both sides).</param>
public sealed record SourcePassages(string SourceId, IReadOnlyList<Passage> Passages);
