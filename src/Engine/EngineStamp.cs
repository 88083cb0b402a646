using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>Which engine, options and index commit a report was computed with.</summary>
public sealed record EngineStamp(string Engine, string Version, string OptionsHash, string IndexCommit, int IndexReports, string ComputedAt);
