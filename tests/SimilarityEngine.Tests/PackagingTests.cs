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
