using SimilarityEngine.Similarity.Corpus;

namespace SimilarityEngine.Ingest.Text;

/// <summary>Counts what a document did to look original to a checker (<see cref="EvasionSignals"/>): the extractor's hidden
/// letters, look-alike letters and invisible characters inside words of the extracted text, words read from pictures, and
/// the typing repairs. The share typed without marks is added where the text is fingerprinted.</summary>
public static class EvasionScan
{
    /// <summary>The signals of one read document.</summary>
    /// <param name="extracted">The extraction.</param>
    /// <param name="repairs">The typing repairs made, or null.</param>
    public static EvasionSignals Of(ExtractedDocument extracted, TypingRepairs.Result? repairs)
    {
        ArgumentNullException.ThrowIfNull(extracted);
        var (lookAlikes, invisible) = InsideWords(extracted.MatchingText);
        return new EvasionSignals
        {
            HiddenLetters = extracted.HiddenLetters,
            LookAlikeLetters = lookAlikes,
            InvisibleCharacters = invisible,
            // the share of words typed without marks is measured where the syllables are hashed (ingest, check): one pass less
            PictureTextWords = PictureWords(extracted),
            SpacedWords = repairs?.SpacedWords ?? 0,
            TypedMarkWords = (repairs?.ViqrWords ?? 0) + (repairs?.TelexWords ?? 0),
        };
    }

    /// <summary>Letters of other scripts that the normaliser reads as Latin, and invisible characters, each counted only
    /// inside a word that also holds Latin letters (a Greek letter in a formula, a soft hyphen at a line end are ordinary).</summary>
    public static (int LookAlikes, int Invisible) InsideWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // PERF: FingerprintBenchmarks.IngestPath — most text holds neither Greek/Cyrillic nor invisible characters
        var span = text.AsSpan();
        if (span.IndexOfAnyInRange('\u0370', '\u04FF') < 0 && span.IndexOfAny(s_invisible) < 0 && span.IndexOfAnyInRange('\u0080', '\u009F') < 0)
        {
            return (0, 0);
        }
        int lookAlikes = 0;
        int invisible = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (!IsWordPart(text[i]))
            {
                i++;
                continue;
            }
            int s = i;
            int latin = 0;
            int foreign = 0;
            int hidden = 0;
            while (i < text.Length && IsWordPart(text[i]))
            {
                char c = text[i];
                if (c != '\u00AD' && TextNormalizer.IsInvisible(c))
                {
                    hidden++;
                }
                else if (c is >= '\u0370' and <= '\u04FF' && TextNormalizer.MapChar(c) != c)
                {
                    foreign++;
                }
                else if (char.IsLetter(c) && c < '\u0250')
                {
                    latin++;
                }
                i++;
            }
            if (latin > 0)
            {
                lookAlikes += foreign;
                invisible += i - s > hidden ? hidden : 0;
            }
        }
        return (lookAlikes, invisible);
    }

    private static readonly System.Buffers.SearchValues<char> s_invisible =
        System.Buffers.SearchValues.Create("\u200B\u200C\u200D\u2060\uFEFF\u180E\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    private static bool IsWordPart(char c) =>
        char.IsLetter(c) || (c >= '\u0300' && c <= '\u036F') || (c != '\u00AD' && c >= 0x80 && TextNormalizer.IsInvisible(c));

    // Words read by OCR from pictures among the text: pictures in a Word file, and pages of a PDF read by OCR while other
    // pages keep their text layer.
    private static int PictureWords(ExtractedDocument doc)
    {
        var ocrPages = new HashSet<int>();
        if (doc.PageDecisions is { } decisions && decisions.Any(d => d.Text == PageReading.Layer.Name()))
        {
            foreach (var d in decisions)
            {
                if (d.Text == PageReading.Ocr.Name() || d.Text == PageReading.Replaced.Name())
                {
                    ocrPages.Add(d.Number);
                }
            }
        }
        int words = 0;
        foreach (var b in doc.Blocks)
        {
            if (b.Kind == BlockKind.ImageText || (b.PageNumber is int p && ocrPages.Contains(p)))
            {
                words += b.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            }
        }
        return words;
    }
}
