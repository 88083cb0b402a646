using System.Diagnostics;
using SimilarityEngine.Cli;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;

namespace SimilarityEngine.Tests;

/// <summary>Nothing lost (issue "Nothing lost, third pass"): an archive is never replaced by a new index, never
/// half-repaired, and an id never overwrites another report quietly.</summary>
public sealed class ArchiveSafetyTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static IReadOnlyList<ReportInput> Samples => Manifest.Read(TestPaths.Sample(Path.Combine("screen", "manifest.csv")));

    // An archive of the five samples in two segments (r1–r3, then r4–r5).
    private string TwoSegments(string name)
    {
        string index = Path.Combine(_dir.FullName, name);
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(index, Samples.Take(3).ToList()));
        engine.Ingest(new IngestRequest(index, Samples.Skip(3).ToList()));
        Assert.True(Directory.GetFiles(index, "*.cfs").Length >= 2, string.Join(' ', Directory.GetFiles(index).Select(Path.GetFileName)));
        return index;
    }

    private static List<string> Ids(string index)
    {
        using var reader = ReportIndexReader.Open(index);
        return reader.All().Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
    }

    private static void LoseCommitPoint(string index)
    {
        string last = Directory.GetFiles(index, "segments_*").OrderBy(f => f, StringComparer.Ordinal).Last();
        var bytes = File.ReadAllBytes(last);
        File.WriteAllBytes(last, bytes[..(bytes.Length / 2)]);
        File.Delete(Path.Combine(index, "segments.gen"));
    }

    // one byte flipped in the middle of the newest segment's compound file
    private static string DamageNewestSegment(string index)
    {
        string cfs = Directory.GetFiles(index, "*.cfs").OrderBy(f => new FileInfo(f).LastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal).Last();
        var bytes = File.ReadAllBytes(cfs);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(cfs, bytes);
        return Path.GetFileName(cfs);
    }

    [Fact]
    public async Task Ingest_OverAnArchiveWhoseCommitPointIsLost_Exit2_NothingOverwritten_RepairKeepsAll()
    {
        string index = TwoSegments("idx");
        LoseCommitPoint(index);
        var before = Directory.GetFiles(index, "_*").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        string extra = Path.Combine(_dir.FullName, "moi.txt");
        await File.WriteAllTextAsync(extra, "Một báo cáo mới được nộp sau khi chỉ mục bị hỏng điểm lưu.");
        var (code, _, err) = await CliRunner.Run("ingest", extra, "--index", index, "--quiet");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no commit point can be read", err, StringComparison.Ordinal);
        Assert.Contains("simeng index repair", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        // not one byte of the old segments changed, none deleted
        foreach (var (name, bytes) in before)
        {
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(index, name)));
        }
        var (sc, _, se) = await CliRunner.Run("stats", "--index", index);
        Assert.Equal(ExitCodes.Usage, sc);
        Assert.Contains("damaged", se, StringComparison.Ordinal);

        var (rc, ro, re) = await CliRunner.Run("index", "repair", "--index", index);
        Assert.True(rc == 0, re);
        Assert.Contains("a new one was made", ro, StringComparison.Ordinal);
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], Ids(index));
        Assert.True(IndexMaintenance.Check(index).Clean);
        var (ic, _, ie) = await CliRunner.Run("ingest", extra, "--index", index, "--quiet");
        Assert.True(ic == 0, ie);
        Assert.Equal(6, Ids(index).Count);
    }

    [Fact]
    public async Task Ingest_NewIndexOption_MovesTheUnreadableFilesAside_AndStartsEmpty()
    {
        string index = TwoSegments("idx");
        LoseCommitPoint(index);
        int files = Directory.GetFiles(index, "_*").Length;
        string extra = Path.Combine(_dir.FullName, "moi.txt");
        await File.WriteAllTextAsync(extra, "Một báo cáo mới được nộp vào chỉ mục làm lại từ đầu.");

        var (code, _, err) = await CliRunner.Run("ingest", extra, "--index", index, "--new-index", "--quiet");

        Assert.True(code == 0, err);
        Assert.Equal(["moi"], Ids(index));
        var aside = Assert.Single(Directory.GetDirectories(index, ReportIndexWriter.DiscardedFolder + "-*"));
        Assert.Equal(files, Directory.GetFiles(aside, "_*").Length);
    }

    [Fact]
    public void Repair_BrokenSegment_DropsOnlyIt_KeepsTheOthers_FilesAside()
    {
        string index = TwoSegments("idx");
        string damaged = DamageNewestSegment(index);
        var check = IndexMaintenance.Check(index);
        Assert.False(check.Clean);

        var repair = IndexMaintenance.Repair(index);

        Assert.False(repair.WasClean);
        Assert.Single(repair.DroppedSegments);
        Assert.Equal(2, repair.Dropped);
        Assert.Equal(["r1", "r2", "r3"], Ids(index));
        Assert.True(IndexMaintenance.Check(index).Clean);
        Assert.True(File.Exists(Path.Combine(Assert.Single(Directory.GetDirectories(index, IndexMaintenance.BeforeRepairFolder + "-*")), damaged)));
        // a second repair has nothing to do, and says so
        Assert.True(IndexMaintenance.Repair(index).WasClean);
    }

    public static TheoryData<string, string> KillPoints() => new()
    {
        { "segment", "repair:postings" },
        { "segment", "repair:before-commit" },
        { "segment", "repair:prepared" },
        { "segment", "repair:committed" },
        { "segment", "repair:aside#1" },
        { "segment", "repair:aside#2" },
        { "commit", "repair:aside#1" },
        { "commit", "repair:before-commit" },
        { "commit", "repair:prepared" },
        { "commit", "repair:committed" },
        { "both", "repair:aside#1" },
        { "both", "repair:before-commit" },
        { "both", "repair:prepared" },
        { "both", "repair:committed" },
        { "both", "repair:aside#2" },
        { "both", "repair:aside#3" },
    };

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(KillPoints))]
    public void Repair_KilledAtEachStep_EveryReadableReportStays_OrTheOldIndexIsUntouched(string damage, string point)
    {
        string index = TwoSegments("idx");
        List<string> keep;
        if (damage == "segment")
        {
            DamageNewestSegment(index);
            keep = ["r1", "r2", "r3"];
        }
        else if (damage == "commit")
        {
            LoseCommitPoint(index);
            keep = ["r1", "r2", "r3", "r4", "r5"];
        }
        else
        {
            // no commit point and a broken segment: the rebuilt commit keeps the whole one
            LoseCommitPoint(index);
            DamageNewestSegment(index);
            keep = ["r1", "r2", "r3"];
        }
        var before = Directory.GetFiles(index).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { CliRunner.SimengDll, "index", "repair", "--index", index })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["SIMENG_FAULT"] = point;
        using (var p = Process.Start(psi)!)
        {
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode != 0, $"repair was not killed at {point}: {err}");
        }

        var after = Directory.GetFiles(index).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        string state;
        List<string>? ids = null;
        try
        {
            ids = ReportIndexReader.Exists(index) ? Ids(index) : null;
        }
        catch (IndexDamagedException)
        {
            // the old commit, its broken segment still named: refused as damaged, exactly as before the repair
        }
        if (ids is not null)
        {
            // the repaired commit: every report that could be read is there
            Assert.Subset(ids.ToHashSet(), keep.ToHashSet());
            state = $"repaired commit, {ids.Count} reports";
        }
        else
        {
            // the old index, untouched: the same files (only unreadable commit points may have been moved aside)
            Assert.Equal(before.Where(f => !f!.StartsWith("segments", StringComparison.Ordinal)), after.Where(f => !f!.StartsWith("segments", StringComparison.Ordinal)));
            state = ReportIndexReader.Exists(index) ? "as before (the damaged commit, refused)" : "as before (no readable commit)";
        }
        output.WriteLine($"{damage} damage, killed at {point}: {state}");

        // the repair run again finishes the job
        IndexMaintenance.Repair(index);
        Assert.Equal(keep, Ids(index));
        Assert.True(IndexMaintenance.Check(index).Clean);
    }

    [Fact]
    public async Task Ingest_SameIdAnotherText_FailureRowNamingBoth_ArchiveUnchanged_ReplaceReplaces()
    {
        string index = Path.Combine(_dir.FullName, "idx");
        string y2023 = Path.Combine(_dir.FullName, "2023", "TruongA");
        string y2024 = Path.Combine(_dir.FullName, "2024", "TruongA");
        Directory.CreateDirectory(y2023);
        Directory.CreateDirectory(y2024);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(y2023, "SKKN.docx"));
        File.Copy(TestPaths.Sample("screen/r3-toan-lop5.docx"), Path.Combine(y2024, "SKKN.docx"));
        // the README's id scheme: the path relative to the folder given, so both years make "TruongA/SKKN"
        var (c1, _, e1) = await CliRunner.Run("ingest", Path.Combine(_dir.FullName, "2023"), "--index", index, "--quiet");
        Assert.True(c1 == 0, e1);
        string stored = ReportText(index, "TruongA/SKKN");

        var (c2, o2, e2) = await CliRunner.Run("ingest", Path.Combine(_dir.FullName, "2024"), "--index", index, "--quiet");

        Assert.Equal(ExitCodes.SomeFilesFailed, c2);
        string all = o2 + e2;
        Assert.Contains("already in the archive with another text", all, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("2023", "TruongA", "SKKN.docx"), all, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("2024", "TruongA", "SKKN.docx"), all, StringComparison.Ordinal);
        Assert.Equal(stored, ReportText(index, "TruongA/SKKN"));
        Assert.Contains("already in the archive", await File.ReadAllTextAsync(Path.Combine(index, "ingest-errors.csv")), StringComparison.Ordinal);

        var (c3, _, e3) = await CliRunner.Run("ingest", Path.Combine(_dir.FullName, "2024"), "--index", index, "--replace", "--quiet");
        Assert.True(c3 == 0, e3);
        Assert.NotEqual(stored, ReportText(index, "TruongA/SKKN"));
        Assert.Single(Ids(index));
    }

    private static string ReportText(string index, string id)
    {
        using var reader = ReportIndexReader.Open(index);
        return reader.All().Single(r => r.Id == id).Text;
    }

    public static TheoryData<string> Damages() => ["truncated", "empty", "si", "flipped"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task DamagedSegmentFile_EveryCommandSaysSoInOneLineExit2_RepairKeepsTheRest(string damage)
    {
        string index = TwoSegments("idx");
        string newest = Path.GetFileNameWithoutExtension(DamageNewestSegment(index));
        // undo the flip of DamageNewestSegment and damage the segment the way this case says
        string cfs = Path.Combine(index, newest + ".cfs");
        var bytes = File.ReadAllBytes(cfs);
        bytes[bytes.Length / 2] ^= 0x5A;
        switch (damage)
        {
            case "truncated":
                File.WriteAllBytes(cfs, bytes[..(bytes.Length / 2)]);
                break;
            case "empty":
                File.WriteAllBytes(cfs, []);
                break;
            case "si":
                File.WriteAllBytes(cfs, bytes);
                string si = Path.Combine(index, newest + ".si");
                var siBytes = File.ReadAllBytes(si);
                siBytes[siBytes.Length / 2] ^= 0x5A;
                File.WriteAllBytes(si, siBytes);
                break;
            default:
                bytes[bytes.Length / 2] ^= 0x5A;
                File.WriteAllBytes(cfs, bytes);
                break;
        }
        string probe = TestPaths.Sample("screen/r2-doc-lop2-ban-sao.docx");
        string[][] commands =
        [
            ["stats", "--index", index], ["check", probe, "--index", index, "--quiet"], ["screen", "--index", index, "--quiet"],
            ["ingest", TestPaths.Sample("screen/r4-toan-lop5-tcvn3.docx"), "--index", index, "--quiet"],
            ["index", "backup", Path.Combine(_dir.FullName, "backup"), "--index", index],
        ];
        foreach (var args in commands)
        {
            var (code, _, err) = await CliRunner.Run(args);
            Assert.True(code == ExitCodes.Usage, $"{args[0]}: exit {code}, {err}");
            Assert.Contains("damaged", err, StringComparison.Ordinal);
            Assert.Single(err.Trim().Split('\n'));
            Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "backup")));
        Assert.Empty(Directory.GetDirectories(_dir.FullName, "backup.partial-*"));
        var (cc, co, _) = await CliRunner.Run("index", "check", "--index", index);
        Assert.Equal(ExitCodes.Usage, cc);
        Assert.Contains("HỎNG", co, StringComparison.Ordinal);

        var repair = IndexMaintenance.Repair(index);
        Assert.Equal(["r1", "r2", "r3"], Ids(index));
        Assert.Single(repair.DroppedSegments);
        Assert.True(IndexMaintenance.Check(index).Clean);
        var (ic, _, ie) = await CliRunner.Run("ingest", "--manifest", TestPaths.Sample(Path.Combine("screen", "manifest.csv")), "--index", index, "--quiet");
        Assert.True(ic == 0, ie);
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], Ids(index));
    }
}
