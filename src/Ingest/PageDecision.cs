using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

/// <summary>Where a PDF page's text came from.</summary>
/// <param name="Number">1-based page number.</param>
/// <param name="Text"><c>layer</c> (the text layer, kept), <c>ocr</c> (no usable layer: read by OCR), <c>replaced</c>
/// (a text layer there, replaced by OCR), <c>skipped</c> (needed OCR but was not read: budget, tools missing, failure),
/// <c>empty</c> (nothing on the page).</param>
/// <param name="Reason">Why, for every page that is not a plain text-layer page.</param>
/// <param name="Dpi">The resolution the page was OCR'd at.</param>
public sealed record PageDecision(int Number, string Text, string? Reason = null, int? Dpi = null);
