using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Extractors;

namespace SimilarityEngine.Distributed;

/// <summary><c>simeng worker --broker URL</c>: takes extraction jobs from the durable jobs queue, reads each file (in
/// isolated child processes, as ingest does) and answers on the run's results queue. A job is acknowledged only after its
/// answer is confirmed by the broker, so a worker killed mid-job loses nothing: the broker gives the job to another.</summary>
public sealed class BrokerWorker
{
    private readonly DocumentReader _reader;
    private readonly int _parallel;
    private readonly TextWriter _log;
    private readonly string _name = $"{Environment.MachineName}/{Environment.ProcessId}";
    private int _done;

    /// <summary>Creates a worker.</summary>
    /// <param name="reader">Reads the files (give it isolation).</param>
    /// <param name="parallel">Jobs read at once.</param>
    /// <param name="log">One line per job.</param>
    public BrokerWorker(DocumentReader reader, int parallel, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(log);
        _reader = reader;
        _parallel = Math.Clamp(parallel, 1, 64);
        _log = log;
    }

    /// <summary>Jobs answered so far.</summary>
    public int Done => _done;

    /// <summary>Serves jobs of <paramref name="jobsQueue"/> until <paramref name="ct"/> is cancelled.</summary>
    /// <exception cref="RabbitMQ.Client.Exceptions.BrokerUnreachableException">No broker answers at <paramref name="brokerUrl"/>.</exception>
    public async Task RunAsync(string brokerUrl, string jobsQueue, CancellationToken ct)
    {
        var factory = Broker.Factory(brokerUrl);
        await using var connection = await factory.CreateConnectionAsync($"simeng worker {_name}", ct).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, consumerDispatchConcurrency: (ushort)_parallel),
            ct).ConfigureAwait(false);
        await channel.QueueDeclareAsync(jobsQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
        await channel.BasicQosAsync(0, (ushort)_parallel, false, ct).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            ExtractionJob job;
            try
            {
                job = Broker.Deserialize<ExtractionJob>(delivery.Body);
            }
            catch (JsonException ex)
            {
                await _log.WriteLineAsync($"worker: dropped a message that is no job ({ex.Message})").ConfigureAwait(false);
                await channel.BasicNackAsync(delivery.DeliveryTag, false, requeue: false, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            var result = await Task.Run(() => Extract(job, ct), ct).ConfigureAwait(false);
            // the answer first (confirmed by the broker), then the ack: dying in between answers twice, which the writer ignores
            await channel.BasicPublishAsync("", Broker.ResultsQueue(job.Run), false, new BasicProperties { Persistent = true },
                Broker.Serialize(result), CancellationToken.None).ConfigureAwait(false);
            await channel.BasicAckAsync(delivery.DeliveryTag, false, CancellationToken.None).ConfigureAwait(false);
            int n = Interlocked.Increment(ref _done);
            await _log.WriteLineAsync($"worker {_name}: {job.Name} {(result.Error is null ? "done" : "failed: " + result.Error)}{(delivery.Redelivered ? " (redelivered)" : "")} [{n}]").ConfigureAwait(false);
            await _log.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        };
        await channel.BasicConsumeAsync(jobsQueue, autoAck: false, consumer, ct).ConfigureAwait(false);
        await _log.WriteLineAsync($"worker {_name}: waiting for jobs on {jobsQueue} ({_parallel} at a time)").ConfigureAwait(false);
        await _log.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
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
            }
            var doc = (_reader.Limits == job.Limits ? _reader : ReaderFor(job.Limits)).ExtractAny(path, null, ct);
            return new ExtractionResult(job.Run, job.Seq, doc with { SourcePath = job.Name }, null, false, _name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new ExtractionResult(job.Run, job.Seq, null, SimEngine.ReasonOf(ex), ex is DocumentFormatException { Crashed: true }, _name);
        }
        finally
        {
            if (tmp is not null)
            {
                ExternalTool.TryDelete(tmp);
            }
        }
    }

    // the job's limits with this worker's isolation
    private DocumentReader ReaderFor(IngestLimits limits) => new(limits, isolation: _reader.Isolation);

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
