using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>One file's extraction: the document, or why it failed, or that it was skipped.</summary>
public sealed record ExtractOutcome(InputFile File, NormalizedDocument? Document, string? Error, bool Skipped = false);
