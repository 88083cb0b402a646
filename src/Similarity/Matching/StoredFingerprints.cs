using System.Buffers;
using System.Buffers.Binary;
using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Similarity.Matching;

/// <summary>What bulk screening needs of one report, stored with it at ingest: every winnowed fingerprint, its position,
/// and whether the report itself rules it out as a seed (SKKN template or official text, a shingle repeated inside the
/// report, a quotation or the references). Screening reads these arrays instead of decompressing and re-preparing every
/// text; only the corpus-common test is applied then, because it depends on the archive.</summary>
/// <remarks>Format (version 1): the byte 1, a varint count, then per fingerprint its 8-byte hash (little-endian) and a
/// varint of (position gap × 2 + ruled out): about 9–10 bytes per fingerprint, ≈ 4 KB for a 12 KB report.</remarks>
public static class StoredFingerprints
{
    private const byte Version = 1;

    /// <summary>Encodes fingerprints (in position order) with their ruled-out flags.</summary>
    public static byte[] Encode(ReadOnlySpan<Fingerprint> fingerprints, ReadOnlySpan<bool> ruledOut)
    {
        if (ruledOut.Length != fingerprints.Length)
        {
            throw new ArgumentException("one flag per fingerprint", nameof(ruledOut));
        }
        var buffer = new byte[1 + 10 + fingerprints.Length * 18];
        int at = 0;
        buffer[at++] = Version;
        at += WriteVarint(buffer.AsSpan(at), (ulong)fingerprints.Length);
        int prev = 0;
        for (int i = 0; i < fingerprints.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(at), fingerprints[i].Hash);
            at += 8;
            ulong gap = (ulong)(fingerprints[i].Position - prev);
            prev = fingerprints[i].Position;
            at += WriteVarint(buffer.AsSpan(at), (gap << 1) | (ruledOut[i] ? 1UL : 0UL));
        }
        return buffer[..at];
    }

    /// <summary>Decodes <paramref name="data"/> into fingerprints and flags.</summary>
    /// <exception cref="FormatException">The data is not of this format.</exception>
    public static (Fingerprint[] Fingerprints, bool[] RuledOut) Decode(ReadOnlySpan<byte> data)
    {
        int n = Count(data, out int at);
        var fps = new Fingerprint[n];
        var ruled = new bool[n];
        Read(data, at, fps, ruled);
        return (fps, ruled);
    }

    /// <summary>Appends to <paramref name="output"/> the hashes of the fingerprints that may seed a match, exactly as
    /// <see cref="BoilerplateFilter.Apply"/> marks them usable: not ruled out by the report, not common in the corpus, and
    /// not in a gap of at most w shingles between two common fingerprints.</summary>
    /// <param name="data">Encoded fingerprints.</param>
    /// <param name="isCommon">The corpus-common test.</param>
    /// <param name="w">The winnowing window.</param>
    /// <param name="output">Receives the usable hashes (a hash may come twice).</param>
    /// <param name="kept">When given, receives the hashes the report itself does not rule out, common or not (the keys
    /// families are compared on, <see cref="CopyFamilies"/>).</param>
    public static void Usable(ReadOnlySpan<byte> data, Func<ulong, bool> isCommon, int w, List<ulong> output, List<ulong>? kept = null)
    {
        ArgumentNullException.ThrowIfNull(isCommon);
        ArgumentNullException.ThrowIfNull(output);
        int n = Count(data, out int at);
        var fps = ArrayPool<Fingerprint>.Shared.Rent(Math.Max(1, n));
        var ruled = ArrayPool<bool>.Shared.Rent(Math.Max(1, n));
        try
        {
            Read(data, at, fps.AsSpan(0, n), ruled.AsSpan(0, n));
            if (kept is not null)
            {
                for (int i = 0; i < n; i++)
                {
                    if (!ruled[i])
                    {
                        kept.Add(fps[i].Hash);
                    }
                }
            }
            int prevCommon = -1;
            for (int i = 0; i < n; i++)
            {
                if (!isCommon(fps[i].Hash))
                {
                    continue;
                }
                if (prevCommon >= 0 && fps[i].Position - fps[prevCommon].Position <= w)
                {
                    // the gap between two common fingerprints no further apart than w is common text too
                    for (int j = prevCommon + 1; j < i; j++)
                    {
                        ruled[j] = true;
                    }
                }
                ruled[i] = true;
                prevCommon = i;
            }
            for (int i = 0; i < n; i++)
            {
                if (!ruled[i])
                {
                    output.Add(fps[i].Hash);
                }
            }
        }
        finally
        {
            ArrayPool<Fingerprint>.Shared.Return(fps);
            ArrayPool<bool>.Shared.Return(ruled);
        }
    }

    private static int Count(ReadOnlySpan<byte> data, out int at)
    {
        if (data.Length == 0 || data[0] != Version)
        {
            throw new FormatException("stored fingerprints of an unknown format");
        }
        at = 1;
        ulong n = ReadVarint(data, ref at);
        if (n > (ulong)data.Length)
        {
            throw new FormatException("stored fingerprints are truncated");
        }
        return (int)n;
    }

    private static void Read(ReadOnlySpan<byte> data, int at, Span<Fingerprint> fps, Span<bool> ruled)
    {
        long pos = 0;
        for (int i = 0; i < fps.Length; i++)
        {
            if (at + 8 > data.Length)
            {
                throw new FormatException("stored fingerprints are truncated");
            }
            ulong hash = BinaryPrimitives.ReadUInt64LittleEndian(data[at..]);
            at += 8;
            ulong v = ReadVarint(data, ref at);
            pos += (long)(v >> 1);
            fps[i] = new Fingerprint(hash, (int)pos);
            ruled[i] = (v & 1) != 0;
        }
    }

    private static int WriteVarint(Span<byte> span, ulong v)
    {
        int i = 0;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[i++] = (byte)v;
        return i;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong v = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (at >= data.Length)
            {
                throw new FormatException("stored fingerprints are truncated");
            }
            byte b = data[at++];
            v |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return v;
            }
        }
        throw new FormatException("stored fingerprints hold a bad number");
    }
}

