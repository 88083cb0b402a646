using SimilarityEngine.Ingest;

namespace SimilarityEngine.Engine;

/// <summary>The JSON shape of <c>simeng extract --json</c>.</summary>
public sealed record ExtractReport(int Schema, string File, string Format, int? Pages, string Encoding, double Quality,
    IReadOnlyList<string> Warnings, IReadOnlyList<ExtractReport.Block> Blocks, string Text, IReadOnlyList<ExtractReport.PageSource>? PageSources)
{
    /// <summary>Where a PDF page's text came from: <c>layer</c>, <c>ocr</c>, <c>replaced</c> (layer replaced by OCR),
    /// <c>skipped</c>, <c>empty</c>; <c>ocr</c> says why (for every page that is not a plain text-layer page).</summary>
    public sealed record PageSource(int Page, string Text, string? Ocr, int? Dpi);

    /// <summary>One block.</summary>
    public sealed record Block(string Kind, int? Page, string Encoding, bool Matching, string? Excluded, string Text);

    /// <summary>Builds the report of <paramref name="doc"/>.</summary>
    public static ExtractReport From(NormalizedDocument doc)
    {
        var src = doc.Source;
        return new ExtractReport(JsonContracts.Schema, src.SourcePath, src.Format, src.Pages, src.EncodingSummary, Math.Round(doc.Quality, 4), src.Warnings,
            src.Blocks.Select(b => new Block(KindName(b.Kind), b.PageNumber, b.Encoding.ToString().ToLowerInvariant(), b.IsMatchingText,
                b.ExcludedReason, b.Text)).ToList(), doc.Text,
            src.PageDecisions?.Select(p => new PageSource(p.Number, p.Text, p.Reason, p.Dpi)).ToList());
    }

    /// <summary>The block kind as written in JSON.</summary>
    public static string KindName(BlockKind k) => k switch
    {
        BlockKind.Heading => "heading",
        BlockKind.Paragraph => "paragraph",
        BlockKind.TableCell => "table-cell",
        BlockKind.Footnote => "footnote",
        BlockKind.TextBox => "text-box",
        BlockKind.HeaderFooter => "header-footer",
        BlockKind.ImageText => "image-text",
        _ => k.ToString(),
    };
}
