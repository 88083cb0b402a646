using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

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
