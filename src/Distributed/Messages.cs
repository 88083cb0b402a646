using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
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
public sealed record ExtractionJob(string Run, int Seq, string Name, string? Path, byte[]? Bytes, IngestLimits Limits)
{
    /// <summary>A random value of this job alone: an answer counts only when it carries it back (a stray message, or an
    /// answer made up by someone who never saw the job, is discarded).</summary>
    public string Nonce { get; init; } = "";

    /// <summary>HMAC-SHA256 of the job with the shared secret (<see cref="Broker.Sign"/>), or null when none is configured.
    /// A worker that has the secret reads only jobs signed with it.</summary>
    public string? Signature { get; init; }
}

/// <summary>A worker's answer to a job: the extracted document or why it cannot be read.</summary>
/// <param name="Run">The job's run.</param>
/// <param name="Seq">The job's number.</param>
/// <param name="Document">The extraction (normalised by the writer, which is cheap), or null.</param>
/// <param name="Error">Why the file cannot be read, or null.</param>
/// <param name="Crashed">The file crashed the reader (quarantine it).</param>
/// <param name="Worker">Which worker answered (host and process).</param>
public sealed record ExtractionResult(string Run, int Seq, ExtractedDocument? Document, string? Error, bool Crashed, string Worker)
{
    /// <summary>The job's <see cref="ExtractionJob.Nonce"/>, given back.</summary>
    public string Nonce { get; init; } = "";
}

/// <summary>Queue names, limits and the wire format.</summary>
public static class Broker
{
    /// <summary>Whether <paramref name="queue"/> exists, by a passive declare on a channel of its own (a missing queue
    /// closes the channel that asks: 404). A results queue is exclusive to its ingest's connection, so while that ingest
    /// lives another connection is answered 405 RESOURCE_LOCKED: the queue is there.</summary>
    public static async Task<bool> QueueExists(IConnection connection, string queue)
    {
        try
        {
            await using var probe = await connection.CreateChannelAsync().ConfigureAwait(false);
            await probe.QueueDeclarePassiveAsync(queue).ConfigureAwait(false);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 405)
        {
            return true;
        }
        catch (OperationInterruptedException)
        {
            return false;
        }
    }

    /// <summary>The durable queue of extraction jobs all workers consume.</summary>
    public const string JobsQueue = "simeng.extract";

    /// <summary>Files up to this size travel inside the job; larger ones by a shared path.</summary>
    public const int MaxInlineBytes = 16 * 1024 * 1024;

    /// <summary>The results queue of a run.</summary>
    public static string ResultsQueue(string run) => "simeng.results." + run;

    /// <summary>Largest answer sent: an extraction over it is answered as a failure (a broker closes the channel of a
    /// message over its own limit, 16 MiB by default from RabbitMQ 4, and the job would be redelivered for ever).</summary>
    public const int MaxAnswerBytes = 15 * 1024 * 1024;

    /// <summary>A new run id: 16 hexadecimal digits.</summary>
    public static string NewRun() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    /// <summary>A new job nonce: 32 hexadecimal digits.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>True when <paramref name="run"/> is a run id this program makes (so that a job cannot name any queue).</summary>
    public static bool IsRunId(string? run) =>
        run is { Length: >= 12 and <= 32 } && run.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>The job's signature with <paramref name="secret"/>: HMAC-SHA256 over its run, number, nonce, name, path and
    /// the SHA-256 of its bytes.</summary>
    public static string Sign(ExtractionJob job, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(secret);
        string bytes = job.Bytes is null ? "" : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(job.Bytes));
        string canonical = string.Join('\n', job.Run, job.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), job.Nonce, job.Name,
            job.Path ?? "", bytes);
        return Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(secret, System.Text.Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>True when the job carries the signature <paramref name="secret"/> gives it.</summary>
    public static bool Verify(ExtractionJob job, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Signature is { } sig && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(sig), System.Text.Encoding.ASCII.GetBytes(Sign(job, secret)));
    }

    /// <summary>The address with its password replaced by *** (for every message that names it).</summary>
    public static string Mask(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return url ?? "";
        }
        string user = uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)];
        return new UriBuilder(uri) { UserName = user, Password = "***" }.Uri.ToString();
    }

    /// <summary>The address with <paramref name="password"/> put in (read from a file or the environment, so that it is not
    /// on a command line for ps to show).</summary>
    public static string WithPassword(string url, string? password)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrEmpty(password) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url;
        }
        var b = new UriBuilder(uri) { Password = Uri.EscapeDataString(password.TrimEnd('\r', '\n')) };
        if (string.IsNullOrEmpty(b.UserName))
        {
            b.UserName = "guest";
        }
        return b.Uri.ToString();
    }

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
            throw new UriFormatException($"--broker must be an amqp:// address (e.g. amqp://guest@localhost:5672/, the password from SIMENG_BROKER_PASSWORD); got '{Mask(url)}'");
        }
        return new RabbitMQ.Client.ConnectionFactory { Uri = uri, ClientProvidedName = "simeng", AutomaticRecoveryEnabled = true };
    }
}
