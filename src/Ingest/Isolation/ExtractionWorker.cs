using System.Text.Json;

namespace SimilarityEngine.Ingest.Isolation;

/// <summary>The worker side of isolated extraction: reads <see cref="ExtractionRequest"/> lines, answers with
/// <see cref="ExtractionResponse"/> lines. It runs in its own process, so that a file that overflows the stack or exhausts
/// memory takes down only this process, never the batch.</summary>
public static class ExtractionWorker
{
    /// <summary>Serves requests until the input ends; returns the process exit code.</summary>
    public static int Serve(TextReader input, TextWriter output, Func<string, string?>? toolFinder = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        while (input.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var request = JsonSerializer.Deserialize<ExtractionRequest>(line, ExtractionJson.Options)
                ?? throw new InvalidDataException("empty extraction request");
            ExtractionResponse response;
            bool fatal = false;
            try
            {
                var doc = new DocumentReader(request.Limits, toolFinder).Extract(request.Path);
                response = new ExtractionResponse(request.Id, doc, null);
            }
            catch (DocumentFormatException ex)
            {
                response = new ExtractionResponse(request.Id, null, ex.Reason, ex.PageNumber);
            }
            catch (OutOfMemoryException)
            {
                fatal = true;
                response = new ExtractionResponse(request.Id, null, "reading it needs more memory than the cap per file (--worker-memory-mb); refused", Fatal: true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                response = new ExtractionResponse(request.Id, null, $"unexpected error while reading ({ex.GetType().Name}: {ex.Message})");
            }
            output.WriteLine(JsonSerializer.Serialize(response, ExtractionJson.Options));
            output.Flush();
            if (fatal)
            {
                return 3; // leave with the memory: the parent starts a fresh worker
            }
        }
        return 0;
    }
}
