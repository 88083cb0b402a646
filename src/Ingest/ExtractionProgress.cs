namespace SimilarityEngine.Ingest;

/// <summary>Page-level progress of the extraction running in the current logical call (PDF pages read, pages sent to
/// OCR), for a front end's progress bar: "reading page 3 of 40", "OCR page 2 of 12".</summary>
/// <remarks>An ambient listener (an <see cref="AsyncLocal{T}"/>) rather than a parameter of every extractor: only long
/// PDFs report, the callers are few (check, the isolation worker), and it flows into the parallel OCR loop by itself.</remarks>
public static class ExtractionProgress
{
    /// <summary>Stage of reading the pages' text layer.</summary>
    public const string Pages = "pages";

    /// <summary>Stage of OCR.</summary>
    public const string Ocr = "ocr";

    private static readonly AsyncLocal<Action<string, int, int>?> s_listener = new();

    /// <summary>Sends the progress of extractions started in this logical call to <paramref name="listener"/> (stage,
    /// done, total) until disposed. Called from worker threads: the listener must be thread-safe.</summary>
    public static IDisposable Listen(Action<string, int, int> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var previous = s_listener.Value;
        // listeners nest: the reader's own deadline keeper and a front end's progress bar both hear every report
        s_listener.Value = previous is null ? listener : (stage, done, total) =>
        {
            listener(stage, done, total);
            previous(stage, done, total);
        };
        return new Restore(previous);
    }

    /// <summary>Reports progress to the listener of this logical call, if any.</summary>
    public static void Report(string stage, int done, int total) => s_listener.Value?.Invoke(stage, done, total);

    private sealed class Restore(Action<string, int, int>? previous) : IDisposable
    {
        public void Dispose() => s_listener.Value = previous;
    }
}
