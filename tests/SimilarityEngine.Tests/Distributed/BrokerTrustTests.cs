using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using SimilarityEngine.Distributed;
using SimilarityEngine.Indexing;
using SimilarityEngine.Ingest;

namespace SimilarityEngine.Tests;

/// <summary>A broker that cannot be fooled (issue 28, items 13–14), against a real RabbitMQ broker and real simeng
/// processes: answers are bound to their run and job, jobs are not trusted by workers, a dead ingest leaves nothing behind,
/// answers over the size limits are failure rows, and the broker's password is never printed.</summary>
[Trait("Category", "Slow")]
[Collection("external tools")]
public sealed class BrokerTrustTests : IDisposable
{
    private const string Url = "amqp://guest:guest@localhost:5672/";
    private const string Secret = "1f0c5a9e-test-secret-of-32-chars";
    private readonly DirectoryInfo _dir = TestPaths.TempDir();
    private readonly List<Watched> _processes = [];
    private readonly string _queue = "simeng.test." + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            p.Dispose();
        }
        if (BrokerUp())
        {
            try
            {
                using var c = Broker.Factory(Url).CreateConnectionAsync().GetAwaiter().GetResult();
                using var ch = c.CreateChannelAsync().GetAwaiter().GetResult();
                ch.QueueDeleteAsync(_queue).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is OperationInterruptedException or BrokerUnreachableException)
            {
            }
        }
        _dir.Delete(true);
    }

    /// <summary>A simeng child process whose standard error is collected.</summary>
    private sealed class Watched : IDisposable
    {
        private readonly StringBuilder _log = new();

        public Watched(Process process)
        {
            Process = process;
            process.ErrorDataReceived += (_, e) =>
            {
                lock (_log)
                {
                    _log.AppendLine(e.Data);
                }
            };
            process.BeginErrorReadLine();
            _ = process.StandardOutput.ReadToEndAsync();
        }

        public Process Process { get; }

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public async Task<bool> WaitFor(Func<string, bool> condition, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (!condition(Log) && clock.Elapsed < timeout)
            {
                await Task.Delay(100);
            }
            return condition(Log);
        }

        public Task<bool> WaitFor(string text, TimeSpan timeout) => WaitFor(l => l.Contains(text, StringComparison.Ordinal), timeout);

        public void Dispose()
        {
            try
            {
                Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            Process.Dispose();
        }
    }

    internal static bool BrokerUp()
    {
        try
        {
            using var tcp = new TcpClient();
            return tcp.ConnectAsync("localhost", 5672).Wait(TimeSpan.FromSeconds(2)) && tcp.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void RequireBroker() =>
        Skip.IfNot(BrokerUp(), "no RabbitMQ broker on localhost:5672 (apt-get install rabbitmq-server; rabbitmq-server -detached)");

    private Watched Start(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var w = new Watched(CliRunner.StartWith(env ?? new Dictionary<string, string>(), args));
        _processes.Add(w);
        return w;
    }

    private string Write(string relative, string text)
    {
        string path = Path.Combine(_dir.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Prose(int n) =>
        $"Báo cáo số {n}: Trường tiểu học đã tổ chức các hoạt động trải nghiệm cho học sinh lớp {n}, giúp các em rèn luyện kỹ năng sống " +
        $"và tinh thần hợp tác. Giáo viên chủ nhiệm theo dõi, ghi chép và đánh giá sự tiến bộ của từng em qua {n + 2} tuần học.\n";

    private static async Task<uint> JobsWaiting(IConnection c, string queue)
    {
        await using var ch = await c.CreateChannelAsync();
        return (await ch.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    private static async Task Publish(IChannel ch, string queue, byte[] body) =>
        await ch.BasicPublishAsync("", queue, false, new BasicProperties { Persistent = true }, body);

    private static string RunOf(string log)
    {
        var m = System.Text.RegularExpressions.Regex.Match(log, @"\(run ([0-9a-f]+)\)");
        Assert.True(m.Success, "no run id in:\n" + log);
        return m.Groups[1].Value;
    }

    [SkippableFact]
    public async Task StrayAndForgedAnswers_AreDiscardedAndCounted_RealAnswersStored()
    {
        RequireBroker();
        string input = Directory.CreateDirectory(Path.Combine(_dir.FullName, "in")).FullName;
        Write("in/a.txt", Prose(1) + Prose(2));
        Write("in/b.txt", Prose(3) + Prose(4));
        string forgedText = Write("forged.txt", "Văn bản giả mạo: nội dung này không nằm trong tệp nào được nộp, do kẻ gian gửi lên hàng đợi.\n");
        string index = Path.Combine(_dir.FullName, "index");

        var ingest = Start(null, "ingest", input, "--index", index, "--broker", Url, "--queue", _queue, "--quiet");
        Assert.True(await ingest.WaitFor("job(s) queued", TimeSpan.FromMinutes(1)), ingest.Log);
        string run = RunOf(ingest.Log);
        string results = Broker.ResultsQueue(run);

        // what someone on the broker could send before any worker answers: an empty object, garbage, an answer to job #0
        // with a document but without the job's nonce, and one with a made-up nonce
        var forged = new DocumentReader().ExtractAny(forgedText, null, CancellationToken.None);
        await using (var c = await Broker.Factory(Url).CreateConnectionAsync())
        await using (var ch = await c.CreateChannelAsync())
        {
            await Publish(ch, results, "{}"u8.ToArray());
            await Publish(ch, results, "not json at all"u8.ToArray());
            await Publish(ch, results, Broker.Serialize(new ExtractionResult(run, 0, forged with { SourcePath = "a.txt" }, null, false, "forger")));
            await Publish(ch, results, Broker.Serialize(new ExtractionResult(run, 1, forged with { SourcePath = "b.txt" }, null, false, "forger")
            {
                Nonce = new string('0', 32),
            }));
        }
        Assert.True(await ingest.WaitFor("answers no job of this run", TimeSpan.FromSeconds(30)), ingest.Log);

        var worker = Start(null, "worker", "--broker", Url, "--queue", _queue, "--parallel", "1", "--in-process");
        Assert.True(ingest.Process.WaitForExit(TimeSpan.FromMinutes(2)), "ingest did not finish:\n" + ingest.Log + "\nworker:\n" + worker.Log);
        // the timed wait returns before the last lines of its standard error are handed over; this one waits for them
        // (without it the summary line was missing once in a CI run)
        ingest.Process.WaitForExit();
        Assert.True(ingest.Process.ExitCode == 0, ingest.Log);
        Assert.Contains("thêm 2, đã có 0, lỗi 0", ingest.Log, StringComparison.Ordinal);
        Assert.Contains("4 message(s) on the results queue answered no job of this run and were discarded", ingest.Log, StringComparison.Ordinal);

        using var reader = ReportIndexReader.Open(index);
        var texts = reader.All().ToDictionary(r => r.Id, r => r.Text);
        Assert.Equal(["a", "b"], texts.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Báo cáo số 1", texts["a"], StringComparison.Ordinal);
        Assert.Contains("Báo cáo số 3", texts["b"], StringComparison.Ordinal);
        Assert.DoesNotContain(texts.Values, t => t.Contains("giả mạo", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Worker_ReadsOnlyUnderSharedRoots_WithItsOwnLimits_AndOnlySignedJobsOfLiveRuns()
    {
        RequireBroker();
        string shared = Directory.CreateDirectory(Path.Combine(_dir.FullName, "shared")).FullName;
        string inside = Write("shared/inside.txt", Prose(5));
        string privateFile = Write("private/secret.txt", "Mật khẩu quản trị: không được đọc tệp này.\n");
        string link = Path.Combine(shared, "link.txt");
        File.CreateSymbolicLink(link, privateFile);
        string secretFile = Write("secret", Secret);
        // the password from the environment, not the command line
        var worker = Start(new Dictionary<string, string> { ["SIMENG_BROKER_PASSWORD"] = "guest" },
            "worker", "--broker", "amqp://guest@localhost:5672/", "--queue", _queue, "--parallel", "1", "--in-process",
            "--shared-root", shared, "--broker-secret-file", secretFile);
        Assert.True(await worker.WaitFor("waiting for jobs", TimeSpan.FromMinutes(1)), worker.Log);
        Assert.DoesNotContain("not authenticated", worker.Log, StringComparison.Ordinal);

        byte[] key = Encoding.UTF8.GetBytes(Secret);
        string run = Broker.NewRun();
        var answers = new ConcurrentDictionary<int, ExtractionResult>();
        await using var c = await Broker.Factory(Url).CreateConnectionAsync();
        await using var ch = await c.CreateChannelAsync();
        await ch.QueueDeclareAsync(_queue, durable: true, exclusive: false, autoDelete: false);
        await ch.QueueDeclareAsync(Broker.ResultsQueue(run), durable: false, exclusive: true, autoDelete: true);
        var consumer = new AsyncEventingBasicConsumer(ch);
        consumer.ReceivedAsync += (_, d) =>
        {
            var r = Broker.Deserialize<ExtractionResult>(d.Body);
            answers[r.Seq] = r;
            return Task.CompletedTask;
        };
        await ch.BasicConsumeAsync(Broker.ResultsQueue(run), autoAck: true, consumer);

        ExtractionJob Signed(ExtractionJob j)
        {
            j = j with { Nonce = Broker.NewNonce() };
            return j with { Signature = Broker.Sign(j, key) };
        }
        byte[] bomb = HostileFiles.ZipBombDocx();
        var lifted = new IngestLimits(MaxExpandedBytes: long.MaxValue, MaxZipRatio: 1e9, MaxCharacters: long.MaxValue, TimePerFile: TimeSpan.FromDays(1));
        // answered: a file under the shared root; a file outside it; a link out of it; a zip bomb whose job lifts the limits
        await Publish(ch, _queue, Broker.Serialize(Signed(new ExtractionJob(run, 0, "inside.txt", inside, null, IngestLimits.Default))));
        await Publish(ch, _queue, Broker.Serialize(Signed(new ExtractionJob(run, 1, "secret.txt", privateFile, null, IngestLimits.Default))));
        await Publish(ch, _queue, Broker.Serialize(Signed(new ExtractionJob(run, 2, "link.txt", link, null, IngestLimits.Default))));
        await Publish(ch, _queue, Broker.Serialize(Signed(new ExtractionJob(run, 3, "bomb.docx", null, bomb, lifted))));
        // refused: unsigned, signed with another secret, garbage, a run id that names another queue
        var unsigned = new ExtractionJob(run, 4, "inside.txt", null, Encoding.UTF8.GetBytes(Prose(6)), IngestLimits.Default) { Nonce = Broker.NewNonce() };
        await Publish(ch, _queue, Broker.Serialize(unsigned));
        await Publish(ch, _queue, Broker.Serialize(unsigned with { Seq = 5, Signature = Broker.Sign(unsigned with { Seq = 5 }, Encoding.UTF8.GetBytes("another secret of 32 characters!")) }));
        await Publish(ch, _queue, "{\"run\":"u8.ToArray());
        var elsewhere = new ExtractionJob("simeng.extract", 6, "inside.txt", null, Encoding.UTF8.GetBytes(Prose(7)), IngestLimits.Default) { Nonce = Broker.NewNonce() };
        await Publish(ch, _queue, Broker.Serialize(elsewhere with { Signature = Broker.Sign(elsewhere, key) }));
        // dropped: a signed job of a run whose ingest is gone (no results queue)
        await Publish(ch, _queue, Broker.Serialize(Signed(new ExtractionJob(Broker.NewRun(), 7, "inside.txt", inside, null, IngestLimits.Default))));

        var clock = Stopwatch.StartNew();
        while ((answers.Count < 4 || !worker.Log.Contains("has ended", StringComparison.Ordinal)) && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }
        Assert.True(answers.Count == 4, $"answers to {string.Join(",", answers.Keys)}; worker:\n{worker.Log}");
        Assert.Null(answers[0].Error);
        Assert.Contains("Báo cáo số 5", answers[0].Document!.MatchingText, StringComparison.Ordinal);
        Assert.Contains("outside this worker's shared folders", answers[1].Error, StringComparison.Ordinal);
        Assert.Contains("outside this worker's shared folders", answers[2].Error, StringComparison.Ordinal);
        Assert.Null(answers[1].Document);
        Assert.Null(answers[2].Document);
        Assert.Contains("zip bomb refused", answers[3].Error, StringComparison.Ordinal);
        Assert.All(answers.Values, a => Assert.Equal(run, a.Run));
        Assert.True(await worker.WaitFor(l => System.Text.RegularExpressions.Regex.Count(l, "refused") >= 4, TimeSpan.FromSeconds(30)), worker.Log);
        Assert.Contains("job " + run + "/4 is not signed with the shared secret", worker.Log, StringComparison.Ordinal);
        Assert.Contains("job " + run + "/5 is not signed with the shared secret", worker.Log, StringComparison.Ordinal);
        Assert.Contains("a message that is no job", worker.Log, StringComparison.Ordinal);
        Assert.Contains("a job without a run id and nonce of simeng's", worker.Log, StringComparison.Ordinal);
        Assert.Contains("dropped, its run", worker.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Mật khẩu", worker.Log, StringComparison.Ordinal);
        // nothing refused goes back to the queue to be refused for ever
        Assert.Equal(0u, await JobsWaiting(c, _queue));
    }

    [SkippableFact]
    public async Task KilledIngest_LeavesNoResultsQueue_AndItsJobsAreDroppedNotRead()
    {
        RequireBroker();
        string input = Directory.CreateDirectory(Path.Combine(_dir.FullName, "in")).FullName;
        for (int i = 0; i < 3; i++)
        {
            Write($"in/r{i}.txt", Prose(i) + Prose(i + 10));
        }
        string index = Path.Combine(_dir.FullName, "index");
        var ingest = Start(null, "ingest", input, "--index", index, "--broker", Url, "--queue", _queue, "--quiet");
        Assert.True(await ingest.WaitFor("job(s) queued", TimeSpan.FromMinutes(1)), ingest.Log);
        string results = Broker.ResultsQueue(RunOf(ingest.Log));
        await using var c = await Broker.Factory(Url).CreateConnectionAsync();
        Assert.True(await Broker.QueueExists(c, results));
        ingest.Process.Kill(entireProcessTree: true);
        await ingest.Process.WaitForExitAsync();

        var clock = Stopwatch.StartNew();
        while (await Broker.QueueExists(c, results) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }
        Assert.False(await Broker.QueueExists(c, results), "the dead ingest's results queue is still there");
        Assert.Equal(3u, await JobsWaiting(c, _queue));

        var worker = Start(null, "worker", "--broker", Url, "--queue", _queue, "--parallel", "1", "--in-process");
        Assert.True(await worker.WaitFor(l => System.Text.RegularExpressions.Regex.Count(l, "dropped, its run") == 3, TimeSpan.FromMinutes(1)), worker.Log);
        Assert.DoesNotContain(" done [", worker.Log, StringComparison.Ordinal);
        Assert.Equal(0u, await JobsWaiting(c, _queue));

        // the rerun stores everything (the index was never written by the dead run)
        var (code, _, err) = await Task.Run(() => CliRunner.Run("ingest", input, "--index", index, "--broker", Url, "--queue", _queue, "--quiet"));
        Assert.True(code == 0, err + "\nworker:\n" + worker.Log);
        Assert.Contains("thêm 3,", err, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AnswerOverTheLimit_IsAFailureRow_AndTheWorkerGoesOn()
    {
        RequireBroker();
        string input = Directory.CreateDirectory(Path.Combine(_dir.FullName, "in")).FullName;
        // 250,000 short lines: a 3 MB file whose extraction (one block per line) is an answer of tens of MiB
        var sb = new StringBuilder();
        for (int i = 0; i < 250_000; i++)
        {
            sb.Append("Dòng ").Append(i).Append(".\n");
        }
        Write("in/a-lines.txt", sb.ToString());
        Write("in/b-small.txt", Prose(8) + Prose(9));
        string index = Path.Combine(_dir.FullName, "index");
        var worker = Start(null, "worker", "--broker", Url, "--queue", _queue, "--parallel", "1");
        var (code, _, err) = await Task.Run(() => CliRunner.Run("ingest", input, "--index", index, "--broker", Url, "--queue", _queue, "--quiet"));
        Assert.True(code == Cli.ExitCodes.SomeFilesFailed, err + "\nworker:\n" + worker.Log);
        Assert.Contains("thêm 1, đã có 0, lỗi 1", err, StringComparison.Ordinal);
        Assert.Contains("over the limit of 15 MiB for one answer", err, StringComparison.Ordinal);
        Assert.Contains("a-lines.txt", err, StringComparison.Ordinal);
        Assert.True(await worker.WaitFor("b-small.txt done", TimeSpan.FromSeconds(30)), worker.Log);
    }

    [SkippableFact]
    public async Task AnswerOverTheBrokersOwnLimit_ClosesTheChannel_WorkerOpensAnother_AndAnswersAFailure()
    {
        RequireBroker();
        var ctl = ExternalToolOrSkip("rabbitmqctl");
        string input = Directory.CreateDirectory(Path.Combine(_dir.FullName, "in")).FullName;
        var sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            sb.Append("Dòng ").Append(i).Append(".\n");
        }
        Write("in/a-lines.txt", sb.ToString());
        Write("in/b-small.txt", Prose(8) + Prose(9));
        string index = Path.Combine(_dir.FullName, "index");
        // a broker whose administrator set a 1 MiB message limit (channels opened after this take it)
        SetMaxMessageSize(ctl, 1024 * 1024);
        try
        {
            var worker = Start(null, "worker", "--broker", Url, "--queue", _queue, "--parallel", "1", "--in-process");
            Assert.True(await worker.WaitFor("waiting for jobs", TimeSpan.FromMinutes(1)), worker.Log);
            var ingest = Task.Run(() => CliRunner.Run("ingest", input, "--index", index, "--broker", Url, "--queue", _queue, "--quiet"));
            Assert.True(await Task.WhenAny(ingest, Task.Delay(TimeSpan.FromMinutes(3))) == ingest, "ingest did not finish; worker:\n" + worker.Log);
            var (code, _, err) = await ingest;
            Assert.True(code == Cli.ExitCodes.SomeFilesFailed, err + "\nworker:\n" + worker.Log);
            Assert.Contains("thêm 1, đã có 0, lỗi 1", err, StringComparison.Ordinal);
            Assert.Contains("over the broker's message size limit", err, StringComparison.Ordinal);
            Assert.Contains("opening another", worker.Log, StringComparison.Ordinal);
            Assert.Contains("(redelivered)", worker.Log, StringComparison.Ordinal);
        }
        finally
        {
            SetMaxMessageSize(ctl, 134217728);
        }
    }

    private static string ExternalToolOrSkip(string name)
    {
        string? path = Ingest.Extractors.ExternalTool.Find(name);
        Skip.If(path is null, $"{name} is not on PATH (apt-get install rabbitmq-server)");
        return path!;
    }

    private static void SetMaxMessageSize(string ctl, int bytes)
    {
        var r = Ingest.Extractors.ExternalTool.Run(ctl, ["eval", $"application:set_env(rabbit, max_message_size, {bytes})."], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.StdErr);
    }

    [SkippableFact]
    public async Task NoAnswerForAWhile_Warns_NamingWhetherAnyWorkerIsConnected()
    {
        RequireBroker();
        string input = Directory.CreateDirectory(Path.Combine(_dir.FullName, "in")).FullName;
        Write("in/a.txt", Prose(1));
        var log = new StringWriter();
        var synced = TextWriter.Synchronized(log);
        var request = new Engine.IngestRequest(Path.Combine(_dir.FullName, "index"), [new Engine.ReportInput("a", Path.Combine(input, "a.txt"), null, null, new Dictionary<string, string>())]);
        var before = DistributedIngest.QuietWarning;
        DistributedIngest.QuietWarning = TimeSpan.FromSeconds(1);
        using var cts = new CancellationTokenSource();
        try
        {
            var run = DistributedIngest.RunAsync(request, Url, _queue, Engine.EngineOptions.Default, new DocumentReader(), null, synced, cts.Token);
            var clock = Stopwatch.StartNew();
            while (!log.ToString().Contains("no answer for", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }
        finally
        {
            DistributedIngest.QuietWarning = before;
        }
        Assert.Contains("warning: no answer for", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("no worker is connected to " + _queue + " (1 job(s) waiting)", log.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task BrokerPassword_FromAFile_NeverPrinted()
    {
        RequireBroker();
        string wrong = Write("password", "not-the-password-7731\n");
        var (code, _, err) = await CliRunner.Run("ingest", TestPaths.Sample("screen"), "--index", Path.Combine(_dir.FullName, "idx"),
            "--broker", "amqp://guest@localhost:5672/", "--broker-password-file", wrong, "--queue", _queue, "--quiet");
        Assert.Equal(Cli.ExitCodes.Usage, code);
        Assert.Contains("the user name or password is refused", err, StringComparison.Ordinal);
        Assert.Contains("amqp://guest:***@localhost:5672/", err, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);

        string tooShort = Write("short-secret", "abc");
        var (code2, _, err2) = await CliRunner.Run("worker", "--broker", Url, "--broker-secret-file", tooShort);
        Assert.Equal(Cli.ExitCodes.Usage, code2);
        Assert.Contains("the broker secret has 3 characters; use at least 16", err2, StringComparison.Ordinal);
    }
}
