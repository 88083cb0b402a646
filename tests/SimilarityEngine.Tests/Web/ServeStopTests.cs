using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Tests;

/// <summary>A real <c>simeng serve</c> stopped the way a service manager stops it (SIGTERM) while a check is being read:
/// the job goes back to the queue with its upload, and the next start finishes it.</summary>
[Trait("Category", "Slow")]
[Collection("external tools")]
public sealed class ServeStopTests
{
    [SkippableFact]
    public async Task Sigterm_MidCheck_JobQueuedAgainWithItsUpload_FinishedAfterTheRestart()
    {
        Skip.If(OperatingSystem.IsWindows(), "SIGTERM is a Unix signal");
        TestPaths.RequireOcr();
        using var host = new WebTestHost();
        // a four-page scan: OCR keeps the check running long enough to stop the server in the middle of it
        var page = ScanFixtures.Rasterise(TestPaths.Sample("vi-features.pdf"), 1, 300, work: host.Root);
        string scan = ScanFixtures.Write(Path.Combine(host.Root, "bản scan.pdf"), [page, page, page, page]);
        string url = $"http://127.0.0.1:{FreePort()}";
        using var api = new HttpClient { BaseAddress = new Uri(url) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.ReviewerToken);

        var serve = await Start(host, url, api);
        string statusUrl;
        string id;
        try
        {
            var r = await api.PostAsync("/api/checks", WebTestHost.Upload(scan));
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            statusUrl = r.Headers.Location!.ToString();
            id = JsonDocument.Parse(await api.GetStringAsync(statusUrl)).RootElement.GetProperty("id").GetString()!;
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while (JsonDocument.Parse(await api.GetStringAsync(statusUrl)).RootElement.GetProperty("status").GetString() != "running")
            {
                Assert.True(DateTime.UtcNow < until, "the check never started");
                await Task.Delay(100);
            }
            await Task.Delay(1000); // inside the OCR
            using var kill = Process.Start("kill", ["-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await serve.WaitForExitAsync(cts.Token);
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill(entireProcessTree: true);
            }
        }

        var job = new WebStore(host.Data).GetJob(id)!;
        Assert.Equal(WebStore.Running, job.Status); // queued again at the next start
        Assert.True(job.UploadPath is not null && File.Exists(job.UploadPath), "the upload was deleted by the stop");

        var again = await Start(host, url, api);
        try
        {
            var status = await WebTestHost.WaitForJob(api, statusUrl, TimeSpan.FromMinutes(4));
            Assert.True(status.GetProperty("status").GetString() == "done", status.ToString());
            var report = JsonDocument.Parse(await api.GetStringAsync($"/api/checks/{id}/report")).RootElement;
            Assert.Equal("bản scan.pdf", report.GetProperty("submission").GetProperty("file").GetString());
            Assert.True(report.TryGetProperty("similarity_index", out _));
        }
        finally
        {
            again.Kill(entireProcessTree: true);
            await again.WaitForExitAsync();
        }
    }

    [SkippableFact]
    public async Task ParentKilled_MidOcr_ItsExtractionWorkersAndToolsGoToo()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix process tree");
        TestPaths.RequireOcr();
        using var host = new WebTestHost(ingestSamples: false);
        var page = ScanFixtures.Rasterise(TestPaths.Sample("vi-features.pdf"), 1, 300, work: host.Root);
        // ten pages: reading them takes far longer than the few seconds allowed below for the orphans to go
        string scan = ScanFixtures.Write(Path.Combine(host.Root, "scan.pdf"), Enumerable.Repeat(page, 10).ToList());
        var ingest = CliRunner.Start("ingest", scan, "--index", host.Index, "--quiet");
        ingest.BeginOutputReadLine();
        ingest.BeginErrorReadLine();
        // wait until OCR runs under the extraction worker: simeng → extract-worker → tesseract / pdftoppm
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        List<int> below;
        while (true)
        {
            below = Descendants(ingest.Id);
            if (below.Select(Name).Any(n => n is "tesseract" or "pdftoppm"))
            {
                break;
            }
            Assert.False(ingest.HasExited, "ingest ended before OCR was seen");
            Assert.True(DateTime.UtcNow < until, "no OCR tool started under the extraction worker");
            await Task.Delay(50);
        }
        below = Descendants(ingest.Id);
        ingest.Kill(entireProcessTree: false); // SIGKILL to simeng alone, as the OOM killer would
        await ingest.WaitForExitAsync();

        var gone = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        while (below.Any(Alive) && DateTime.UtcNow < gone)
        {
            await Task.Delay(100);
        }
        var left = below.Where(Alive).Select(pid => $"{pid} {Name(pid)}").ToList();
        foreach (var pid in below.Where(Alive))
        {
            try
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
        }
        Assert.True(left.Count == 0, "still running after their parent died: " + string.Join(", ", left));
    }

    private static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                (children.TryGetValue(ppid, out var l) ? l : children[ppid] = []).Add(pid);
            }
            catch (IOException)
            {
            }
        }
        var all = new List<int>();
        var stack = new Stack<int>([root]);
        while (stack.Count > 0)
        {
            foreach (var c in children.GetValueOrDefault(stack.Pop()) ?? [])
            {
                all.Add(c);
                stack.Push(c);
            }
        }
        return all;
    }

    private static bool Alive(int pid)
    {
        try
        {
            // a zombie (exited, not yet reaped by init) is gone for our purpose
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Name(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static Task<Process> Start(WebTestHost host, string url, HttpClient api) =>
        StartServe(CliRunner.Start("serve", "--index", host.Index, "--data", host.Data, "--urls", url, "--workers", "1"), api);

    /// <summary>Waits for a started <c>simeng serve</c> to answer /healthz.</summary>
    internal static async Task<Process> StartServe(Process p, HttpClient api)
    {
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                if ((await api.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return p;
                }
            }
            catch (HttpRequestException)
            {
            }
            Assert.False(p.HasExited, "simeng serve exited at start");
            Assert.True(DateTime.UtcNow < until, "simeng serve did not answer /healthz within a minute");
            await Task.Delay(200);
        }
    }

    internal static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
