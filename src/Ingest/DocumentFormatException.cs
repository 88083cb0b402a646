using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

/// <summary>A file that cannot be read as a report: corrupt, truncated, empty, encrypted, mislabelled or over a limit.</summary>
public sealed class DocumentFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DocumentFormatException(string sourcePath, string reason, int? pageNumber = null, Exception? inner = null)
        : base(pageNumber is null ? $"{sourcePath}: {reason}" : $"{sourcePath} (page {pageNumber}): {reason}", inner)
    {
        SourcePath = sourcePath;
        Reason = reason;
        PageNumber = pageNumber;
    }

    /// <summary>Creates the exception.</summary>
    public DocumentFormatException() : this("", "unknown") { }

    /// <summary>Creates the exception.</summary>
    public DocumentFormatException(string message) : this("", message) { }

    /// <summary>Creates the exception.</summary>
    public DocumentFormatException(string message, Exception inner) : this("", message, null, inner) { }

    /// <summary>The file.</summary>
    public string SourcePath { get; }

    /// <summary>Why it cannot be read.</summary>
    public string Reason { get; }

    /// <summary>The 1-based page concerned, if any.</summary>
    public int? PageNumber { get; }

    /// <summary>The reader itself failed on this file (crash, out of memory, killed at the time limit): the file is
    /// quarantined so that a rerun does not crash again.</summary>
    public bool Crashed { get; init; }
}