/// <summary>The one fingerprint path of ingest, screen and the benchmark: winnowed fingerprints of a report's canonical text
/// with its own names masked (<see cref="TextFingerprinter"/>), and which of them the report itself rules out as seeds
/// (<see cref="StoredFingerprints"/>). Buffers are reused between calls, so a warm instance allocates nothing per shingle.
/// Not thread-safe: one instance per thread.</summary>
public sealed class MatchFingerprinter
{
    private readonly TextFingerprinter _fingerprinter;
    private readonly BoilerplateFilter _filter;
    private readonly CountTable _repeats = new();
    private int[] _excluded = new int[1024];
    private bool[] _ruled = new bool[1024];

    /// <summary>Creates a fingerprinter with the given template (and official texts) and options.</summary>
    public MatchFingerprinter(BoilerplateFilter filter, FingerprintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        _filter = filter;
        _fingerprinter = new TextFingerprinter(options);
    }

    /// <summary>The fingerprints of <paramref name="text"/> (valid until the next call) and, in <paramref name="ruledOut"/>,
    /// per fingerprint whether the report itself rules it out as a seed.</summary>
    public ReadOnlySpan<Fingerprint> Fingerprint(string text, IEnumerable<string>? maskedValues, out ReadOnlySpan<bool> ruledOut)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fps = _fingerprinter.Fingerprint(text, maskedValues);
        var shingles = _fingerprinter.Shingles;
        var syllables = _fingerprinter.Syllables;
        var options = _fingerprinter.Options;
        Grow(ref _ruled, fps.Length);
        Grow(ref _excluded, syllables.Count + 1);
        // a shingle repeated inside the report is its own template (table rows, list stems)
        // PERF: FingerprintBenchmarks.IngestPath — counted in a reused open-addressing table, not by sorting
        _repeats.Count(shingles);
        // quotations and references: prefix counts of excluded syllables
        var excluded = _excluded.AsSpan(0, syllables.Count + 1);
        excluded.Clear();
        var spans = DocumentStructure.ExcludedSpans(text, DocumentStructure.Sections(text));
        if (spans.Count > 0)
        {
            var starts = syllables.Starts;
            foreach (var span in spans)
            {
                for (int s = MatchDocument.SyllableAt(syllables, span.Start); s < syllables.Count && starts[s] < span.End; s++)
                {
                    excluded[s + 1] = 1;
                }
            }
            for (int s = 1; s < excluded.Length; s++)
            {
                excluded[s] += excluded[s - 1];
            }
        }
        for (int i = 0; i < fps.Length; i++)
        {
            ulong h = fps[i].Hash;
            int p = fps[i].Position;
            int repeats = _repeats.Get(h);
            int last = Math.Min(p + options.K, syllables.Count);
            _ruled[i] = _filter.IsTemplate(h) || repeats >= options.MaxRepeatsInDocument || (spans.Count > 0 && excluded[last] - excluded[p] > 0);
        }
        ruledOut = _ruled.AsSpan(0, fps.Length);
        return fps;
    }

    /// <summary>The encoded fingerprints of <paramref name="text"/> (<see cref="StoredFingerprints"/>).</summary>
    public byte[] Encode(string text, IEnumerable<string>? maskedValues)
    {
        var fps = Fingerprint(text, maskedValues, out var ruled);
        return StoredFingerprints.Encode(fps, ruled);
    }

    private static void Grow<T>(ref T[] buffer, int n)
    {
        if (buffer.Length < n)
        {
            buffer = new T[Math.Max(n, buffer.Length * 2)];
        }
    }
}

/// <summary>How often each 64-bit hash occurs in a sequence: an open-addressing table reused between calls (no allocation
/// once grown). Not thread-safe.</summary>
internal sealed class CountTable
{
    private ulong[] _keys = new ulong[2048];
    private int[] _counts = new int[2048];
    private int _mask = 2047;
    private int _zeroCount;

    /// <summary>Counts the hashes of <paramref name="values"/>, forgetting earlier counts.</summary>
    public void Count(ReadOnlySpan<ulong> values)
    {
        int capacity = _keys.Length;
        while (capacity < values.Length * 2)
        {
            capacity *= 2;
        }
        if (capacity != _keys.Length)
        {
            _keys = new ulong[capacity];
            _counts = new int[capacity];
            _mask = capacity - 1;
        }
        else
        {
            Array.Clear(_keys);
            Array.Clear(_counts);
        }
        _zeroCount = 0;
        foreach (ulong v in values)
        {
            if (v == 0)
            {
                _zeroCount++; // 0 marks an empty slot
                continue;
            }
            int i = Slot(v);
            _keys[i] = v;
            _counts[i]++;
        }
    }

    /// <summary>How often <paramref name="value"/> occurred.</summary>
    public int Get(ulong value) => value == 0 ? _zeroCount : _counts[Slot(value)];

    private int Slot(ulong v)
    {
        int i = (int)((v * 0x9E3779B97F4A7C15UL) >> 32) & _mask;
        while (_keys[i] != 0 && _keys[i] != v)
        {
            i = (i + 1) & _mask;
        }
        return i;
    }
}
