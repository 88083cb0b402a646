using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>What an extract run did.</summary>
public sealed record ExtractSummary(int Extracted, int Skipped, IReadOnlyList<(string File, string Reason)> Failures);
