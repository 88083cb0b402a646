using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace SimilarityEngine.Indexing;

/// <summary>One fingerprint posting: a fingerprint (its low 48 bits, as the archive keeps them) found in the report with
/// sequence number <see cref="Seq"/>. Sorted by fingerprint, then report.</summary>
/// <param name="Key">The fingerprint, masked to <see cref="Fields.Mask"/>.</param>
/// <param name="Seq">The report's sequence number.</param>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly record struct Posting(ulong Key, int Seq) : IComparable<Posting>
{
    public int CompareTo(Posting other)
    {
        int c = Key.CompareTo(other.Key);
        return c != 0 ? c : Seq.CompareTo(other.Seq);
    }
}

/// <summary>Sorted fingerprint postings of the reports with sequence numbers in [<see cref="Lo"/>, <see cref="Hi"/>): a
/// memory-mapped file of the <see cref="Folder"/> beside the Lucene index, or an array built in memory.</summary>
/// <remarks>
/// The postings are derived data: every one of them can be computed again from the stored fields of the index (the
/// report's stored fingerprints, or the fingerprint terms of an index written before postings files existed). So a file
/// is written after the Lucene commit it belongs to; a crash in between leaves a range that readers compute from the
/// stored fields and the next writer writes. File format (little-endian): a 64-byte header — "SEFP", version 1, the
/// index id (16 bytes), lo, hi, the count (8 bytes), the XxHash64 of the records, zeros — then the records, 12 bytes each
/// (8-byte key, 4-byte sequence number), sorted.
/// </remarks>
internal sealed unsafe class PostingsRun : IDisposable
{
    /// <summary>The folder inside the index folder.</summary>
    public const string Folder = "postings";

    private const int HeaderSize = 64;
    private const int Version = 1;
    private static ReadOnlySpan<byte> Magic => "SEFP"u8;

    private readonly Posting[]? _memory;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;
    private readonly GCHandle _pin;
    private bool _disposed;

    private PostingsRun(int lo, int hi, long count, string? path, Posting[]? memory, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* pointer)
    {
        Lo = lo;
        Hi = hi;
        Count = count;
        FilePath = path;
        _memory = memory;
        _map = map;
        _view = view;
        _pointer = pointer;
        if (memory is not null)
        {
            _pin = GCHandle.Alloc(memory, GCHandleType.Pinned);
            _pointer = (byte*)_pin.AddrOfPinnedObject() - HeaderSize;
        }
    }

    /// <summary>First sequence number covered.</summary>
    public int Lo { get; }

    /// <summary>One past the last sequence number covered.</summary>
    public int Hi { get; }

    /// <summary>Number of postings.</summary>
    public long Count { get; }

    /// <summary>The file, or null for postings in memory.</summary>
    public string? FilePath { get; }

    /// <summary>The first posting (with <see cref="Count"/> after it), valid while the run is open.</summary>
    public Posting* Start => (Posting*)(_pointer + HeaderSize);

    /// <summary>The sorted postings.</summary>
    public ReadOnlySpan<Posting> Postings =>
        _memory is not null ? _memory : Count == 0 ? default : new ReadOnlySpan<Posting>(_pointer + HeaderSize, checked((int)Count));

    /// <summary>Postings in memory (sorted by the caller).</summary>
    public static PostingsRun InMemory(int lo, int hi, Posting[] sorted) => new(lo, hi, sorted.Length, null, sorted, null, null, null);

    /// <summary>The file name of the run [lo, hi).</summary>
    public static string FileName(int lo, int hi) =>
        string.Create(CultureInfo.InvariantCulture, $"{lo:D10}-{hi:D10}.fpp");

    /// <summary>Reads lo and hi from a file name; false for any other file.</summary>
    public static bool TryParseName(string fileName, out int lo, out int hi)
    {
        lo = hi = 0;
        return fileName.Length == 25 && fileName.EndsWith(".fpp", StringComparison.Ordinal) && fileName[10] == '-'
            && int.TryParse(fileName.AsSpan(0, 10), NumberStyles.None, CultureInfo.InvariantCulture, out lo)
            && int.TryParse(fileName.AsSpan(11, 10), NumberStyles.None, CultureInfo.InvariantCulture, out hi) && lo < hi;
    }

    /// <summary>True when the file's header names this index and the range of its name, and its length fits its count: a
    /// whole file of this index (its records are checked by <see cref="Verify"/> only).</summary>
    /// <exception cref="FileNotFoundException">It was deleted meanwhile (a writer merged it away).</exception>
    public static bool IsWhole(string path, Guid indexId) => TryReadHeader(path, indexId, out _, out _, out _);

    private static bool TryReadHeader(string path, Guid indexId, out int lo, out int hi, out long count)
    {
        lo = hi = 0;
        count = 0;
        var header = new byte[HeaderSize];
        long length;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            length = fs.Length;
            if (length < HeaderSize || fs.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
            {
                return false;
            }
        }
        return ReadHeader(header, out var id, out lo, out hi, out count, out _) && id == indexId && length == HeaderSize + count * 12
            && TryParseName(Path.GetFileName(path), out int nameLo, out int nameHi) && nameLo == lo && nameHi == hi;
    }

