using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

/// <summary>What a block of extracted text is.</summary>
public enum BlockKind
{
    /// <summary>A heading (by style or outline level).</summary>
    Heading,
    /// <summary>A body paragraph.</summary>
    Paragraph,
    /// <summary>One cell of a table; cells of a row are separated by tabs.</summary>
    TableCell,
    /// <summary>A footnote or endnote.</summary>
    Footnote,
    /// <summary>The content of a text box.</summary>
    TextBox,
    /// <summary>A page header or footer: kept, but not part of the matching text.</summary>
    HeaderFooter,
    /// <summary>Text read by OCR from a picture embedded in the document (a pasted scan or screenshot).</summary>
    ImageText,
}

/// <summary>One block of extracted text.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">Its text (decoded from legacy encodings, not yet normalised).</param>
/// <param name="PageNumber">1-based page, where the format knows it.</param>
/// <param name="Encoding">The legacy encoding it was decoded from, if any.</param>
/// <param name="ExcludedReason">Why it is left out of the matching text (hidden, white, tiny), or null.</param>
/// <param name="Separator">What follows it in the matching text: a new line, or a tab between cells of a row.</param>
public sealed record TextBlock(BlockKind Kind, string Text, int? PageNumber = null, LegacyEncoding Encoding = LegacyEncoding.None,
    string? ExcludedReason = null, char Separator = '\n')
{
    /// <summary>True when the block is part of the matching text.</summary>
    public bool IsMatchingText => ExcludedReason is null && Kind != BlockKind.HeaderFooter;
}

/// <summary>Where a PDF page's text came from.</summary>
/// <param name="Number">1-based page number.</param>
/// <param name="Text"><c>layer</c> (the text layer, kept), <c>ocr</c> (no usable layer: read by OCR), <c>replaced</c>
/// (a text layer there, replaced by OCR), <c>skipped</c> (needed OCR but was not read: budget, tools missing, failure),
/// <c>empty</c> (nothing on the page).</param>
/// <param name="Reason">Why, for every page that is not a plain text-layer page.</param>
/// <param name="Dpi">The resolution the page was OCR'd at.</param>
public sealed record PageDecision(int Number, string Text, string? Reason = null, int? Dpi = null);

/// <summary>Where a PDF page's text came from; <see cref="PageDecision.Text"/> holds its <see cref="PageReadings.Name"/>.</summary>
public enum PageReading
{
    /// <summary>The text layer, kept.</summary>
    Layer,

    /// <summary>No usable layer: read by OCR.</summary>
    Ocr,

    /// <summary>A text layer there, replaced by OCR.</summary>
    Replaced,

    /// <summary>Needed OCR but was not read: budget, tools missing, failure.</summary>
    Skipped,

    /// <summary>Nothing on the page.</summary>
    Empty,
}

/// <summary>Names of <see cref="PageReading"/> as reports and the JSON contract write them.</summary>
public static class PageReadings
{
    /// <summary>layer, ocr, replaced, skipped or empty.</summary>
    public static string Name(this PageReading reading) => reading switch
    {
        PageReading.Layer => "layer",
        PageReading.Ocr => "ocr",
        PageReading.Replaced => "replaced",
        PageReading.Skipped => "skipped",
        PageReading.Empty => "empty",
        _ => throw new ArgumentOutOfRangeException(nameof(reading)),
    };
}

/// <summary>Properties a document states about itself.</summary>
public sealed record DocumentProperties(string? Title = null, string? Author = null)
{
    /// <summary>No properties.</summary>
    public static DocumentProperties Empty { get; } = new();
}

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

