using System.Text.Encodings.Web;
using System.Text.Json;

namespace SimilarityEngine.Ingest.Isolation;

/// <summary>One file to extract, sent to an extraction worker (a child process here, a remote worker through a queue).</summary>
/// <param name="Id">Matches the response to the request.</param>
/// <param name="Path">The file.</param>
/// <param name="Limits">The limits to read it under.</param>
/// <param name="Converted">For a Word 97–2003 file: the .docx LibreOffice already made of it, to read instead.</param>
public sealed record ExtractionRequest(long Id, string Path, IngestLimits Limits, string? Converted = null);

/// <summary>A worker's answer: the extracted document, or why the file cannot be read.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="Document">The extraction, when it worked.</param>
/// <param name="Error">The reason, when it did not.</param>
/// <param name="Page">The page the error concerns, if any.</param>
/// <param name="Fatal">The worker should not be reused (it ran out of memory).</param>
/// <param name="Stage">Set on progress messages sent before the answer (see <see cref="ExtractionProgress"/>).</param>
/// <param name="Done">Progress: items done.</param>
/// <param name="Total">Progress: items in the stage.</param>
public sealed record ExtractionResponse(long Id, ExtractedDocument? Document, string? Error, int? Page = null, bool Fatal = false,
    string? Stage = null, int Done = 0, int Total = 0);

/// <summary>The wire format of extraction messages: one JSON document per line.</summary>
public static class ExtractionJson
{
    /// <summary>Serializer options (compact, Vietnamese as is).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };
}
