using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

/// <summary>The text pulled out of one file, before normalisation.</summary>
/// <param name="SourcePath">The file it came from.</param>
/// <param name="Format">docx, doc, pdf or txt.</param>
/// <param name="Blocks">Text blocks in reading order.</param>
/// <param name="Warnings">Damaged or doubtful parts, each naming what it concerns.</param>
/// <param name="Properties">Title and author from the file's properties.</param>
/// <param name="Pages">Page count where known.</param>
/// <param name="PageDecisions">PDF: where each page's text came from (text layer, OCR) and why.</param>
/// <param name="Pictures">Hashes of the pictures embedded in the body (photos, charts, scans), in order.</param>
public sealed record ExtractedDocument(string SourcePath, string Format, IReadOnlyList<TextBlock> Blocks,
    IReadOnlyList<string> Warnings, DocumentProperties Properties, int? Pages = null, IReadOnlyList<PageDecision>? PageDecisions = null,
    IReadOnlyList<Similarity.Pictures.PictureHash>? Pictures = null)
{
    /// <summary>Letters left out because no reader sees them, by kind: <c>hidden</c> (Word's hidden text), <c>white</c>,
    /// <c>tiny</c> (1–2 pt), <c>invisible</c> (a PDF's invisible text over visible text), <c>off-page</c>. Hiding letters
    /// inside words is a way to make a copy look original to a checker.</summary>
    public IReadOnlyDictionary<string, int> HiddenLetters { get; init; } = new Dictionary<string, int>();

    /// <summary>The text that matching uses: matching blocks joined by their separators.</summary>
    public string MatchingText
    {
        get
        {
            var sb = new System.Text.StringBuilder();
            foreach (var b in Blocks)
            {
                if (!b.IsMatchingText)
                {
                    continue;
                }
                sb.Append(b.Text);
                sb.Append(b.Separator);
            }
            return sb.ToString();
        }
    }

    /// <summary>The legacy encodings found, or "unicode".</summary>
    public string EncodingSummary
    {
        get
        {
            var set = Blocks.Where(b => b.Encoding != LegacyEncoding.None).Select(b => b.Encoding.ToString().ToLowerInvariant()).Distinct().ToList();
            return set.Count == 0 ? "unicode" : string.Join('+', set);
        }
    }
}
