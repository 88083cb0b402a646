namespace SimilarityEngine.Similarity.Corpus;

/// <summary>The archive cannot be used as asked: held by another writer, not writable, or damaged. Front ends catch this
/// type (and show its message) without knowing how the archive is stored.</summary>
public abstract class ArchiveException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ArchiveException(string indexPath, string message, Exception? inner = null)
        : base(message, inner) => IndexPath = indexPath;

    /// <summary>The index folder.</summary>
    public string IndexPath { get; }
}
