using System.Buffers.Binary;
using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Similarity.Matching;

/// <summary>What bulk screening needs of one report, stored with it at ingest: every winnowed fingerprint, its position,
/// and whether the report itself rules it out as a seed (SKKN template or official text, a shingle repeated inside the
/// report, a quotation or the references); the folded stream (the report read without its marks); and the share of the
/// report typed without marks. Screening reads these arrays instead of decompressing and re-preparing every text; only the
/// corpus-common test is applied then, because it depends on the archive.</summary>
/// <remarks>Format version 2: the byte 2, the unaccented share in percent (one byte), a varint count, then per fingerprint
/// its 8-byte hash (little-endian) and a varint of (position gap × 4 + unmarked shingle × 2 + ruled out); then a varint
/// count of the folded stream and per fingerprint its 8-byte hash and a byte (1: ruled out). About 9–10 bytes per
/// fingerprint, ≈ 5 KB for a 12 KB report. Version 1 (written before the folded stream) is still read: the byte 1, a
/// varint count, per fingerprint the hash and a varint of (gap × 2 + ruled out).</remarks>
public static class StoredFingerprints
{
    private const byte Version = 2;

    /// <summary>Encodes fingerprints (in position order) with their ruled-out flags; no folded stream.</summary>
    public static byte[] Encode(ReadOnlySpan<Fingerprint> fingerprints, ReadOnlySpan<bool> ruledOut) =>
        Encode(fingerprints, ruledOut, default, [], [], 0);

