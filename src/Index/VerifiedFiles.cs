using System.Globalization;
using Lucene.Net.Codecs;
using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace SimilarityEngine.Indexing;

/// <summary>Every file of a commit is checked against the checksum in its footer before a command trusts it: a file written
/// by us is checked once, after the commit that wrote it, and remembered by name, size and time in
/// <see cref="FileName"/>; a file changed since (a byte flipped by a disk, a copy cut short) no longer matches and is checked
/// again at the next open, so damage is reported in one line instead of read as reports.</summary>
/// <remarks>Lucene never rewrites a file under the same name, so a file whose name, length and modification time are
/// unchanged still holds the bytes that passed. Readers check the files no writer has checked yet up to
/// <see cref="ReaderBudgetBytes"/> (an index written by an earlier version is checked whole by its next writer); writers check
/// every one. <c>simeng index check</c> checks everything whatever the list says.</remarks>
internal static class VerifiedFiles
{
    /// <summary>The list's name in the index folder.</summary>
    public const string FileName = "simeng-verified.txt";

    /// <summary>Most bytes of unchecked files a reader checks when it opens the index (more is left to the next writer).</summary>
    public const long ReaderBudgetBytes = 256L * 1024 * 1024;

    /// <summary>Checks the files of <paramref name="commit"/> that the list does not hold as checked.</summary>
    /// <param name="path">The index folder.</param>
    /// <param name="dir">Its directory.</param>
    /// <param name="commit">The commit opened.</param>
    /// <param name="writer">A writer checks every file; a reader checks within <see cref="ReaderBudgetBytes"/>.</param>
    /// <exception cref="IndexDamagedException">A file fails its checksum.</exception>
    public static void Check(string path, LuceneDirectory dir, IndexCommit commit, bool writer)
    {
        var known = Load(path);
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        long budget = writer ? long.MaxValue : ReaderBudgetBytes;
        bool changed = false;
        foreach (var name in commit.FileNames)
        {
            if (name.StartsWith(IndexFileNames.SEGMENTS, StringComparison.Ordinal))
            {
                continue; // the commit point is checked whole by Lucene as it is read
            }
            var info = new FileInfo(Path.Combine(path, name));
            if (!info.Exists)
            {
                throw new IndexDamagedException(path, $"a file of the last commit is missing: {name}");
            }
            string stamp = Stamp(info);
            if (known.TryGetValue(name, out var s) && s == stamp)
            {
                current[name] = stamp;
                continue;
            }
            if (info.Length > budget)
            {
                continue;
            }
            budget -= info.Length;
            try
            {
                using var input = dir.OpenInput(name, IOContext.READ_ONCE);
                CodecUtil.ChecksumEntireFile(input);
            }
            catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException or InvalidOperationException)
            {
                throw new IndexDamagedException(path, $"{name}: {IndexHealth.Describe(ex)}", ex);
            }
            current[name] = stamp;
            changed = true;
        }
        if (changed || (writer && current.Count != known.Count))
        {
            Save(path, current);
        }
    }

    private static string Stamp(FileInfo info) =>
        info.Length.ToString(CultureInfo.InvariantCulture) + " " + info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Load(string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        string file = Path.Combine(path, FileName);
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                int tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (tab > 0)
                {
                    map[line[..tab]] = line[(tab + 1)..];
                }
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            // no list (a new index, or one of an earlier version): every file is checked
        }
        return map;
    }

    private static void Save(string path, Dictionary<string, string> map)
    {
        string file = Path.Combine(path, FileName);
        string tmp = file + ".tmp";
        try
        {
            File.WriteAllLines(tmp, map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "\t" + kv.Value));
            File.Move(tmp, file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the list only saves work: without it the next command checks again
        }
    }
}
