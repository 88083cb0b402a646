using Lucene.Net.Util;

namespace SimilarityEngine.Indexing;

/// <summary>Field names and encodings of the index; they never leave this project.</summary>
internal static class Fields
{
    /// <summary>The bits of a fingerprint that its term keeps (the low 48).</summary>
    public const ulong Mask = (1UL << 48) - 1;

    public const string Id = "id";
    public const string Seq = "seq";

    /// <summary>The sequence number again, as a numeric doc value: read per segment at open, where the indexed
    /// <see cref="Seq"/> had to be uninverted. Reports written before it have none.</summary>
    public const string SeqValue = "seq_dv";
    public const string Hash = "hash";
    public const string Text = "text";
    public const string Offsets = "offsets";
    public const string File = "file";
    public const string Submitted = "submitted";
    public const string Year = "year";
    public const string Quality = "quality";
    public const string Warnings = "warnings";
    public const string MetaPrefix = "meta.";
    public const string Fingerprint = "fp";
    public const string Pictures = "pictures";

    /// <summary>What the report did to look original (<c>EvasionSignals</c>), as JSON; absent when nothing.</summary>
    public const string Evasion = "evasion";
    public const string PictureTerm = "pic";
    public const string NextSeq = "next_seq";

    /// <summary>Commit data: the index's id, written into its postings files so that files of another index are never read.</summary>
    public const string IndexId = "index_id";

    /// <summary>Commit data: the format version of the index (<see cref="IndexFormat"/>).</summary>
    public const string FormatVersion = "format";

    /// <summary>Every fingerprint with its position and ruled-out flag (<c>StoredFingerprints</c>), stored at ingest.</summary>
    public const string Match = "match";

    /// <summary>The key of the options the stored fingerprints were computed with.</summary>
    public const string MatchKey = "match_key";

    /// <summary>Folded words of title, author, school, district and text (not stored).</summary>
    public const string SearchAll = "search";

    /// <summary>Folded words of one metadata field: <c>search.title</c>, <c>search.author</c>, …</summary>
    public const string SearchPrefix = "search.";

    /// <summary>The metadata fields searchable on their own.</summary>
    public static readonly string[] SearchableMeta = ["title", "author", "school", "district"];

    // PERF: index size — the low 48 bits as 8 base-64 characters instead of 16 hex digits; a collision only adds a candidate
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static string Term(ulong fingerprint) => string.Create(8, fingerprint, static (span, v) =>
    {
        for (int i = 0; i < 8; i++)
        {
            span[i] = Alphabet[(int)(v & 63)];
            v >>= 6;
        }
    });

    /// <summary>Writes the 8 characters of <see cref="Term"/> into <paramref name="buffer"/>.</summary>
    public static void WriteTerm(ulong fingerprint, char[] buffer)
    {
        for (int i = 0; i < 8; i++)
        {
            buffer[i] = Alphabet[(int)(fingerprint & 63)];
            fingerprint >>= 6;
        }
    }

    private static readonly byte[] s_digits = MakeDigits();

    private static byte[] MakeDigits()
    {
        var d = new byte[128];
        for (int i = 0; i < Alphabet.Length; i++)
        {
            d[Alphabet[i]] = (byte)i;
        }
        return d;
    }

    public static ulong FromTerm(BytesRef term)
    {
        ulong v = 0;
        for (int i = term.Length - 1; i >= 0; i--)
        {
            v = (v << 6) | s_digits[term.Bytes[term.Offset + i] & 127];
        }
        return v;
    }

    // PERF: MacroBenchmark ingest and index/text — Brotli quality 2: 5,000 reports ingested in 9.7 s instead of 11.0 s at
    // quality 5 (compression was a fifth of ingest's CPU), for 2 % more index bytes; quality 5 was about 10× faster than 9
    public static byte[] Compress(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var dest = new byte[System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(bytes.Length)];
        if (!System.IO.Compression.BrotliEncoder.TryCompress(bytes, dest, out int written, quality: 2, window: 22))
        {
            throw new InvalidOperationException("Brotli compression failed");
        }
        return dest[..written];
    }

    public static string Decompress(BytesRef bytes)
    {
        using var input = new MemoryStream(bytes.Bytes, bytes.Offset, bytes.Length);
        using var b = new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        b.CopyTo(output);
        return System.Text.Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }
}