    /// <summary>Encodes fingerprints (in position order) with their flags, the folded stream and the unaccented share.</summary>
    /// <param name="fingerprints">The main stream.</param>
    /// <param name="ruledOut">Per fingerprint: the report itself rules it out as a seed.</param>
    /// <param name="unmarked">Per fingerprint: its shingle holds no marked syllable (empty: none).</param>
    /// <param name="folded">The folded stream.</param>
    /// <param name="foldedRuledOut">Per folded fingerprint: ruled out.</param>
    /// <param name="unaccentedShare">Share of the report's words typed without marks.</param>
    public static byte[] Encode(ReadOnlySpan<Fingerprint> fingerprints, ReadOnlySpan<bool> ruledOut, ReadOnlySpan<bool> unmarked,
        ReadOnlySpan<Fingerprint> folded, ReadOnlySpan<bool> foldedRuledOut, double unaccentedShare)
    {
        if (ruledOut.Length != fingerprints.Length || (unmarked.Length != 0 && unmarked.Length != fingerprints.Length))
        {
            throw new ArgumentException("one flag per fingerprint", nameof(ruledOut));
        }
        if (foldedRuledOut.Length != folded.Length)
        {
            throw new ArgumentException("one flag per folded fingerprint", nameof(foldedRuledOut));
        }
        var buffer = new byte[2 + 20 + fingerprints.Length * 18 + folded.Length * 9];
        int at = 0;
        buffer[at++] = Version;
        buffer[at++] = (byte)Math.Clamp((int)Math.Round(unaccentedShare * 100), 0, 100);
        at += WriteVarint(buffer.AsSpan(at), (ulong)fingerprints.Length);
        int prev = 0;
        for (int i = 0; i < fingerprints.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(at), fingerprints[i].Hash);
            at += 8;
            ulong gap = (ulong)(fingerprints[i].Position - prev);
            prev = fingerprints[i].Position;
            ulong flags = (unmarked.Length != 0 && unmarked[i] ? 2UL : 0UL) | (ruledOut[i] ? 1UL : 0UL);
            at += WriteVarint(buffer.AsSpan(at), (gap << 2) | flags);
        }
        at += WriteVarint(buffer.AsSpan(at), (ulong)folded.Length);
        for (int i = 0; i < folded.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(at), folded[i].Hash);
            at += 8;
            buffer[at++] = foldedRuledOut[i] ? (byte)1 : (byte)0;
        }
        return buffer[..at];
    }

    /// <summary>Decodes <paramref name="data"/> into the main stream's fingerprints and ruled-out flags.</summary>
    /// <exception cref="FormatException">The data is not of this format.</exception>
    public static (Fingerprint[] Fingerprints, bool[] RuledOut) Decode(ReadOnlySpan<byte> data)
    {
        var header = Header(data);
        var fps = new Fingerprint[header.Count];
        var ruled = new bool[header.Count];
        Read(data, header, fps, ruled, default);
        return (fps, ruled);
    }

    /// <summary>Every hash the report is found by: the main stream and the folded stream (each hash once).</summary>
    /// <exception cref="FormatException">The data is not of this format.</exception>
    public static ulong[] Keys(ReadOnlySpan<byte> data)
    {
        var header = Header(data);
        var fps = new Fingerprint[header.Count];
        int at = Read(data, header, fps, new bool[header.Count], default);
        var keys = new HashSet<ulong>(header.Count);
        foreach (var fp in fps)
        {
            keys.Add(fp.Hash);
        }
        if (header.Version >= 2)
        {
            ReadFolded(data, at, keys, null, null);
        }
        return [.. keys];
    }

    /// <summary>The share of the report's words typed without marks (0 for data of version 1).</summary>
    /// <exception cref="FormatException">The data is not of this format.</exception>
    public static double UnaccentedShare(ReadOnlySpan<byte> data) => Header(data).UnaccentedPercent / 100.0;

    /// <summary>Appends to <paramref name="output"/> the hashes of the fingerprints that may seed a match, exactly as
    /// <see cref="BoilerplateFilter.Apply"/> marks them usable: not ruled out by the report, not common in the corpus, and
    /// not in a gap between two common fingerprints (<see cref="BoilerplateFilter.GapOf"/>); then the usable hashes of the
    /// folded stream.</summary>
    /// <param name="data">Encoded fingerprints.</param>
    /// <param name="isCommon">The corpus-common test.</param>
    /// <param name="options">The fingerprint options (windows, unaccented share).</param>
    /// <param name="output">Receives the usable hashes (a hash may come twice).</param>
    /// <param name="kept">When given, receives the main-stream hashes the report itself does not rule out, common or not
    /// (the keys families are compared on, <see cref="CopyFamilies"/>).</param>
    public static void Usable(ReadOnlySpan<byte> data, Func<ulong, bool> isCommon, FingerprintOptions options, List<ulong> output,
        List<ulong>? kept = null)
    {
        ArgumentNullException.ThrowIfNull(isCommon);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var header = Header(data);
        int n = header.Count;
        // PERF: MacroBenchmark screen — buffers of the thread, not rented: a screen decodes every report once, on every core
        var fps = Buffer(ref s_fps, n);
        var ruled = Buffer(ref s_ruled, n);
        var unmarked = Buffer(ref s_unmarked, n);
        int at = Read(data, header, fps.AsSpan(0, n), ruled.AsSpan(0, n), unmarked.AsSpan(0, n));
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
        bool typedWithoutMarks = header.UnaccentedPercent / 100.0 >= options.UnaccentedShare;
        int wide = Math.Max(options.W, options.FoldedW);
        int prevCommon = -1;
        for (int i = 0; i < n; i++)
        {
            if (!isCommon(fps[i].Hash))
            {
                continue;
            }
            int gap = typedWithoutMarks && unmarked[i] && unmarked[prevCommon < 0 ? i : prevCommon] ? wide : options.W;
            if (prevCommon >= 0 && fps[i].Position - fps[prevCommon].Position <= gap)
            {
                // the gap between two common fingerprints close enough is common text too
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
        if (header.Version >= 2)
        {
            ReadFolded(data, at, null, output, isCommon);
        }
    }

    [ThreadStatic]
    private static Fingerprint[]? s_fps;

    [ThreadStatic]
    private static bool[]? s_ruled;

    [ThreadStatic]
    private static bool[]? s_unmarked;

    private static T[] Buffer<T>(ref T[]? buffer, int n)
    {
        if (buffer is null || buffer.Length < n)
        {
            buffer = new T[Math.Max(1024, n + n / 2)];
        }
        return buffer;
    }

    private readonly record struct HeaderInfo(byte Version, int UnaccentedPercent, int Count, int At);

    private static HeaderInfo Header(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data[0] is not (1 or Version))
        {
            throw new FormatException("stored fingerprints of an unknown format");
        }
        byte version = data[0];
        int at = 1;
        int unaccented = 0;
        if (version >= 2)
        {
            if (data.Length < 2)
            {
                throw new FormatException("stored fingerprints are truncated");
            }
            unaccented = data[at++];
        }
        ulong n = ReadVarint(data, ref at);
        if (n > (ulong)data.Length)
        {
            throw new FormatException("stored fingerprints are truncated");
        }
        return new HeaderInfo(version, unaccented, (int)n, at);
    }

    // Reads the main stream; returns the offset just past it.
    private static int Read(ReadOnlySpan<byte> data, HeaderInfo header, Span<Fingerprint> fps, Span<bool> ruled, Span<bool> unmarked)
    {
        int at = header.At;
        int shift = header.Version >= 2 ? 2 : 1;
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
            pos += (long)(v >> shift);
            fps[i] = new Fingerprint(hash, (int)pos);
            ruled[i] = (v & 1) != 0;
            if (!unmarked.IsEmpty)
            {
                unmarked[i] = shift == 2 && (v & 2) != 0;
            }
        }
        return at;
    }

    // The folded stream: every hash into keys, or the usable ones (not ruled out, not common) into usable.
    private static void ReadFolded(ReadOnlySpan<byte> data, int at, HashSet<ulong>? keys, List<ulong>? usable, Func<ulong, bool>? isCommon)
    {
        ulong m = ReadVarint(data, ref at);
        if (m > (ulong)data.Length || at + (long)m * 9 > data.Length)
        {
            throw new FormatException("stored fingerprints are truncated");
        }
        for (int i = 0; i < (int)m; i++)
        {
            ulong hash = BinaryPrimitives.ReadUInt64LittleEndian(data[at..]);
            bool ruled = data[at + 8] != 0;
            at += 9;
            keys?.Add(hash);
            if (usable is not null && !ruled && !isCommon!(hash))
            {
                usable.Add(hash);
            }
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
    private bool[] _unmarked = new bool[1024];
    private bool[] _foldedRuled = new bool[1024];
    private Fingerprint[] _folded = new Fingerprint[1024];
    private int _foldedCount;
    private int[] _markedPrefix = new int[1024];

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
        _ruledCount = fps.Length;
        // the folded stream and which shingles hold no marked syllable (prefix counts of marked syllables)
        var marked = syllables.Marked;
        Grow(ref _markedPrefix, syllables.Count + 1);
        _markedPrefix[0] = 0;
        for (int s = 0; s < syllables.Count; s++)
        {
            _markedPrefix[s + 1] = _markedPrefix[s] + (marked[s] ? 1 : 0);
        }
        Grow(ref _unmarked, fps.Length);
        for (int i = 0; i < fps.Length; i++)
        {
            int p = fps[i].Position;
            _unmarked[i] = _markedPrefix[Math.Min(p + options.K, syllables.Count)] == _markedPrefix[p];
        }
        // PERF: MacroBenchmark index/text — the folded fingerprints kept are those that may find a report: not ruled out (the
        // template, a repeat, a quotation) and of a shingle holding a marked syllable (an unmarked one hashes as the main stream)
        var folded = _fingerprinter.FoldedFingerprints;
        Grow(ref _folded, folded.Length);
        _foldedCount = 0;
        for (int i = 0; i < folded.Length; i++)
        {
            int p = folded[i].Position;
            int last = Math.Min(p + options.K, syllables.Count);
            bool ruled = _filter.IsTemplate(folded[i].Hash) || _repeats.Get(shingles[p]) >= options.MaxRepeatsInDocument
                || (spans.Count > 0 && excluded[last] - excluded[p] > 0);
            bool unmarked = _markedPrefix[last] == _markedPrefix[p];
            if (!ruled && !unmarked)
            {
                _folded[_foldedCount++] = folded[i];
            }
        }
        Grow(ref _foldedRuled, _foldedCount);
        Array.Clear(_foldedRuled, 0, _foldedCount);
        var (words, unaccented) = UnaccentedText.Count(text, syllables);
        UnaccentedShare = words == 0 ? 0 : (double)unaccented / words;
        return fps;
    }

    /// <summary>Per fingerprint of the last text: its shingle holds no marked syllable (valid until the next call).</summary>
    public ReadOnlySpan<bool> Unmarked => _unmarked.AsSpan(0, _ruledCount);

    /// <summary>The folded stream of the last text that may find it (valid until the next call): not ruled out as a seed
    /// (template, repeated, excluded), of a shingle holding a marked syllable.</summary>
    public ReadOnlySpan<Fingerprint> FoldedFingerprints => _folded.AsSpan(0, _foldedCount);

    /// <summary>Per folded fingerprint of <see cref="FoldedFingerprints"/>: ruled out (never: they are left out instead).</summary>
    public ReadOnlySpan<bool> FoldedRuledOut => _foldedRuled.AsSpan(0, _foldedCount);

    /// <summary>Share of the last text's words in paragraphs typed without marks.</summary>
    public double UnaccentedShare { get; private set; }

    private int _ruledCount;

    /// <summary>The encoded fingerprints of <paramref name="text"/> (<see cref="StoredFingerprints"/>).</summary>
    public byte[] Encode(string text, IEnumerable<string>? maskedValues)
    {
        var fps = Fingerprint(text, maskedValues, out var ruled);
        return StoredFingerprints.Encode(fps, ruled, Unmarked, FoldedFingerprints, FoldedRuledOut, UnaccentedShare);
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
