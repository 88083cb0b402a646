using System.Text;
using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Reads plain text: UTF-8 or UTF-16 with or without a byte-order mark; legacy text detected by statistics.</summary>
public sealed class TxtExtractor : IDocumentExtractor
{
    /// <inheritdoc />
    public ExtractedDocument Extract(string path, CancellationToken cancellationToken = default)
    {
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
        int evenNul = 0;
        int oddNul = 0;
        for (int i = 0; i + 1 < Math.Min(bytes.Length, 4096); i += 2)
        {
            evenNul += bytes[i] == 0 ? 1 : 0;
            oddNul += bytes[i + 1] == 0 ? 1 : 0;
        }
        int pairs = Math.Min(bytes.Length, 4096) / 2;
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
            return Encoding.Latin1.GetString(bytes); // legacy 8-bit text: decoded by statistics afterwards
        }
    }
}
