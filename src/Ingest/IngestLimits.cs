using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

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
