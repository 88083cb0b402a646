using System.Diagnostics;
using System.Text;
using SimilarityEngine.Cli;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;

namespace SimilarityEngine.Tests;

/// <summary>Inputs, outputs and environments that made simeng crash, hang, lie or overwrite (issue "Nothing lost, third
/// pass"): each case does what the adversarial pass did.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose()
    {
        foreach (var mount in _mounts)
        {
            Run("umount", mount);
        }
        _dir.Delete(true);
    }

    private readonly List<string> _mounts = [];

    private string Index => Path.Combine(_dir.FullName, "idx");

    private static string ScreenManifest => TestPaths.Sample(Path.Combine("screen", "manifest.csv"));

    private static (int Code, string Out) Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        try
        {
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            string o = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, o + err.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, program + " not found");
        }
    }

    private async Task Ingested()
    {
        var (c, _, e) = await CliRunner.Run("ingest", "--manifest", ScreenManifest, "--index", Index, "--quiet");
        Assert.True(c == 0, e);
    }

    [Fact]
    public async Task Manifest_ColumnNamedCollection_Refused_TheReportsStaySubmissions()
    {
        string folder = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(folder);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(folder, "r1.docx"));
        string manifest = Path.Combine(folder, "manifest.csv");
        await File.WriteAllTextAsync(manifest, "id,file,year,collection\nr1,r1.docx,2024,đợt 2\n");

        var (code, _, err) = await CliRunner.Run("ingest", "--manifest", manifest, "--index", Index, "--quiet");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("the column 'collection' is reserved", err, StringComparison.Ordinal);
        Assert.False(ReportIndexReader.Exists(Index));
    }

    [Theory]
    [InlineData("--timeout", "abc", "--timeout takes a whole number; got 'abc'")]
    [InlineData("--recycled", "x", "--recycled takes a number such as 0.2; got 'x'")]
    [InlineData("--max-file-mb", "1.5x", "--max-file-mb takes a whole number; got '1.5x'")]
    [InlineData("--year", "hai nghìn", "--year takes a whole number; got 'hai nghìn'")]
    public async Task NumericOption_NotANumber_UsageErrorExit2(string option, string value, string message)
    {
        var (code, _, err) = await CliRunner.Run("screen", "--index", Index, option, value, "--quiet");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Fifo_InTheInputFolder_IsAFailureRow_NothingHangs()
    {
        Skip.If(OperatingSystem.IsWindows(), "FIFOs are a Unix thing");
        string folder = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(folder);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(folder, "r1.docx"));
        foreach (var name in new[] { "ong.txt", "ong.doc" })
        {
            var (mk, mkOut) = Run("mkfifo", Path.Combine(folder, name));
            Skip.If(mk != 0, "mkfifo failed: " + mkOut);
        }
        var run = CliRunner.Run("ingest", folder, "--index", Index, "--quiet");
        var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(90)));
        Assert.True(done == run, "ingest hung on a FIFO");
        var (code, _, err) = await run;
        Assert.Equal(ExitCodes.SomeFilesFailed, code);
        Assert.Contains("ong.txt: not a regular file: a named pipe (FIFO)", err, StringComparison.Ordinal);
        Assert.Contains("ong.doc: not a regular file: a named pipe (FIFO)", err, StringComparison.Ordinal);
        Assert.Contains("thêm 1,", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeOneLineTxt_RefusedBeforeItIsRead_TheRestGoesOn()
    {
        string folder = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(folder);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(folder, "r1.docx"));
        string huge = Path.Combine(folder, "khong-lo.txt");
        await using (var w = new StreamWriter(huge, false, new UTF8Encoding(false)))
        {
            string chunk = string.Concat(Enumerable.Repeat("Trường học là nơi học sinh được phát triển toàn diện. ", 1000));
            for (long written = 0; written < 24L * 1024 * 1024; written += Encoding.UTF8.GetByteCount(chunk))
            {
                await w.WriteAsync(chunk);
            }
        }
        var (code, _, err) = await CliRunner.Run("ingest", folder, "--index", Index, "--quiet");
        Assert.Equal(ExitCodes.SomeFilesFailed, code);
        Assert.Contains("khong-lo.txt: the text file is", err, StringComparison.Ordinal);
        Assert.Contains("over the limit", err, StringComparison.Ordinal);
        Assert.Contains("thêm 1,", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16WithoutByteOrderMark_AndWindows1258_ReadAsVietnamese()
    {
        const string text = "Trường học là nơi học sinh được phát triển toàn diện về đức, trí, thể, mĩ.\nGiáo viên chủ nhiệm hướng dẫn học sinh tự học.";
        string utf16 = Path.Combine(_dir.FullName, "utf16.txt");
        File.WriteAllBytes(utf16, Encoding.Unicode.GetBytes(text));
        string ansi = Path.Combine(_dir.FullName, "ansi.txt");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        // Notepad on a Vietnamese Windows saves "ANSI" as Windows-1258: letters with their quality marks (ư, ơ, â, đ) and the
        // tone as a combining mark after them
        var cp1258 = new StringBuilder();
        foreach (char c in text)
        {
            int tone = Similarity.Text.VietnameseSyllable.ToneOf(c);
            cp1258.Append(Similarity.Text.VietnameseSyllable.StripTone(c));
            if (tone > 0)
            {
                cp1258.Append("\u0300\u0301\u0309\u0303\u0323"[tone - 1]);
            }
        }
        File.WriteAllBytes(ansi, Encoding.GetEncoding(1258).GetBytes(cp1258.ToString()));
        foreach (var file in new[] { utf16, ansi })
        {
            var read = new Ingest.DocumentReader().Read(file);
            Assert.Equal(text, read.Text);
            Assert.True(read.Quality > 0.95, $"{Path.GetFileName(file)}: quality {read.Quality}");
        }
    }

    [SkippableFact]
    public async Task Outputs_DeviceWrittenInPlace_SymlinkRefused()
    {
        Skip.If(OperatingSystem.IsWindows(), "devices and links are Unix things here");
        await Ingested();
        // /dev/null stays a device
        var (c1, _, e1) = await CliRunner.Run("screen", "--index", Index, "--out", "/dev/null", "--quiet");
        Assert.True(c1 == 0, e1);
        Assert.Equal(Ingest.FileKindValue.Device, Ingest.FileKind.Of("/dev/null"));
        // a link is never followed to replace its target
        string target = Path.Combine(_dir.FullName, "khong-duoc-ghi-de.txt");
        await File.WriteAllTextAsync(target, "giữ nguyên");
        string link = Path.Combine(_dir.FullName, "pairs.csv");
        File.CreateSymbolicLink(link, target);
        var (c2, _, e2) = await CliRunner.Run("screen", "--index", Index, "--out", link, "--quiet");
        Assert.Equal(ExitCodes.Usage, c2);
        Assert.Contains("is a symbolic link", e2, StringComparison.Ordinal);
        Assert.Equal("giữ nguyên", await File.ReadAllTextAsync(target));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public async Task IdsWithNewlinesAndBidiControls_EscapedInTextReports()
    {
        string folder = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(folder);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(folder, "r1.docx"));
        // a name that would print a forged line: a newline, then a right-to-left isolate hiding the rest
        string forged = "ban-sao\n  r9 ← r1: gần như trùng lặp, chứa 100,0 %\u2067\u200F";
        File.Copy(TestPaths.Sample("screen/r2-doc-lop2-ban-sao.docx"), Path.Combine(folder, forged + ".docx"));
        var (code, stdout, err) = await CliRunner.Run("screen", folder, "--index", Index, "--quiet");
        Assert.True(code == 0, err);
        Assert.DoesNotContain("\n  r9 ← r1", stdout, StringComparison.Ordinal);
        Assert.Contains("ban-sao\\n  r9", stdout, StringComparison.Ordinal);
        Assert.Contains("\\u2067\\u200F", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u2067', stdout);
    }

    [Fact]
    public async Task ManifestIdOverTheLimit_IsAFailureRow_RowsAfterItStored()
    {
        string folder = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(folder);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(folder, "r1.docx"));
        File.Copy(TestPaths.Sample("screen/r3-toan-lop5.docx"), Path.Combine(folder, "r3.docx"));
        string manifest = Path.Combine(folder, "manifest.csv");
        await File.WriteAllTextAsync(manifest, $"id,file\n{new string('x', 40_000)},r1.docx\nr3,r3.docx\n");
        var (code, _, err) = await CliRunner.Run("ingest", "--manifest", manifest, "--index", Index, "--quiet");
        Assert.Equal(ExitCodes.SomeFilesFailed, code);
        Assert.Contains("its id is 40,000 bytes long", err, StringComparison.Ordinal);
        Assert.Contains("thêm 1,", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_MakesTheFolderExactlyTheBackup_KeepsTheReplacedOne()
    {
        await Ingested();
        string backup = Path.Combine(_dir.FullName, "backup");
        var (bc, bo, be) = await CliRunner.Run("index", "backup", backup, "--index", Index);
        Assert.True(bc == 0, be);
        Assert.Contains("simeng index restore", bo, StringComparison.Ordinal);
        // after the backup: one more report, then damage
        string extra = Path.Combine(_dir.FullName, "moi.txt");
        await File.WriteAllTextAsync(extra, "Một báo cáo nộp sau khi sao lưu.");
        var (ic, _, ie) = await CliRunner.Run("ingest", extra, "--index", Index, "--quiet");
        Assert.True(ic == 0, ie);
        string cfs = Directory.GetFiles(Index, "*.cfs").First();
        var bytes = await File.ReadAllBytesAsync(cfs);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(cfs, bytes);

        var (rc, ro, re) = await CliRunner.Run("index", "restore", backup, "--index", Index);

        Assert.True(rc == 0, re);
        Assert.Contains("5 báo cáo", ro, StringComparison.Ordinal);
        using (var reader = ReportIndexReader.Open(Index))
        {
            Assert.Equal(["r1", "r2", "r3", "r4", "r5"], reader.All().Select(r => r.Id).Order(StringComparer.Ordinal));
        }
        Assert.True(IndexMaintenance.Check(Index).Clean);
        var kept = Assert.Single(Directory.GetDirectories(_dir.FullName, "idx" + IndexMaintenance.BeforeRestoreSuffix + "*"));
        Assert.True(File.Exists(Path.Combine(kept, Path.GetFileName(cfs))));
    }

    [Fact]
    public async Task Restore_KilledBetweenItsRenames_NoNewIndexIsMadeThere_RestoreAgainFinishes()
    {
        await Ingested();
        string backup = Path.Combine(_dir.FullName, "backup");
        IndexMaintenance.Backup(Index, backup);
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { CliRunner.SimengDll, "index", "restore", backup, "--index", Index })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["SIMENG_FAULT"] = "restore:aside";
        using (var p = Process.Start(psi)!)
        {
            await p.WaitForExitAsync();
            Assert.NotEqual(0, p.ExitCode);
        }
        Assert.False(ReportIndexReader.Exists(Index));
        string extra = Path.Combine(_dir.FullName, "moi.txt");
        await File.WriteAllTextAsync(extra, "Một báo cáo nộp trong lúc khôi phục dở dang.");
        var (ic, _, ie) = await CliRunner.Run("ingest", extra, "--index", Index, "--quiet");
        Assert.Equal(ExitCodes.Usage, ic);
        Assert.Contains("a restore was interrupted", ie, StringComparison.Ordinal);

        var (rc, _, re) = await CliRunner.Run("index", "restore", backup, "--index", Index);
        Assert.True(rc == 0, re);
        using var reader = ReportIndexReader.Open(Index);
        Assert.Equal(5, reader.Count);
    }

    [SkippableFact]
    public async Task IndexFolder_ReadOnlyOrAnotherUsers_Exit2AtOnce_NamingTheRealCause()
    {
        Skip.If(OperatingSystem.IsWindows() || Environment.UserName != "root", "needs root (to mount read-only and to run as another user)");
        await Ingested();
        // a read-only bind mount of the index folder
        string ro = Path.Combine(_dir.FullName, "ro");
        Directory.CreateDirectory(ro);
        var (m1, o1) = Run("mount", "--bind", Index, ro);
        Skip.If(m1 != 0, "mount --bind is not allowed here: " + o1);
        _mounts.Add(ro);
        var (m2, o2) = Run("mount", "-o", "remount,ro,bind", ro);
        Skip.If(m2 != 0, "remount read-only is not allowed here: " + o2);
        var watch = Stopwatch.StartNew();
        var (c1, _, e1) = await CliRunner.Run("ingest", TestPaths.Sample("screen/r1-doc-lop2.docx"), "--index", ro, "--wait", "--quiet");
        Assert.Equal(ExitCodes.Usage, c1);
        Assert.Contains("the file system is read-only", e1, StringComparison.Ordinal);
        Assert.DoesNotContain("in use", e1, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "--wait waited on a read-only folder");
        // readers still read it
        var (c2, o3, e2) = await CliRunner.Run("stats", "--index", ro);
        Assert.True(c2 == 0, e2);
        Assert.Contains("báo cáo", o3, StringComparison.Ordinal);

        // a folder that belongs to another user: run simeng as 'nobody' (who may enter the test folder, not write in it)
        File.SetUnixFileMode(_dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        // simeng and the sample copied where 'nobody' can read them (a clone made by mktemp -d is private to root)
        string bin = Directory.CreateDirectory(Path.Combine(_dir.FullName, "bin")).FullName;
        foreach (var f in Directory.EnumerateFiles(AppContext.BaseDirectory).Where(f => f.EndsWith(".dll", StringComparison.Ordinal)
            || f.EndsWith(".json", StringComparison.Ordinal)))
        {
            File.Copy(f, Path.Combine(bin, Path.GetFileName(f)));
        }
        string sample = Path.Combine(bin, "r1.docx");
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), sample);
        File.SetUnixFileMode(bin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var (c3, o4) = Run("runuser", "-u", "nobody", "--", "env", "DOTNET_CLI_HOME=/tmp", "dotnet", Path.Combine(bin, "simeng.dll"), "ingest", sample,
            "--index", Index, "--quiet");
        Skip.If(c3 == -1 || o4.Contains("runuser:", StringComparison.Ordinal), "runuser is not available: " + o4);
        Assert.True(c3 == ExitCodes.Usage, o4);
        Assert.Contains("permission denied for user 'nobody'", o4, StringComparison.Ordinal);
    }
}
