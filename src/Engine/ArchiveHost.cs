using SimilarityEngine.Indexing;

namespace SimilarityEngine.Engine;

/// <summary>The archive as a long-running server holds it (<c>simeng serve</c>): readers kept open between requests (a new
/// one opened when a commit lands, while requests on the old one finish), and the process-wide claim on the index. Front
/// ends use it without knowing how the archive is stored; give it to the <see cref="SimEngine"/> of the server
/// (its <c>archive</c> parameter).</summary>
public sealed class ArchiveHost : IDisposable
{
    internal ReaderPool Readers { get; } = new();

    /// <summary>Readers opened so far (one per commit seen).</summary>
    public long ReadersOpened => Readers.Opened;

    /// <summary>Claims the index for this process until the claim is disposed (no other process writes meanwhile), and
    /// creates it when there is none yet.</summary>
    /// <exception cref="Similarity.Corpus.ArchiveException">Another process writes to the index, or it cannot be written.</exception>
    public static IDisposable Claim(string indexPath, string owner)
    {
        var lease = WriterLock.HoldForProcess(indexPath, owner);
        try
        {
            SimEngine.EnsureIndex(indexPath);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        return lease;
    }

    /// <summary>Reports in the index (0 before the first ingest), or null and why it cannot be read; a damaged commit point
    /// is seen by the look for a newer commit, which then opens it again (and fails).</summary>
    public (int? Reports, string? Problem) Count(string indexPath)
    {
        try
        {
            using var lease = Readers.Acquire(indexPath);
            return (lease.Reader.Count, null);
        }
        catch (FileNotFoundException)
        {
            return (0, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or IndexDamagedException)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>Closes the readers.</summary>
    public void Dispose() => Readers.Dispose();
}
