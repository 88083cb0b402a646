namespace SimilarityEngine.Indexing;

/// <summary>The index is locked by another writer.</summary>
public sealed class IndexInUseException : Similarity.Corpus.ArchiveException
{
    /// <summary>Creates the exception.</summary>
    public IndexInUseException(string path)
        : base(path, ReportIndexWriter.InUseMessage(path)) { }

    /// <summary>Creates the exception.</summary>
    public IndexInUseException() : this("") { }

    /// <summary>Creates the exception.</summary>
    public IndexInUseException(string message, Exception inner) : base("", message, inner) { }
}

/// <summary>The index folder cannot be written: permission denied, or a read-only file system. Not a lock held by another
/// writer: waiting does not help.</summary>
public sealed class IndexAccessException : Similarity.Corpus.ArchiveException
{
    /// <summary>Creates the exception.</summary>
    public IndexAccessException(string path, string reason, Exception? inner = null)
        : base(path, $"cannot write to the index folder {path}: {reason}", inner) => Reason = reason;

    /// <summary>Creates the exception.</summary>
    public IndexAccessException() : this("", "unknown") { }

    /// <summary>Creates the exception.</summary>
    public IndexAccessException(string message) : this("", message) { }

    /// <summary>Creates the exception.</summary>
    public IndexAccessException(string message, Exception inner) : this("", message, inner) { }

    /// <summary>Why, in a few words.</summary>
    public string Reason { get; }
}
