using System.Text;
using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Reads plain text: UTF-8 or UTF-16 with or without a byte-order mark; legacy text detected by statistics.</summary>
public sealed class TxtExtractor : IDocumentExtractor
{
    private readonly IngestLimits _limits;

    /// <summary>Creates the extractor with <paramref name="limits"/> (default <see cref="IngestLimits.Default"/>).</summary>
    public TxtExtractor(IngestLimits? limits = null) => _limits = limits ?? IngestLimits.Default;

    /// <inheritdoc />
    public ExtractedDocument Extract(string path, CancellationToken cancellationToken = default)
    {
        // refused before it is read: a report's text is some 100 KB; tens of MB of "text" is a dump or an attack, and
        // normalising it takes some 30 bytes of memory per byte
        long length = new FileInfo(path).Length;
        if (length > _limits.MaxCharacters)
        {
            throw new DocumentFormatException(path, $"the text file is {length:N0} bytes, over the limit of {_limits.MaxCharacters:N0} for one document; refused");
        }
        byte[] bytes = File.ReadAllBytes(path);
        string text = DecodeBytes(bytes);
        var warnings = new List<string>();
        var det = LegacyDetector.Detect(text);
        if (det.Encoding != LegacyEncoding.None)
        {
            text = det.Text;
            warnings.Add($"text is in the legacy {det.Encoding} encoding; decoded");
        }
        var blocks = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Where(l => l.Trim().Length > 0)
            .Select(l => new TextBlock(BlockKind.Paragraph, l, null, det.Encoding))
            .ToList();
        return new ExtractedDocument(path, "txt", blocks, warnings, DocumentProperties.Empty);
    }

    /// <summary>Decodes text bytes: BOM first, then UTF-16 by the share of NUL bytes, else UTF-8 (Latin-1 when invalid).</summary>
    public static string DecodeBytes(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }
        var (evenNul, oddNul, pairs) = NulPattern(bytes);
        if (pairs > 0 && oddNul > pairs * 0.3)
        {
            return Encoding.Unicode.GetString(bytes);
        }
        if (pairs > 0 && evenNul > pairs * 0.3)
        {
            return Encoding.BigEndianUnicode.GetString(bytes);
        }
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return EightBit(bytes);
        }
    }

    /// <summary>True when <paramref name="head"/> looks like UTF-16 without a byte-order mark: NULs in every other byte for
    /// most character pairs (the high byte of Latin letters, digits, spaces and line breaks), in one parity only.</summary>
    public static bool LooksLikeUtf16(ReadOnlySpan<byte> head)
    {
        var (evenNul, oddNul, pairs) = NulPattern(head);
        return pairs >= 4 && (oddNul > pairs * 0.3) != (evenNul > pairs * 0.3);
    }

    private static (int EvenNul, int OddNul, int Pairs) NulPattern(ReadOnlySpan<byte> bytes)
    {
        int evenNul = 0;
        int oddNul = 0;
        int n = Math.Min(bytes.Length, 4096);
        for (int i = 0; i + 1 < n; i += 2)
        {
            evenNul += bytes[i] == 0 ? 1 : 0;
            oddNul += bytes[i + 1] == 0 ? 1 : 0;
        }
        return (evenNul, oddNul, n / 2);
    }

    private static readonly Encoding s_windows1258 = CreateWindows1258();

    private static Encoding CreateWindows1258()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1258);
    }

    // VI: 8-bit text that is not UTF-8 is Windows-1258 (what Notepad on a Vietnamese Windows saves as "ANSI": tones as
    // combining marks) or a legacy font encoding (TCVN3, VNI, VISCII, VPS: read as Latin-1 and decoded by statistics
    // afterwards). Whichever reads as more valid Vietnamese syllables wins.
    private static string EightBit(byte[] bytes)
    {
        string latin1 = Encoding.Latin1.GetString(bytes);
        string cp1258 = s_windows1258.GetString(bytes).Normalize(NormalizationForm.FormC);
        var legacy = LegacyDetector.Detect(latin1);
        double qLegacy = Text.TextNormalizer.Quality(legacy.Encoding == LegacyEncoding.None ? latin1 : legacy.Text, out _);
        double q1258 = Text.TextNormalizer.Quality(cp1258, out _);
        return q1258 > qLegacy && VietnameseShare(cp1258) > VietnameseShare(legacy.Encoding == LegacyEncoding.None ? latin1 : legacy.Text) ? cp1258 : latin1;
    }

    // Share of letters that are Vietnamese letters with marks: Windows-1258 text read as Latin-1 has none (its marks are
    // other Latin-1 symbols), read right it has many.
    private static double VietnameseShare(string text)
    {
        int letters = 0;
        int marked = 0;
        foreach (char c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                marked += Similarity.Text.VietnameseSyllable.IsMarked(char.ToLowerInvariant(c)) ? 1 : 0;
            }
        }
        return letters == 0 ? 0 : (double)marked / letters;
    }
}
