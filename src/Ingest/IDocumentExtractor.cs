using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

/// <summary>Pulls the text out of one kind of file.</summary>
public interface IDocumentExtractor
{
    /// <summary>Extracts <paramref name="path"/>.</summary>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    ExtractedDocument Extract(string path, CancellationToken cancellationToken = default);
}
