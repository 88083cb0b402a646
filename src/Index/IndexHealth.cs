using Lucene.Net.Index;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace SimilarityEngine.Indexing;

/// <summary>The index folder cannot be read as an index: damaged files, a missing or truncated commit point.</summary>
public sealed class IndexDamagedException : Similarity.Corpus.ArchiveException
{
    /// <summary>Creates the exception.</summary>
    public IndexDamagedException(string indexPath, string reason, Exception? inner = null)
        : base(indexPath, $"the index {indexPath} is damaged ({reason}); run 'simeng index check --index {indexPath}', then 'simeng index repair' " +
               "to drop what is broken (it lists the reports to ingest again), or restore a backup", inner) => Reason = reason;

    /// <summary>Creates the exception.</summary>
    public IndexDamagedException() : this("", "unknown") { }

    /// <summary>Creates the exception.</summary>
    public IndexDamagedException(string message) : this("", message) { }

    /// <summary>Creates the exception.</summary>
    public IndexDamagedException(string message, Exception inner) : this("", message, inner) { }

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
        // a compound file cut short: Lucene.Net's mapped input refuses a slice past its end ("slice() … out of bounds")
        || (ex is ArgumentException a && a.Message.Contains("out of bounds", StringComparison.Ordinal))
        // a file shorter than its own header and footer ("cannot seek backwards" while checking a 0-byte file)
        || (ex is InvalidOperationException i && i.Message.Contains("seek", StringComparison.Ordinal) && i.StackTrace?.Contains("Lucene", StringComparison.Ordinal) == true)
        || (ex is IOException && ex is not FileNotFoundException and not Lucene.Net.Store.LockObtainFailedException && ex.GetType() != typeof(IOException))
        || ex is FileNotFoundException f && IsIndexFile(Path.GetFileName(f.FileName ?? ""));

    private static bool IsIndexFile(string name) => name.StartsWith('_') || name.StartsWith("segments", StringComparison.Ordinal);

    public static string Describe(Exception ex) => ex switch
    {
        IndexFormatTooOldException or IndexFormatTooNewException => "written by another version of Lucene",
        CorruptIndexException => "a file fails its checksum or structure check: " + FirstLine(ex.Message),
        EndOfStreamException => "a file is shorter than it says (truncated)",
        FileNotFoundException f => $"a file of the last commit is missing: {Path.GetFileName(f.FileName ?? "")}",
        ArgumentException a when a.Message.Contains("out of bounds", StringComparison.Ordinal) => "a file is shorter than it says (truncated)",
        IOException io when io.Message.Contains("checksum failed", StringComparison.Ordinal) => "its bytes changed since they were written (checksum failed)",
        InvalidOperationException => "a file is shorter than its header and footer (empty or cut short)",
        _ => $"{ex.GetType().Name}: {FirstLine(ex.Message)}",
    };

    private static string FirstLine(string s)
    {
        int n = s.IndexOf('\n', StringComparison.Ordinal);
        return n < 0 ? s : s[..n];
    }

    /// <summary>True when a commit point of the folder reads whole (the newest, or the one before a partial newest).</summary>
    public static bool HasReadableCommit(string path)
    {
        if (!System.IO.Directory.Exists(path))
        {
            return false;
        }
        using var dir = Lucene.Net.Store.FSDirectory.Open(path);
        foreach (var name in System.IO.Directory.GetFiles(path, "segments_*").Select(Path.GetFileName).OfType<string>()
                     .OrderByDescending(n => SegmentInfos.GenerationFromSegmentsFileName(n)))
        {
            try
            {
                new SegmentInfos().Read(dir, name);
                return true;
            }
            catch (Exception ex) when (IsDamage(ex) || ex is IOException)
            {
            }
        }
        return false;
    }

    /// <summary>The files of the folder that belong to an index (segment files, postings files), by name relative to it.</summary>
    public static List<string> IndexData(string path)
    {
        var names = new List<string>();
        if (!System.IO.Directory.Exists(path))
        {
            return names;
        }
        names.AddRange(System.IO.Directory.GetFiles(path, "_*").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));
        string postings = Path.Combine(path, PostingsRun.Folder);
        if (System.IO.Directory.Exists(postings) && System.IO.Directory.EnumerateFiles(postings).Any())
        {
            names.Add(PostingsRun.Folder);
        }
        return names;
    }

    /// <summary>True when the folder holds index files but no readable commit point: damage, not an empty folder.</summary>
    public static bool IsDamagedWithoutCommit(string path) => !HasReadableCommit(path) && IndexData(path).Count > 0;
}
