namespace SimilarityEngine.Ingest;

/// <summary>How Tesseract is run. The defaults are what was measured best on eval-dev and the real-document set
/// (benchmarks/README.md); the other values exist to repeat those measurements (<c>simeng extract --ocr-psm 6 --ocr-dpi 300</c>).</summary>
/// <param name="Dpi">A fixed resolution for every page; null: the page image's own resolution for scans and photos of a page,
/// else 300 dpi, a poor reading tried again at 300 dpi.</param>
/// <param name="PageSegmentation">Tesseract's page segmentation mode (<c>--psm</c>): 3, automatic layout.</param>
/// <param name="Threads">Threads of each Tesseract, one page at a time; null: one thread each, pages in parallel up to the cores.</param>
public sealed record OcrSettings(int? Dpi = null, string PageSegmentation = "3", int? Threads = null)
{
    /// <summary>The defaults above.</summary>
    public static OcrSettings Default { get; } = new();

    /// <summary>Pages (or pictures) OCR'd at once.</summary>
    public int ParallelPages => Threads is null ? Environment.ProcessorCount : 1;

    /// <summary>Threads of each Tesseract (its <c>OMP_THREAD_LIMIT</c>).</summary>
    public int ThreadsPerPage => Threads ?? 1;
}
