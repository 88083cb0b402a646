using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

/// <summary>Properties a document states about itself.</summary>
public sealed record DocumentProperties(string? Title = null, string? Author = null)
{
    /// <summary>No properties.</summary>
    public static DocumentProperties Empty { get; } = new();
}
