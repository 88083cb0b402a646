namespace SimilarityEngine.Indexing;

/// <summary>The index is locked by another writer.</summary>
public sealed class IndexInUseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IndexInUseException(string path)
        : base(ReportIndexWriter.InUseMessage(path)) => IndexPath = path;

    /// <summary>Creates the exception.</summary>
    public IndexInUseException() : this("") { }

    /// <summary>Creates the exception.</summary>
    public IndexInUseException(string message, Exception inner) : base(message, inner) => IndexPath = "";

    /// <summary>The index folder.</summary>
    public string IndexPath { get; }
}
