using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Extractors;

namespace SimilarityEngine.Distributed;

/// <summary>What a worker trusts.</summary>
/// <param name="SharedRoots">Folders whose files a job may name by path (shared storage); empty: only files sent inside
/// jobs are read.</param>
/// <param name="Secret">The shared secret jobs must be signed with, or null (jobs are not authenticated: a warning).</param>
public sealed record WorkerTrust(IReadOnlyList<string> SharedRoots, byte[]? Secret)
{
    /// <summary>Files inside jobs only, unsigned jobs accepted.</summary>
    public static WorkerTrust Default { get; } = new([], null);
}

/// <summary><c>simeng worker --broker URL</c>: takes extraction jobs from the durable jobs queue, reads each file (in
/// isolated child processes, as ingest does) and answers on the run's results queue. A job is acknowledged only after its
/// answer is confirmed by the broker, so a worker killed mid-job loses nothing: the broker gives the job to another.</summary>
/// <remarks>Jobs are not trusted: a job names a file by path only under the worker's shared roots, is read under the
/// worker's own limits (never the job's), answers only to the results queue of a run that exists, and, with a shared
/// secret, must be signed. A channel the broker closes (a message over its size limit) is opened again.</remarks>
public sealed class BrokerWorker
{
    private readonly DocumentReader _reader;
    private readonly int _parallel;
    private readonly TextWriter _log;
    private readonly WorkerTrust _trust;
    private readonly string _name = $"{Environment.MachineName}/{Environment.ProcessId}";
    private int _done;
    private int _refused;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _overBrokerLimit = new(StringComparer.Ordinal);

    /// <summary>Creates a worker.</summary>
    /// <param name="reader">Reads the files (give it isolation); its limits are the only ones applied.</param>
    /// <param name="parallel">Jobs read at once.</param>
    /// <param name="log">One line per job.</param>
    /// <param name="trust">Shared roots and secret.</param>
    public BrokerWorker(DocumentReader reader, int parallel, TextWriter log, WorkerTrust? trust = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(log);
        _reader = reader;
        _parallel = Math.Clamp(parallel, 1, 64);
        _log = log;
        _trust = trust ?? WorkerTrust.Default;
    }

    /// <summary>Jobs answered so far.</summary>
    public int Done => _done;

    /// <summary>Jobs refused (unsigned, of an unknown run, naming a path outside the shared roots).</summary>
    public int Refused => _refused;

