using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;

namespace SimilarityEngine.Distributed;

/// <summary><c>simeng ingest … --broker URL</c>: publishes one extraction job per file on the durable jobs queue, and
/// stores the workers' answers as they come, with the one index writer of <see cref="IngestService.RunFedAsync"/>.</summary>
/// <remarks>Files up to <see cref="Broker.MaxInlineBytes"/> travel inside the job, so workers on other machines need no
/// shared disk; larger files travel by their absolute path, which the workers must see (shared storage). Answers are
/// acknowledged after the commit that stored them; a worker that dies mid-job leaves its job unacknowledged and the
/// broker gives it to another worker; an answer that comes twice is stored once.</remarks>
public static class DistributedIngest
{
    /// <summary>Runs the ingest through the broker at <paramref name="brokerUrl"/>.</summary>
    /// <exception cref="Indexing.IndexInUseException">Another writer holds the index.</exception>
    /// <exception cref="RabbitMQ.Client.Exceptions.BrokerUnreachableException">No broker answers.</exception>
    public static async Task<IngestSummary> RunAsync(IngestRequest request, string brokerUrl, string jobsQueue, EngineOptions options,
        DocumentReader reader, IProgressSink? progress, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(log);
        var service = new IngestService(options, reader, request.CommitEvery);
        var quarantine = Quarantine.Load(request.IndexPath);
        string run = Guid.NewGuid().ToString("N")[..12];
        var factory = Broker.Factory(brokerUrl);
        await using var connection = await factory.CreateConnectionAsync("simeng ingest " + run, ct).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct).ConfigureAwait(false);
        await channel.QueueDeclareAsync(jobsQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
        string results = Broker.ResultsQueue(run);
        await channel.QueueDeclareAsync(results, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
        // above IngestService.FedCommitEvery: results stay unacknowledged until the commit that makes them durable
        await channel.BasicQosAsync(0, 500, false, ct).ConfigureAwait(false);

        var items = Channel.CreateUnbounded<FeedItem>(new UnboundedChannelOptions { SingleReader = true });
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            ulong tag = delivery.DeliveryTag;
            Func<Task> ack = () => channel.BasicAckAsync(tag, false, CancellationToken.None).AsTask();
            try
            {
                var r = Broker.Deserialize<ExtractionResult>(delivery.Body);
                await items.Writer.WriteAsync(new FeedItem(r.Seq, r.Document, r.Error, r.Crashed, ack), CancellationToken.None).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                await ack().ConfigureAwait(false); // not an answer of ours
            }
        };
        await channel.BasicConsumeAsync(results, autoAck: false, consumer, ct).ConfigureAwait(false);

        // publish the jobs; refused and quarantined files are answered here, without a worker
        var reports = request.Reports;
        int queued = 0;
        for (int seq = 0; seq < reports.Count; seq++)
        {
            ct.ThrowIfCancellationRequested();
            var input = reports[seq];
            string? refused = input.Refused
                ?? (!request.RetryQuarantined && quarantine.Find(input.File) is { } q
                    ? $"quarantined: it crashed the reader on {q.Date} ({q.Reason}); --retry-quarantined reads it again"
                    : null);
            if (refused is null)
            {
                try
                {
                    reader.CheckFile(input.File);
                }
                catch (DocumentFormatException ex)
                {
                    refused = ex.Reason;
                }
            }
            if (refused is not null)
            {
                await items.Writer.WriteAsync(new FeedItem(seq, null, refused, false, () => Task.CompletedTask), ct).ConfigureAwait(false);
                continue;
            }
            string full = Path.GetFullPath(input.File);
            bool inline = new FileInfo(full).Length <= Broker.MaxInlineBytes;
            var job = new ExtractionJob(run, seq, Path.GetFileName(full), inline ? null : full,
                inline ? await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false) : null, reader.Limits);
            await channel.BasicPublishAsync("", jobsQueue, false, new BasicProperties { Persistent = true }, Broker.Serialize(job), ct)
                .ConfigureAwait(false);
            queued++;
            progress?.Report("ingest: queued", queued, reports.Count);
        }
        progress?.Done();
        await log.WriteLineAsync($"ingest: {queued} job(s) queued on {jobsQueue} (run {run}); waiting for workers (simeng worker --broker …)")
            .ConfigureAwait(false);
        try
        {
            return await service.RunFedAsync(request, items.Reader.ReadAllAsync(ct), progress, ct).ConfigureAwait(false);
        }
        finally
        {
            // every answer is stored and acknowledged: the run's queue is not needed any more
            try
            {
                await channel.QueueDeleteAsync(results, ifUnused: false, ifEmpty: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
            {
                // answers still in it (a cancelled run): the queue stays for inspection
            }
        }
    }
}
