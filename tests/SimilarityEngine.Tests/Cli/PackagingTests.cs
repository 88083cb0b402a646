using System.Diagnostics;

namespace SimilarityEngine.Tests;

/// <summary>The systemd units in packaging/systemd verify clean with systemd-analyze (every key known, every setting
/// valid), with the binary they start standing in at a temporary path.</summary>
public sealed class PackagingTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static string Units => Path.Combine(TestPaths.Root, "packaging", "systemd");

    [SkippableFact]
    public void SystemdUnits_VerifyClean_AndATypoIsCaught()
    {
        string? analyze = Ingest.Extractors.ExternalTool.Find("systemd-analyze");
        Skip.If(analyze is null, "systemd-analyze is not installed (Debian package systemd; .ci/run installs it)");
        string simeng = Path.Combine(_dir.FullName, "simeng");
        File.WriteAllText(simeng, "#!/bin/sh\n");
        File.SetUnixFileMode(simeng, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var units = new List<string>();
        foreach (var f in Directory.GetFiles(Units, "*.service"))
        {
            string text = File.ReadAllText(f);
            Assert.Contains("/usr/bin/simeng ", text, StringComparison.Ordinal);
            string copy = Path.Combine(_dir.FullName, Path.GetFileName(f));
            File.WriteAllText(copy, text.Replace("/usr/bin/simeng", simeng, StringComparison.Ordinal));
            units.Add(copy);
        }
        Assert.Equal(["simeng-worker@.service", "simeng.service"], units.Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var (code, output) = Verify(analyze!, units);
        Assert.True(code == 0 && output.Length == 0, output);

        // the check can fail: a misspelt key is reported
        File.WriteAllText(units[0], File.ReadAllText(units[0]).Replace("Restart=", "Restrat=", StringComparison.Ordinal));
        var (_, typo) = Verify(analyze!, [units[0]]);
        Assert.Contains("Unknown key 'Restrat'", typo, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Serve_UnderSystemd_NotifiesReadyThenStopping_LogsForTheJournal()
    {
        Skip.If(!OperatingSystem.IsLinux(), "systemd's notification socket is Linux");
        // .NET's systemd support switches on when the parent process is named "systemd": a bash called so stands in for
        // it, and this test listens on the notification socket as systemd does for Type=notify
        string fake = Path.Combine(_dir.FullName, "systemd");
        File.CreateSymbolicLink(fake, "/bin/bash");
        string notify = Path.Combine(_dir.FullName, "notify.sock");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram,
            System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(notify));
        using var host = new WebTestHost();
        string url = $"http://127.0.0.1:{ServeStopTests.FreePort()}";
        var psi = new ProcessStartInfo(fake) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "dotnet \"$1\" serve --index \"$2\" --data \"$3\" --urls \"$4\" & echo $!; wait $!", "systemd",
                     CliRunner.SimengDll, host.Index, host.Data, url })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["NOTIFY_SOCKET"] = notify;
        using var parent = Process.Start(psi)!;
        var log = new System.Text.StringBuilder();
        int pid = int.Parse(await parent.StandardOutput.ReadLineAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var output = Task.Run(async () =>
        {
            while (await parent.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (log)
                {
                    log.AppendLine(line);
                }
            }
        });
        var errors = parent.StandardError.ReadToEndAsync();
        try
        {
            Assert.Contains("READY=1", await Receive(socket, TimeSpan.FromMinutes(1)), StringComparison.Ordinal);
            using (var http = new HttpClient())
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(url + "/healthz")).StatusCode);
                // the journal is not flooded: requests that go well write (almost) nothing (was ~1.1 KB each)
                await Task.Delay(500);
                int before;
                lock (log)
                {
                    before = log.Length;
                }
                for (int i = 0; i < 20; i++)
                {
                    Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(url + (i % 2 == 0 ? "/healthz" : "/login"))).StatusCode);
                }
                await Task.Delay(500);
                int grown;
                lock (log)
                {
                    grown = log.Length - before;
                }
                Assert.True(grown < 20 * 100, $"{grown} characters of log for 20 requests");
            }
            using (var kill = Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            Assert.Contains("STOPPING=1", await Receive(socket, TimeSpan.FromMinutes(1)), StringComparison.Ordinal);
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await parent.WaitForExitAsync(cts.Token);
            await output;
        }
        finally
        {
            if (!parent.HasExited)
            {
                parent.Kill(entireProcessTree: true);
            }
        }
        string text;
        lock (log)
        {
            text = log.ToString();
        }
        // journald's format: a syslog priority in angle brackets at the start of each entry, no colours
        Assert.Matches(@"(?m)^<6>Microsoft\.Hosting\.Lifetime\[0\] ", text);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
        Assert.True(parent.ExitCode == 0, await errors);
    }

    private static async Task<string> Receive(System.Net.Sockets.Socket socket, TimeSpan within)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(within);
        int n = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, cts.Token);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, n);
    }

    private static (int Code, string Output) Verify(string analyze, IEnumerable<string> units)
    {
        var psi = new ProcessStartInfo(analyze) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("verify");
        foreach (var u in units)
        {
            psi.ArgumentList.Add(u);
        }
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, (o.Result + e.Result).Trim());
    }
}