    private async Task Log(string line)
    {
        await _log.WriteLineAsync(line).ConfigureAwait(false);
        await _log.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Serves jobs of <paramref name="jobsQueue"/> until <paramref name="ct"/> is cancelled.</summary>
    /// <exception cref="BrokerUnreachableException">No broker answers at <paramref name="brokerUrl"/>.</exception>
    public async Task RunAsync(string brokerUrl, string jobsQueue, CancellationToken ct)
    {
        var factory = Broker.Factory(brokerUrl);
        await using var connection = await factory.CreateConnectionAsync($"simeng worker {_name}", ct).ConfigureAwait(false);
        if (_trust.Secret is null)
        {
            await Log($"worker {_name}: jobs are not authenticated (no shared secret: SIMENG_BROKER_SECRET or --broker-secret-file); " +
                "anyone who can publish on the broker can have files read").ConfigureAwait(false);
        }
        bool first = true;
        while (!ct.IsCancellationRequested)
        {
            // one channel at a time; the broker may close it (a message over its limit, a queue deleted): then another
            var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, consumerDispatchConcurrency: (ushort)_parallel),
                ct).ConfigureAwait(false);
            channel.ChannelShutdownAsync += (_, e) =>
            {
                closed.TrySetResult(e.ReplyText);
                return Task.CompletedTask;
            };
            await channel.QueueDeclareAsync(jobsQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
            await channel.BasicQosAsync(0, (ushort)_parallel, false, ct).ConfigureAwait(false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => Handle(connection, channel, delivery, ct);
            await channel.BasicConsumeAsync(jobsQueue, autoAck: false, consumer, ct).ConfigureAwait(false);
            if (first)
            {
                await Log($"worker {_name}: waiting for jobs on {jobsQueue} ({_parallel} at a time)").ConfigureAwait(false);
                first = false;
            }
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var reg = ct.Register(() => stop.TrySetResult());
            var done = await Task.WhenAny(closed.Task, stop.Task).ConfigureAwait(false);
            if (done == stop.Task)
            {
                return;
            }
            await Log($"worker {_name}: the broker closed the channel ({closed.Task.Result}); opening another").ConfigureAwait(false);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task Handle(IConnection connection, IChannel channel, BasicDeliverEventArgs delivery, CancellationToken ct)
    {
        ExtractionJob job;
        try
        {
            job = Broker.Deserialize<ExtractionJob>(delivery.Body);
        }
        catch (JsonException ex)
        {
            await Refuse(channel, delivery, $"a message that is no job ({ex.Message})").ConfigureAwait(false);
            return;
        }
        if (!Broker.IsRunId(job.Run) || job.Nonce.Length == 0)
        {
            await Refuse(channel, delivery, "a job without a run id and nonce of simeng's").ConfigureAwait(false);
            return;
        }
        if (_trust.Secret is { } secret && !Broker.Verify(job, secret))
        {
            await Refuse(channel, delivery, $"job {job.Run}/{job.Seq} is not signed with the shared secret").ConfigureAwait(false);
            return;
        }
        string results = Broker.ResultsQueue(job.Run);
        if (!await Broker.QueueExists(connection, results).ConfigureAwait(false))
        {
            // the ingest that queued it is gone (killed, or finished): its answer would go nowhere
            await channel.BasicAckAsync(delivery.DeliveryTag, false, CancellationToken.None).ConfigureAwait(false);
            await Log($"worker {_name}: {job.Name}: dropped, its run {job.Run} has ended").ConfigureAwait(false);
            return;
        }
        var result = await Task.Run(() => Extract(job, ct), ct).ConfigureAwait(false);
        byte[] body = Broker.Serialize(result);
        string key = job.Run + "/" + job.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (body.Length > Broker.MaxAnswerBytes)
        {
            result = TooLarge(result, body.Length, $"over the limit of {Broker.MaxAnswerBytes / 1024 / 1024} MiB for one answer");
            body = Broker.Serialize(result);
        }
        else if (_overBrokerLimit.TryGetValue(key, out var limit))
        {
            // this answer closed a channel before (the broker's own message size limit is lower): a failure this time
            result = TooLarge(result, body.Length, $"over the broker's message size limit ({limit})");
            body = Broker.Serialize(result);
        }
        try
        {
            // the answer first (confirmed by the broker), then the ack: dying in between answers twice, which the writer ignores
            await channel.BasicPublishAsync("", results, false, new BasicProperties { Persistent = true }, body, CancellationToken.None).ConfigureAwait(false);
            await channel.BasicAckAsync(delivery.DeliveryTag, false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or PublishException)
        {
            // the channel went (the job goes back to the queue and is answered again on the next channel)
            string why = channel.CloseReason?.ReplyText ?? ex.Message;
            if (why.Contains("message size", StringComparison.OrdinalIgnoreCase))
            {
                _overBrokerLimit[key] = why;
            }
            await Log($"worker {_name}: {job.Name}: the answer was not confirmed ({why})").ConfigureAwait(false);
            return;
        }
        int n = Interlocked.Increment(ref _done);
        await Log($"worker {_name}: {job.Name} {(result.Error is null ? "done" : "failed: " + result.Error)}{(delivery.Redelivered ? " (redelivered)" : "")} [{n}]")
            .ConfigureAwait(false);
    }

    private static ExtractionResult TooLarge(ExtractionResult result, int bytes, string limit) => result with
    {
        Document = null,
        Error = $"the extracted text makes an answer of {bytes / 1024.0 / 1024.0:N1} MiB, {limit}; split the file or read it with a local ingest",
    };

    private async Task Refuse(IChannel channel, BasicDeliverEventArgs delivery, string why)
    {
        Interlocked.Increment(ref _refused);
        await Log($"worker {_name}: refused {why}").ConfigureAwait(false);
        await channel.BasicNackAsync(delivery.DeliveryTag, false, requeue: false, CancellationToken.None).ConfigureAwait(false);
    }

    private ExtractionResult Extract(ExtractionJob job, CancellationToken ct)
    {
        DirectoryInfo? tmp = null;
        try
        {
            string path;
            if (job.Bytes is { } bytes)
            {
                // the file came in the message: a private copy under its own name (the extension says what it claims to be)
                tmp = ExternalTool.PrivateTempDirectory("simeng-job-");
                path = Path.Combine(tmp.FullName, SafeName(job.Name));
                File.WriteAllBytes(path, bytes);
            }
            else
            {
                path = job.Path ?? throw new DocumentFormatException(job.Name, "the job carries neither the file nor its path");
                if (OutsideRoots(path) is { } why)
                {
                    throw new DocumentFormatException(job.Name, why);
                }
            }
            // the worker's own limits: a job cannot lift them
            var doc = _reader.ExtractAny(path, null, ct);
            return new ExtractionResult(job.Run, job.Seq, doc with { SourcePath = job.Name }, null, false, _name) { Nonce = job.Nonce };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new ExtractionResult(job.Run, job.Seq, null, SimEngine.ReasonOf(ex), ex is DocumentFormatException { Crashed: true }, _name)
            {
                Nonce = job.Nonce,
            };
        }
        finally
        {
            if (tmp is not null)
            {
                ExternalTool.TryDelete(tmp);
            }
        }
    }

    // Why a path is not read: outside every shared root (links resolved first), or no root configured.
    private string? OutsideRoots(string path)
    {
        if (_trust.SharedRoots.Count == 0)
        {
            return "the job names a file by path, and this worker reads no shared folder (simeng worker --shared-root DIR); refused";
        }
        string full;
        try
        {
            full = Path.GetFullPath(path);
            if (new FileInfo(full).LinkTarget is not null)
            {
                full = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return $"the path cannot be resolved ({ex.Message}); refused";
        }
        foreach (var root in _trust.SharedRoots)
        {
            string prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (full.StartsWith(prefix, StringComparison.Ordinal))
            {
                return null;
            }
        }
        return "the job names a file outside this worker's shared folders; refused";
    }

    private static string SafeName(string name)
    {
        string file = Path.GetFileName(name.Replace('\\', '/'));
        foreach (char c in Path.GetInvalidFileNameChars())
        {
            file = file.Replace(c, '_');
        }
        return file.Length == 0 ? "file" : file;
    }
}
