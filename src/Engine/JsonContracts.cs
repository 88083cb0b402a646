using System.Text.Encodings.Web;
using System.Text.Json;

namespace SimilarityEngine.Engine;

/// <summary>The JSON contracts of the engine (extract, check, screen, stats), shared by the CLI, the web application and
/// the HTTP API. Shapes are the records of <see cref="ReportModels"/> and <see cref="ExtractReport"/>; every document
/// carries <c>"schema": 1</c>, raised when a field is removed or changes meaning (adding fields does not raise it).
/// Documented with examples in docs/json-contracts.md.</summary>
public static class JsonContracts
{
    /// <summary>The schema version written into every document.</summary>
    public const int Schema = 1;

    /// <summary>Serializer options: snake_case names, indented, Vietnamese letters written as they are (JSON, not HTML).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Serializes a contract record.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a contract record.</summary>
    /// <exception cref="JsonException">The text is not that contract.</exception>
    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException("empty JSON document");
}