/// <summary>A file that cannot be read as a report: corrupt, truncated, empty, encrypted, mislabelled or over a limit.</summary>
public sealed class DocumentFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DocumentFormatException(string sourcePath, string reason, int? pageNumber = null, Exception? inner = null)
        : base(pageNumber is null ? $"{sourcePath}: {reason}" : $"{sourcePath} (page {pageNumber}): {reason}", inner)
    {
        SourcePath = sourcePath;
        Reason = reason;
        PageNumber = pageNumber;
    }

    /// <summary>Creates the exception.</summary>
    public DocumentFormatException() : this("", "unknown") { }

    /// <summary>Creates the exception.</summary>
    public DocumentFormatException(string message) : this("", message) { }

    /// <summary>Creates the exception.</summary>
    public DocumentFormatException(string message, Exception inner) : this("", message, null, inner) { }

    /// <summary>The file.</summary>
    public string SourcePath { get; }

    /// <summary>Why it cannot be read.</summary>
    public string Reason { get; }

    /// <summary>The 1-based page concerned, if any.</summary>
    public int? PageNumber { get; }

    /// <summary>The reader itself failed on this file (crash, out of memory, killed at the time limit): the file is
    /// quarantined so that a rerun does not crash again.</summary>
    public bool Crashed { get; init; }
}

/// <summary>Input limits: bigger or slower inputs are refused with a <see cref="DocumentFormatException"/>.</summary>
/// <param name="MaxFileBytes">Largest file read.</param>
/// <param name="MaxExpandedBytes">Largest total uncompressed size of a .docx package.</param>
/// <param name="MaxZipRatio">Largest uncompressed/compressed ratio of a .docx part over 1 MiB (zip bombs).</param>
/// <param name="MaxCharacters">Largest number of characters in one XML part.</param>
/// <param name="MaxPages">Most PDF pages read.</param>
/// <param name="TimePerFile">Longest time spent on one file (external converters are killed after it).</param>
/// <param name="OcrMaxPages">Most pages sent to OCR in one file (the pages budget; the rest are named in a warning).</param>
/// <param name="MaxXmlDepth">Deepest XML nesting in a .docx part (Word writes a few dozen; OpenXml loads recursively).</param>
/// <param name="MaxPageTreeNodes">Most intermediate page-tree nodes in a PDF (real files: about one per ten pages).</param>
/// <param name="OcrTime">Longest time spent on OCR in one file (the time budget); null: 30 minutes.</param>
public sealed record IngestLimits(
    long MaxFileBytes = IngestLimits.DefaultMaxFileBytes,
    long MaxExpandedBytes = 256L * 1024 * 1024,
    double MaxZipRatio = 200,
    long MaxCharacters = 20_000_000,
    int MaxPages = 1000,
    TimeSpan? TimePerFile = null,
    int OcrMaxPages = 300,
    int MaxXmlDepth = 1000,
    int MaxPageTreeNodes = 5000,
    TimeSpan? OcrTime = null)
{
    /// <summary>The OCR time budget per file.</summary>
    public TimeSpan OcrBudget => OcrTime ?? TimeSpan.FromMinutes(30);

    /// <summary>How Tesseract is run (resolution, page segmentation, threads).</summary>
    public OcrSettings Ocr { get; init; } = OcrSettings.Default;

    /// <summary>Word 97–2003 files of a batch converted by LibreOffice several at a time (false: one LibreOffice start per
    /// file, as before batches, to measure them).</summary>
    public bool DocBatches { get; init; } = true;

    /// <summary>Default largest file: 100 MiB.</summary>
    public const long DefaultMaxFileBytes = 100L * 1024 * 1024;

    /// <summary>The defaults above, with two minutes per file.</summary>
    public static IngestLimits Default { get; } = new();

    /// <summary>The time limit per file; while OCR reads pages it is the longest time without a page done.</summary>
    public TimeSpan Timeout => TimePerFile ?? TimeSpan.FromMinutes(2);

    /// <summary>The failure reason of a file that passed <see cref="Timeout"/>.</summary>
    public string TimeoutReason => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"reading took longer than the limit of {Timeout.TotalSeconds:0} s per file (--timeout)");
}

/// <summary>Pulls the text out of one kind of file.</summary>
public interface IDocumentExtractor
{
    /// <summary>Extracts <paramref name="path"/>.</summary>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    ExtractedDocument Extract(string path, CancellationToken cancellationToken = default);
}
