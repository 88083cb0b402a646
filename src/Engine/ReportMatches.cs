using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>A stored report with its matches in both directions.</summary>
/// <param name="Report">The report.</param>
/// <param name="CopiedFrom">Pairs where it is the submission (it came later).</param>
/// <param name="CopiedBy">Pairs where it is the source (a later report shares its text).</param>
public sealed record ReportMatches(StoredReport Report, IReadOnlyList<PairResult> CopiedFrom, IReadOnlyList<PairResult> CopiedBy);