    /// <summary>Maps a postings file; null when it is not a whole file of this index (wrong id, short, not ours).</summary>
    /// <exception cref="FileNotFoundException">It was deleted meanwhile (a writer merged it away).</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "the file belongs to the mapping (leaveOpen: false), the mapping and its view to the run returned, which disposes them")]
    public static PostingsRun? TryMap(string path, Guid indexId)
    {
        if (!TryReadHeader(path, indexId, out int lo, out int hi, out long count))
        {
            return null;
        }
        if (count == 0)
        {
            return new PostingsRun(lo, hi, 0, path, null, null, null, null);
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        pointer += view.PointerOffset;
        return new PostingsRun(lo, hi, count, path, null, map, view, pointer);
    }

    private static bool ReadHeader(ReadOnlySpan<byte> header, out Guid id, out int lo, out int hi, out long count, out ulong checksum)
    {
        id = new Guid(header.Slice(8, 16));
        lo = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        hi = BinaryPrimitives.ReadInt32LittleEndian(header[28..]);
        count = BinaryPrimitives.ReadInt64LittleEndian(header[32..]);
        checksum = BinaryPrimitives.ReadUInt64LittleEndian(header[40..]);
        return header[..4].SequenceEqual(Magic) && BinaryPrimitives.ReadInt32LittleEndian(header[4..]) == Version && count >= 0 && lo >= 0 && lo < hi;
    }

    /// <summary>Reads a whole file and compares its records with the checksum of its header.</summary>
    /// <returns>Null when it is whole, else what is wrong.</returns>
    public static string? Verify(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[HeaderSize];
        if (fs.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize || !ReadHeader(header, out _, out _, out _, out long count, out ulong checksum))
        {
            return "not a postings file (bad header)";
        }
        if (fs.Length != HeaderSize + count * 12)
        {
            return $"{fs.Length} bytes where the header announces {HeaderSize + count * 12}";
        }
        var hash = new XxHash64();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = fs.Read(buffer)) > 0)
        {
            hash.Append(buffer.AsSpan(0, n));
        }
        return hash.GetCurrentHashAsUInt64() == checksum ? null : "its records fail their checksum";
    }

    /// <summary>Writes sorted postings of [lo, hi) as a file of <paramref name="folder"/>, whole or not at all (a
    /// temporary file, flushed to disk, then renamed).</summary>
    /// <returns>The file's path.</returns>
    public static string Write(string folder, Guid indexId, int lo, int hi, IEnumerable<Posting[]> sortedChunks)
    {
        System.IO.Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName(lo, hi));
        string tmp = path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                fs.Write(new byte[HeaderSize]);
                var hash = new XxHash64();
                long count = 0;
                foreach (var chunk in sortedChunks)
                {
                    var bytes = MemoryMarshal.AsBytes(chunk.AsSpan());
                    fs.Write(bytes);
                    hash.Append(bytes);
                    count += chunk.Length;
                }
                var header = new byte[HeaderSize];
                Magic.CopyTo(header);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), Version);
                indexId.TryWriteBytes(header.AsSpan(8, 16));
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), lo);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), hi);
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(32), count);
                BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(40), hash.GetCurrentHashAsUInt64());
                fs.Position = 0;
                fs.Write(header);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        return path;
    }

    /// <summary>Merges runs (consecutive, sorted by <see cref="Lo"/>) into one file covering them all.</summary>
    public static string Merge(string folder, Guid indexId, IReadOnlyList<PostingsRun> runs)
    {
        return Write(folder, indexId, runs[0].Lo, runs[^1].Hi, MergeChunks(runs));
    }

    // k-way merge in chunks of 64k postings; k is small (a merge takes ten runs or so), so the smallest head is found by a scan
    private static IEnumerable<Posting[]> MergeChunks(IReadOnlyList<PostingsRun> runs)
    {
        const int ChunkSize = 1 << 16;
        var at = new long[runs.Count];
        var heads = new Posting[runs.Count];
        var live = new bool[runs.Count];
        for (int r = 0; r < runs.Count; r++)
        {
            live[r] = runs[r].Count > 0;
            heads[r] = live[r] ? runs[r].Postings[0] : default;
        }
        var chunk = new Posting[ChunkSize];
        int filled = 0;
        while (true)
        {
            int best = -1;
            for (int r = 0; r < heads.Length; r++)
            {
                if (live[r] && (best < 0 || heads[r].CompareTo(heads[best]) < 0))
                {
                    best = r;
                }
            }
            if (best < 0)
            {
                break;
            }
            chunk[filled++] = heads[best];
            if (++at[best] < runs[best].Count)
            {
                heads[best] = runs[best].Postings[(int)at[best]];
            }
            else
            {
                live[best] = false;
            }
            if (filled == ChunkSize)
            {
                yield return chunk;
                chunk = new Posting[ChunkSize];
                filled = 0;
            }
        }
        if (filled > 0)
        {
            yield return chunk[..filled];
        }
    }

    /// <summary>Deletes a file, leaving it when it cannot (still mapped on Windows): the next writer tidies up.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}
