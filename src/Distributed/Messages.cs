using System.Text.Json;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Isolation;

namespace SimilarityEngine.Distributed;

/// <summary>One file to extract, published on the jobs queue.</summary>
/// <param name="Run">The ingest run it belongs to (its results queue is <c>simeng.results.RUN</c>).</param>
/// <param name="Seq">Its number in the run: results are matched and de-duplicated by it.</param>
/// <param name="Name">The file's name (its extension tells the reader what it claims to be).</param>
/// <param name="Path">The file on a path every worker sees (shared storage), or null when <paramref name="Bytes"/> holds it.</param>
/// <param name="Bytes">The file itself, for files up to <see cref="Broker.MaxInlineBytes"/>.</param>
/// <param name="Limits">The limits to read it under.</param>
public sealed record ExtractionJob(string Run, int Seq, string Name, string? Path, byte[]? Bytes, IngestLimits Limits);

/// <summary>A worker's answer to a job: the extracted document or why it cannot be read.</summary>
/// <param name="Run">The job's run.</param>
/// <param name="Seq">The job's number.</param>
/// <param name="Document">The extraction (normalised by the writer, which is cheap), or null.</param>
/// <param name="Error">Why the file cannot be read, or null.</param>
/// <param name="Crashed">The file crashed the reader (quarantine it).</param>
/// <param name="Worker">Which worker answered (host and process).</param>
public sealed record ExtractionResult(string Run, int Seq, ExtractedDocument? Document, string? Error, bool Crashed, string Worker);

/// <summary>Queue names, limits and the wire format.</summary>
public static class Broker
{
    /// <summary>The durable queue of extraction jobs all workers consume.</summary>
    public const string JobsQueue = "simeng.extract";

    /// <summary>Files up to this size travel inside the job; larger ones by a shared path.</summary>
    public const int MaxInlineBytes = 16 * 1024 * 1024;

    /// <summary>The results queue of a run.</summary>
    public static string ResultsQueue(string run) => "simeng.results." + run;

    /// <summary>Serialises a message (camel case, as the isolation protocol).</summary>
    public static byte[] Serialize<T>(T message) => JsonSerializer.SerializeToUtf8Bytes(message, ExtractionJson.Options);

    /// <summary>Reads a message.</summary>
    /// <exception cref="JsonException">Not a message of this type.</exception>
    public static T Deserialize<T>(ReadOnlyMemory<byte> body) =>
        JsonSerializer.Deserialize<T>(body.Span, ExtractionJson.Options) ?? throw new JsonException("empty message");

    /// <summary>A connection factory for an <c>amqp://user:password@host:port/vhost</c> address.</summary>
    /// <exception cref="UriFormatException">Not an amqp:// or amqps:// address.</exception>
    public static RabbitMQ.Client.ConnectionFactory Factory(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new UriFormatException($"--broker must be an amqp:// address (e.g. amqp://guest:guest@localhost:5672/); got '{url}'");
        }
        return new RabbitMQ.Client.ConnectionFactory { Uri = uri, ClientProvidedName = "simeng", AutomaticRecoveryEnabled = true };
    }
}
