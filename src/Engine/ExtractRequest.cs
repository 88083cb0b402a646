using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>What to extract.</summary>
/// <param name="Files">The files, with their unique names.</param>
public sealed record ExtractRequest(IReadOnlyList<InputFile> Files)
{
    /// <summary>Files read at once (default: the number of cores).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Files for which this returns true are not read (e.g. their output is newer than the input).</summary>
    public Func<InputFile, bool>? Skip { get; init; }
}
