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
    /// <summary>How long without any answer before the ingest warns that no worker seems to be reading its jobs.</summary>
    public static TimeSpan QuietWarning { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Runs the ingest through the broker at <paramref name="brokerUrl"/>.</summary>
    /// <param name="request">What to ingest.</param>
    /// <param name="brokerUrl">The broker's address (its password put in, never printed: <see cref="Broker.Mask"/>).</param>
    /// <param name="jobsQueue">The jobs queue workers consume.</param>
    /// <param name="options">Engine options.</param>
    /// <param name="reader">Checks files before they are queued, and normalises the answers.</param>
    /// <param name="progress">Progress.</param>
    /// <param name="log">Queue messages, warnings and stray answers.</param>
    /// <param name="secret">The shared secret jobs are signed with, or null.</param>
    /// <param name="ct">Cancellation: what was received is committed first.</param>
    /// <exception cref="Indexing.IndexInUseException">Another writer holds the index.</exception>
    /// <exception cref="RabbitMQ.Client.Exceptions.BrokerUnreachableException">No broker answers.</exception>
    /// <exception cref="BrokerLostException">The connection to the broker was lost mid-run (what was stored is kept).</exception>
    public static async Task<IngestSummary> RunAsync(IngestRequest request, string brokerUrl, string jobsQueue, EngineOptions options,
        DocumentReader reader, IProgressSink? progress, TextWriter log, CancellationToken ct, byte[]? secret = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(log);
        var service = new IngestService(options, reader, request.CommitEvery);
        var quarantine = Quarantine.Load(request.IndexPath);
        string run = Broker.NewRun();
        var factory = Broker.Factory(brokerUrl);
        // the results queue lives as long as this connection: a recovered connection would have lost the answers sent
        // meanwhile, so a lost connection ends the run (stored reports are kept; a rerun stores the rest)
        factory.AutomaticRecoveryEnabled = false;
        await using var connection = await factory.CreateConnectionAsync("simeng ingest " + run, ct).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct).ConfigureAwait(false);
        await channel.QueueDeclareAsync(jobsQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
        string results = Broker.ResultsQueue(run);
        // exclusive: only this connection reads it, and the broker deletes it (with any answers in it) when the ingest ends
        // or dies; workers then drop the run's remaining jobs instead of reading them for nobody
        await channel.QueueDeclareAsync(results, durable: false, exclusive: true, autoDelete: true, cancellationToken: ct).ConfigureAwait(false);
        // above IngestService.FedCommitEvery: results stay unacknowledged until the commit that makes them durable
        await channel.BasicQosAsync(0, 500, false, ct).ConfigureAwait(false);

        var items = Channel.CreateUnbounded<FeedItem>(new UnboundedChannelOptions { SingleReader = true });
        var nonces = new System.Collections.Concurrent.ConcurrentDictionary<int, string>();
        int stray = 0;
        long lastAnswer = Environment.TickCount64;
        connection.ConnectionShutdownAsync += (_, e) =>
        {
            if (e.Initiator != ShutdownInitiator.Application)
            {
                items.Writer.TryComplete(new BrokerLostException(
                    $"the connection to the broker at {Broker.Mask(brokerUrl)} was lost ({e.ReplyText}); the reports stored so far are kept, " +
                    "run the same ingest again for the rest"));
            }
            return Task.CompletedTask;
        };
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            ulong tag = delivery.DeliveryTag;
            Func<Task> ack = async () =>
            {
                try
                {
                    await channel.BasicAckAsync(tag, false, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.AlreadyClosedException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    // the connection is gone, and the results queue with it: nothing is left to acknowledge
                }
            };
            ExtractionResult? r = null;
            try
            {
                r = Broker.Deserialize<ExtractionResult>(delivery.Body);
            }
            catch (System.Text.Json.JsonException)
            {
                // not an answer at all
            }
            // an answer counts only for a job of this run that carries the job's own nonce back
            if (r is null || r.Run != run || !nonces.TryGetValue(r.Seq, out var nonce) || !FixedEquals(nonce, r.Nonce))
            {
                int n = Interlocked.Increment(ref stray);
                if (n <= 5)
                {
                    await log.WriteLineAsync($"ingest: discarded a message on {results} that answers no job of this run ({delivery.Body.Length} bytes)")
                        .ConfigureAwait(false);
                }
                await ack().ConfigureAwait(false);
                return;
            }
            Interlocked.Exchange(ref lastAnswer, Environment.TickCount64);
            await items.Writer.WriteAsync(new FeedItem(r.Seq, r.Document, r.Error, r.Crashed, ack), CancellationToken.None).ConfigureAwait(false);
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
                inline ? await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false) : null, reader.Limits)
            { Nonce = Broker.NewNonce() };
            if (secret is not null)
            {
                job = job with { Signature = Broker.Sign(job, secret) };
            }
            nonces[seq] = job.Nonce;
            await channel.BasicPublishAsync("", jobsQueue, false, new BasicProperties { Persistent = true }, Broker.Serialize(job), ct)
                .ConfigureAwait(false);
            queued++;
            progress?.Report("ingest: queued", queued, reports.Count);
        }
        progress?.Done();
        await log.WriteLineAsync($"ingest: {queued} job(s) queued on {jobsQueue} (run {run}); waiting for workers (simeng worker --broker …)")
            .ConfigureAwait(false);
        Interlocked.Exchange(ref lastAnswer, Environment.TickCount64);
        using var stopWatchdog = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watchdog = Watch(connection, jobsQueue, () => Interlocked.Read(ref lastAnswer), log, stopWatchdog.Token);
        try
        {
            return await service.RunFedAsync(request, items.Reader.ReadAllAsync(ct), progress, ct).ConfigureAwait(false);
        }
        finally
        {
            await stopWatchdog.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
            if (stray > 0)
            {
                await log.WriteLineAsync($"ingest: {stray} message(s) on the results queue answered no job of this run and were discarded")
                    .ConfigureAwait(false);
            }
            // the results queue goes with the connection (exclusive); jobs still queued are dropped by the workers
        }
    }

    private static bool FixedEquals(string a, string? b) =>
        b is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));

    // Warns, once per quiet spell, when no answer has come for QuietWarning, saying whether any worker is connected.
    private static async Task Watch(IConnection connection, string jobsQueue, Func<long> lastAnswer, TextWriter log, CancellationToken ct)
    {
        long warnedFor = -1;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(QuietWarning.TotalSeconds / 4, 0.2, 30)), ct).ConfigureAwait(false);
                long last = lastAnswer();
                var quiet = TimeSpan.FromMilliseconds(Environment.TickCount64 - last);
                if (quiet < QuietWarning || warnedFor == last)
                {
                    continue;
                }
                warnedFor = last;
                string workers;
                try
                {
                    await using var probe = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
                    var q = await probe.QueueDeclarePassiveAsync(jobsQueue, ct).ConfigureAwait(false);
                    workers = q.ConsumerCount == 0
                        ? $"no worker is connected to {jobsQueue} ({q.MessageCount} job(s) waiting): start one (simeng worker --broker …)"
                        : $"{q.ConsumerCount} worker(s) connected, {q.MessageCount} job(s) waiting: a file may be slow, or the workers stuck (see their logs)";
                }
                catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
                {
                    workers = "the jobs queue cannot be inspected";
                }
                await log.WriteLineAsync($"ingest: warning: no answer for {quiet.TotalMinutes:0.#} min; {workers}").ConfigureAwait(false);
                await log.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }
}

/// <summary>The connection to the broker was lost during a distributed ingest.</summary>
public sealed class BrokerLostException(string message) : Exception(message);
