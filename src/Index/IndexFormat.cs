using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace SimilarityEngine.Indexing;

/// <summary>The format version an index records in its commit data. Version 1: an index written before versions were
/// recorded (fingerprints as Lucene terms only, no postings files, no index id). Version 2: postings files named by the
/// index id, and the version recorded. A newer simeng upgrades an older index in place (the next writer, or
/// <c>simeng index upgrade</c>); an older simeng refuses a newer index with one line.</summary>
public static class IndexFormat
{
    /// <summary>The version this build writes and the newest it reads.</summary>
    public const int Current = 2;

    /// <summary>The version of an index that recorded none.</summary>
    public const int Unversioned = 1;

    /// <summary>The version recorded in this commit data.</summary>
    public static int Of(IDictionary<string, string> commitData) =>
        commitData.TryGetValue(Fields.FormatVersion, out var s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v
            : Unversioned;

    /// <summary>The version of the last commit of the index at <paramref name="path"/>; null when there is no index.</summary>
    public static int? Read(string path)
    {
        if (!System.IO.Directory.Exists(path))
        {
            return null;
        }
        try
        {
            using var dir = FSDirectory.Open(path);
            return DirectoryReader.IndexExists(dir) ? Of(DirectoryReader.ListCommits(dir)[^1].UserData) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // a damaged commit point: the health check says what is wrong
        }
    }

    /// <summary>Refuses an index of a version newer than this build reads.</summary>
    /// <exception cref="IndexFormatException">The index is newer.</exception>
    internal static void EnsureReadable(string path, LuceneDirectory dir)
    {
        if (DirectoryReader.IndexExists(dir) && Of(DirectoryReader.ListCommits(dir)[^1].UserData) is int v && v > Current)
        {
            throw new IndexFormatException(path, v);
        }
    }
}

/// <summary>The index was written by a newer simeng, in a format this one cannot read.</summary>
public sealed class IndexFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IndexFormatException(string path, int version)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"chỉ mục {path} có định dạng {version}, do một bản simeng mới hơn ghi; bản này chỉ đọc được tới định dạng {IndexFormat.Current}: hãy cài bản simeng mới (không có gì bị thay đổi)"))
    {
        IndexPath = path;
        Version = version;
    }

    /// <summary>Creates the exception.</summary>
    public IndexFormatException() : this("", 0) { }

    /// <summary>Creates the exception.</summary>
    public IndexFormatException(string message) : base(message) => IndexPath = "";

    /// <summary>Creates the exception.</summary>
    public IndexFormatException(string message, Exception inner) : base(message, inner) => IndexPath = "";

    /// <summary>The index folder.</summary>
    public string IndexPath { get; }

    /// <summary>The version the index records.</summary>
    public int Version { get; }
}
