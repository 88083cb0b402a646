using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>What an ingest run did.</summary>
public sealed record IngestSummary(int Added, int Unchanged, int Failed, IReadOnlyList<(string File, string Reason)> Failures,
    IReadOnlyList<string> Notes, int ReportsInIndex);
