using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SimilarityEngine.Engine;

/// <summary>Files that crashed the reader (stack overflow, out of memory, killed at the time limit), remembered in the index
/// folder by content hash so that a rerun does not crash on them again; read again only when asked.</summary>
public sealed class Quarantine
{
    /// <summary>The list's name in the index folder.</summary>
    public const string FileName = "quarantine.csv";

    /// <summary>One quarantined file.</summary>
    public sealed record Entry(string Sha256, long Size, string File, string Reason, string Date);

    private readonly string _path;
    private readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private readonly HashSet<long> _sizes = [];
    private bool _changed;

    private Quarantine(string path) => _path = path;

    /// <summary>Reads the list of the index at <paramref name="indexPath"/> (empty when there is none).</summary>
    public static Quarantine Load(string indexPath)
    {
        var q = new Quarantine(Path.Combine(indexPath, FileName));
        if (File.Exists(q._path))
        {
            foreach (var row in Csv.Read(File.ReadAllText(q._path, Encoding.UTF8)).Rows)
            {
                if (row.Length >= 5 && long.TryParse(row[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long size))
                {
                    q._byHash[row[0]] = new Entry(row[0], size, row[2], row[3], row[4]);
                    q._sizes.Add(size);
                }
            }
        }
        return q;
    }

    /// <summary>Files in the list.</summary>
    public int Count => _byHash.Count;

    /// <summary>The entry of <paramref name="file"/>'s content, or null. Hashes only files of a quarantined size.</summary>
    public Entry? Find(string file)
    {
        if (_byHash.IsEmpty)
        {
            return null;
        }
        long size;
        try
        {
            size = new FileInfo(file).Length;
        }
        catch (IOException)
        {
            return null;
        }
        lock (_sizes)
        {
            if (!_sizes.Contains(size))
            {
                return null;
            }
        }
        return Hash(file) is { } h && _byHash.TryGetValue(h, out var e) ? e : null;
    }

    /// <summary>Adds <paramref name="file"/> with the reason it crashed the reader.</summary>
    public void Add(string file, string reason)
    {
        if (Hash(file) is not { } h)
        {
            return;
        }
        long size = new FileInfo(file).Length;
        _byHash[h] = new Entry(h, size, file, reason, DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        lock (_sizes)
        {
            _sizes.Add(size);
        }
        _changed = true;
    }

    /// <summary>Writes the list when it changed.</summary>
    public void Save()
    {
        if (!_changed)
        {
            return;
        }
        AtomicFile.WriteAllText(_path, Csv.Write(["sha256", "size", "file", "reason", "date"],
            _byHash.Values.OrderBy(e => e.File, StringComparer.Ordinal).Select(e => new[]
            {
                e.Sha256, e.Size.ToString(CultureInfo.InvariantCulture), e.File, e.Reason, e.Date,
            })));
        _changed = false;
    }

    private static string? Hash(string file)
    {
        try
        {
            using var fs = File.OpenRead(file);
            return Convert.ToHexStringLower(SHA256.HashData(fs));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
