using SimilarityEngine.Ingest.Text;

namespace SimilarityEngine.Ingest;

/// <summary>How well one page of a document was read: where its text came from and the share of its words that are
/// Vietnamese syllables (the extraction-quality score of the whole document, page by page), so that a reviewer sees which
/// pages a low score comes from — a scanned appendix, a picture read badly, a page in an old font.</summary>
/// <param name="Number">1-based page number.</param>
/// <param name="Reading">Where the page's text came from: <c>layer</c>, <c>ocr</c>, <c>replaced</c>, <c>skipped</c>,
/// <c>empty</c> (<see cref="PageReadings.Name"/>).</param>
/// <param name="Words">Words with letters on the page (the matching text: hidden text, running headers and footers left out).</param>
/// <param name="Quality">Share of those words that are valid Vietnamese syllables; 0 for a page without words.</param>
public sealed record PageQuality(int Number, string Reading, int Words, double Quality)
{
    /// <summary>Under this score a page is named as read poorly (the document's own threshold, <see cref="DocumentReader.LowQuality"/>).</summary>
    public const double Low = DocumentReader.LowQuality;

    /// <summary>True when the page has words and under <see cref="Low"/> of them are syllables.</summary>
    public bool Poor => Words > 0 && Quality < Low;

    /// <summary>The pages of an extraction with their quality; empty for a format without pages (.docx, .odt, .txt …,
    /// where no block knows its page).</summary>
    public static IReadOnlyList<PageQuality> Of(ExtractedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = new SortedDictionary<int, System.Text.StringBuilder>();
        foreach (var b in document.Blocks)
        {
            if (b.PageNumber is int p && b.IsMatchingText)
            {
                if (!text.TryGetValue(p, out var sb))
                {
                    text[p] = sb = new System.Text.StringBuilder();
                }
                sb.Append(b.Text).Append(b.Separator);
            }
        }
        var decisions = document.PageDecisions ?? [];
        if (text.Count == 0 && decisions.Count == 0)
        {
            return [];
        }
        int last = Math.Max(document.Pages ?? 0, Math.Max(text.Count > 0 ? text.Keys.Max() : 0, decisions.Count > 0 ? decisions.Max(d => d.Number) : 0));
        var byNumber = decisions.GroupBy(d => d.Number).ToDictionary(g => g.Key, g => g.First().Text);
        var pages = new List<PageQuality>(last);
        for (int n = 1; n <= last; n++)
        {
            int words = 0;
            double q = 0;
            if (text.TryGetValue(n, out var sb))
            {
                q = TextNormalizer.Quality(TextNormalizer.Normalize(sb.ToString()).Text, out words);
            }
            string reading = byNumber.TryGetValue(n, out var r) ? r : words > 0 ? PageReading.Layer.Name() : PageReading.Empty.Name();
            pages.Add(new PageQuality(n, reading, words, words == 0 ? 0 : Math.Round(q, 4)));
        }
        return pages;
    }
}
