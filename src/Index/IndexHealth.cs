using Lucene.Net.Index;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace SimilarityEngine.Indexing;

/// <summary>The index folder cannot be read as an index: damaged files, a missing or truncated commit point.</summary>
public sealed class IndexDamagedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IndexDamagedException(string indexPath, string reason, Exception? inner = null)
        : base($"the index {indexPath} is damaged ({reason}); run 'simeng index check --index {indexPath}', then 'simeng index repair' " +
               "to drop what is broken (it lists the reports to ingest again), or restore a backup", inner)
    {
        IndexPath = indexPath;
        Reason = reason;
    }

    /// <summary>Creates the exception.</summary>
    public IndexDamagedException() : this("", "unknown") { }

    /// <summary>Creates the exception.</summary>
    public IndexDamagedException(string message) : this("", message) { }

    /// <summary>Creates the exception.</summary>
    public IndexDamagedException(string message, Exception inner) : this("", message, inner) { }

    /// <summary>The index folder.</summary>
    public string IndexPath { get; }

    /// <summary>What is wrong, in a few words.</summary>
    public string Reason { get; }
}

/// <summary>Turns Lucene's failures on a damaged index into <see cref="IndexDamagedException"/>, and refuses to create a new
/// index over the files of an old one.</summary>
internal static class IndexHealth
{
    /// <summary>Runs <paramref name="open"/>; a damaged index becomes <see cref="IndexDamagedException"/>.</summary>
    public static T Guard<T>(string path, Func<T> open)
    {
        try
        {
            return open();
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            throw new IndexDamagedException(path, Describe(ex), ex);
        }
    }

    public static bool IsDamage(Exception ex) => ex is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException
        or EndOfStreamException or IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidDataException
        || (ex is IOException && ex is not FileNotFoundException and not Lucene.Net.Store.LockObtainFailedException && ex.GetType() != typeof(IOException))
        || ex is FileNotFoundException f && IsIndexFile(Path.GetFileName(f.FileName ?? ""));

    private static bool IsIndexFile(string name) => name.StartsWith('_') || name.StartsWith("segments", StringComparison.Ordinal);

    public static string Describe(Exception ex) => ex switch
    {
        IndexFormatTooOldException or IndexFormatTooNewException => "written by another version of Lucene",
        CorruptIndexException => "a file fails its checksum or structure check: " + FirstLine(ex.Message),
        EndOfStreamException => "a file is shorter than it says (truncated)",
        FileNotFoundException f => $"a file of the last commit is missing: {Path.GetFileName(f.FileName ?? "")}",
        _ => $"{ex.GetType().Name}: {FirstLine(ex.Message)}",
    };

    private static string FirstLine(string s)
    {
        int n = s.IndexOf('\n', StringComparison.Ordinal);
        return n < 0 ? s : s[..n];
    }

    /// <summary>True when the folder holds only an interrupted first commit: <c>segments_N</c> files, none of them readable,
    /// and no <c>segments.gen</c> (which every finished commit writes last). Nothing was ever committed there, so there is
    /// nothing to lose: readers see no index and the next writer starts afresh.</summary>
    public static bool IsInterruptedFirstCommit(string path)
    {
        if (!System.IO.Directory.Exists(path) || File.Exists(Path.Combine(path, "segments.gen")))
        {
            return false;
        }
        var commits = System.IO.Directory.GetFiles(path, "segments_*");
        if (commits.Length == 0)
        {
            return false;
        }
        using var dir = Lucene.Net.Store.FSDirectory.Open(path);
        foreach (var file in commits)
        {
            try
            {
                new Lucene.Net.Index.SegmentInfos().Read(dir, Path.GetFileName(file));
                return false;
            }
            catch (Exception ex) when (IsDamage(ex) || ex is IOException)
            {
            }
        }
        return true;
    }

    /// <summary>A committed index whose commit point (segments_N) is gone: refuse, so that nobody's archive is replaced by an
    /// empty index. Lucene writes segments.gen at every commit; segment files without it are what a first ingest killed
    /// before its first commit leaves, and a new index may be created over those (Lucene removes them).</summary>
    public static void RefuseToCreateOverSegments(string path, LuceneDirectory dir)
    {
        if (DirectoryReader.IndexExists(dir) || !File.Exists(Path.Combine(path, "segments.gen")))
        {
            return;
        }
        var segmentFiles = System.IO.Directory.EnumerateFiles(path, "_*").Select(Path.GetFileName).ToList();
        if (segmentFiles.Count > 0)
        {
            throw new IndexDamagedException(path,
                $"{segmentFiles.Count} segment file(s) such as {segmentFiles[0]} but no segments_N commit point; a new index will not be created over them");
        }
    }
}
