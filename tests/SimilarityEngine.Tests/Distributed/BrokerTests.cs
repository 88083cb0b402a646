using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using SimilarityEngine.Indexing;

namespace SimilarityEngine.Tests;

/// <summary>Distributed extraction through a real RabbitMQ broker (Debian rabbitmq-server, started by .ci/run): three
/// worker processes, one killed with SIGKILL in the middle of the batch; every file is stored exactly once.</summary>
[Trait("Category", "Slow")]
[Collection("external tools")]
public sealed class BrokerTests : IDisposable
{
    private const string Url = "amqp://guest:guest@localhost:5672/";
    private readonly DirectoryInfo _dir = TestPaths.TempDir();
    private readonly List<Process> _workers = [];
    private string? _queue;

    public void Dispose()
    {
        if (_queue is not null && Ingest.Extractors.ExternalTool.Find("rabbitmqctl") is { } ctl)
        {
            try
            {
                Ingest.Extractors.ExternalTool.Run(ctl, ["delete_queue", _queue], TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
            }
        }
        foreach (var w in _workers)
        {
            try
            {
                w.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            w.Dispose();
        }
        _dir.Delete(true);
    }

    // n Word 97-2003 files with different texts: slow enough (LibreOffice, seconds each) to kill a worker in the middle
    private List<string> DocFiles(int n)
    {
        string docx = Directory.CreateDirectory(Path.Combine(_dir.FullName, "docx")).FullName;
        string docs = Directory.CreateDirectory(Path.Combine(_dir.FullName, "in")).FullName;
        var paragraphs = File.ReadAllLines(TestPaths.Sample("vntex/vntex-two-column.txt")).Where(l => !l.StartsWith('#')).ToArray();
        for (int i = 0; i < n; i++)
        {
            string text = $"Báo cáo số {i + 1}: {paragraphs[i % paragraphs.Length]} {paragraphs[(i * 7 + 3) % paragraphs.Length]}";
            PictureOcrTests.DocxWithPictures(Path.Combine(docx, $"bao-cao-{i + 1:D2}.docx"), text, [], $"Kết thúc báo cáo số {i + 1}.");
        }
        var (code, _, err) = TestPaths.Soffice(_dir.FullName, TimeSpan.FromMinutes(5),
            ["--convert-to", "doc", "--outdir", docs, .. Directory.GetFiles(docx).Order(StringComparer.Ordinal)]);
        Assert.True(code == 0, err);
        return [.. Directory.GetFiles(docs, "*.doc").Order(StringComparer.Ordinal)];
    }

    private (Process Process, StringBuilder Log) StartWorker(string queue)
    {
        var p = CliRunner.Start("worker", "--broker", Url, "--queue", queue, "--parallel", "1");
        var log = new StringBuilder();
        p.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        p.BeginErrorReadLine();
        p.StandardOutput.ReadToEndAsync();
        _workers.Add(p);
        return (p, log);
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    [SkippableFact]
    public async Task ThreeWorkers_OneKilledMidBatch_EveryFileStoredExactlyOnce()
    {
        Skip.IfNot(BrokerTrustTests.BrokerUp(), "no RabbitMQ broker on localhost:5672 (apt-get install rabbitmq-server; rabbitmq-server -detached)");
        TestPaths.RequireSoffice();
        var files = DocFiles(12);
        string queue = _queue = "simeng.test." + Guid.NewGuid().ToString("N")[..8];
        var workers = Enumerable.Range(0, 3).Select(_ => StartWorker(queue)).ToList();
        string index = Path.Combine(_dir.FullName, "index");

        // the CLI runs synchronously: on its own thread, so that the test can act meanwhile
        var ingest = Task.Run(() => CliRunner.Run("ingest", Path.Combine(_dir.FullName, "in"), "--index", index, "--broker", Url, "--queue", queue, "--quiet"));
        // the first worker dies (SIGKILL, with its LibreOffice) once it has answered a job and taken the next
        var victim = workers[0];
        var clock = Stopwatch.StartNew();
        while (!Text(victim.Log).Contains(" done [1]", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(100);
        }
        Assert.Contains(" done [1]", Text(victim.Log), StringComparison.Ordinal);
        victim.Process.Kill(entireProcessTree: true);
        await victim.Process.WaitForExitAsync();

        var finished = await Task.WhenAny(ingest, Task.Delay(TimeSpan.FromMinutes(5)));
        Assert.True(finished == ingest, "ingest did not finish within 5 minutes; workers:\n" + string.Join("\n", workers.Select(w => Text(w.Log))));
        var (code, _, err) = await ingest;
        Assert.True(code == 0, err);
        Assert.Contains("thêm 12, đã có 0, lỗi 0", err, StringComparison.Ordinal);

        using var reader = ReportIndexReader.Open(index);
        var ids = reader.All().Select(r => r.Id).ToList();
        Assert.Equal(files.Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.All(reader.All(), r => Assert.Contains("Báo cáo số", r.Text, StringComparison.Ordinal));
        // the job the killed worker held was given to a survivor
        string survivors = Text(workers[1].Log) + Text(workers[2].Log);
        Assert.True(survivors.Contains("(redelivered)", StringComparison.Ordinal), "no job was redelivered; workers:\n" +
            string.Join("\n---\n", workers.Select(w => Text(w.Log))));
    }

    [Fact]
    public async Task BadOrDeadBroker_OneLineExit2()
    {
        var (c1, _, e1) = await CliRunner.Run("worker", "--broker", "http://localhost/");
        Assert.Equal(Cli.ExitCodes.Usage, c1);
        Assert.Contains("--broker must be an amqp:// address", e1, StringComparison.Ordinal);
        var (c2, _, e2) = await CliRunner.Run("ingest", TestPaths.Sample("screen"), "--index", Path.Combine(_dir.FullName, "idx"),
            "--broker", "amqp://guest:guest@127.0.0.1:1/", "--quiet");
        Assert.Equal(Cli.ExitCodes.Usage, c2);
        Assert.Contains("no RabbitMQ broker answers at amqp://guest:***@127.0.0.1:1/", e2, StringComparison.Ordinal);
        Assert.DoesNotContain("guest:guest", e2, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", e2, StringComparison.Ordinal);
    }
}
