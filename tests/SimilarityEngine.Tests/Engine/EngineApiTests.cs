using System.Diagnostics;
using System.Globalization;
using System.Text;
using SimilarityEngine.Cli;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Reports;
using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Matching;
using UglyToad.PdfPig.Writer;

namespace SimilarityEngine.Tests;

/// <summary>The Engine API and the CLI on it: parsing, ids that never collide, streaming extraction, time limits,
/// Vietnamese formatting, CSV, one matching loop for check and screen.</summary>
public sealed class EngineApiTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();
    private string Index => Path.Combine(_dir.FullName, "index");
    private static string Manifest => TestPaths.Sample(Path.Combine("screen", "manifest.csv"));

    public void Dispose() => _dir.Delete(true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public async Task Help_PerCommand_ListsThatCommandsOptions()
    {
        var (code, stdout, _) = await Run("check", "--help");
        Assert.Equal(0, code);
        Assert.Contains("check <file> [options]", stdout, StringComparison.Ordinal);
        Assert.Contains("--near-duplicate", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--manifest", stdout, StringComparison.Ordinal); // not an option of check
        var (rootCode, rootOut, _) = await Run("--help");
        Assert.Equal(0, rootCode);
        Assert.Contains("screen", rootOut, StringComparison.Ordinal);
        Assert.Contains("Exit codes", rootOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptionWithEqualsSign_Accepted()
    {
        var (ic, _, ie) = await Run("ingest", "--manifest=" + Manifest, "--index=" + Index, "--quiet");
        Assert.True(ic == 0, ie);
        var (code, stdout, err) = await Run("check", TestPaths.Sample("screen/r2-doc-lop2-ban-sao.docx"), "--index=" + Index, "--recycled=0.2", "--quiet");
        Assert.True(code == 0, err);
        Assert.Contains("r1", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--recycled", "0.9", "--near-duplicate", "0.1", "must not be above")]
    [InlineData("--recycled", "1.5", "--quiet", "", "between 0 and 1")]
    [InlineData("--timeout", "4294968", "--quiet", "", "between 1 and")]
    [InlineData("--max-file-mb", "99999999999999", "--quiet", "", "between 1 and")]
    public async Task BadOptionValues_RefusedWithExit2(string o1, string v1, string o2, string v2, string message)
    {
        string[] args = ["check", TestPaths.Sample("screen/r2-doc-lop2-ban-sao.docx"), "--index", Index, o1, v1, o2];
        var (code, _, err) = await Run(v2.Length > 0 ? [.. args, v2] : args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Index)); // nothing was done
    }

    [Fact]
    public async Task UnknownOption_RefusedForThatCommand()
    {
        var (code, _, err) = await Run("extract", TestPaths.Sample("vi-features.docx"), "--html", "x.html", "--year", "2024");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown option --html for 'simeng extract'", err, StringComparison.Ordinal);
        Assert.Contains("unknown option --year", err, StringComparison.Ordinal);
        var (c2, _, e2) = await Run("stats", "--bogus");
        Assert.Equal(ExitCodes.Usage, c2);
        Assert.Contains("--bogus", e2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingIndex_OneLineExit2()
    {
        var (code, _, err) = await Run("stats", "--index", Path.Combine(_dir.FullName, "nowhere"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no index at", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    private string CollidingFolder()
    {
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(Path.Combine(input, "TruongA"));
        Directory.CreateDirectory(Path.Combine(input, "TruongB"));
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(input, "TruongA", "SKKN.docx"));
        File.Copy(TestPaths.Sample("screen/r3-toan-lop5.docx"), Path.Combine(input, "TruongB", "SKKN.docx"));
        File.Copy(TestPaths.Sample("vi-features.docx"), Path.Combine(input, "empty.docx"));
        File.Copy(TestPaths.Sample("vi-features.pdf"), Path.Combine(input, "empty.pdf"));
        return input;
    }

    [Fact]
    public async Task Ingest_FolderWithCollidingNames_IngestsEveryFileWithDistinctIds()
    {
        string input = CollidingFolder();
        var (code, _, err) = await Run("ingest", input, "--index", Index, "--quiet");
        Assert.True(code == 0, err);
        Assert.Contains("thêm 4,", err, StringComparison.Ordinal);
        Assert.Contains("'empty.pdf'", err, StringComparison.Ordinal); // the warning names the id given
        using var reader = ReportIndexReader.Open(Index);
        Assert.Equal(["TruongA/SKKN", "TruongB/SKKN", "empty.docx", "empty.pdf"], reader.All().Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Extract_OutMirrorsTheInputTree_AndSkipsUpToDateFiles()
    {
        string input = CollidingFolder();
        string output = Path.Combine(_dir.FullName, "out");
        var (code, _, err) = await Run("extract", input, "--out", output, "--quiet");
        Assert.True(code == 0, err);
        foreach (var name in new[] { "TruongA/SKKN.txt", "TruongB/SKKN.txt", "empty.docx.txt", "empty.pdf.txt" })
        {
            Assert.True(File.Exists(Path.Combine(output, name)), name);
        }
        Assert.Contains("Trần Thị Mai", File.ReadAllText(Path.Combine(output, "TruongA", "SKKN.txt")), StringComparison.Ordinal);
        var (c2, _, e2) = await Run("extract", input, "--out", output, "--quiet");
        Assert.True(c2 == 0, e2);
        Assert.Contains("đã ghi 0/4 tệp", e2, StringComparison.Ordinal);
        Assert.Contains("4 tệp không đổi", e2, StringComparison.Ordinal);
        var (c3, _, e3) = await Run("extract", input, "--out", output, "--force", "--quiet");
        Assert.True(c3 == 0, e3);
        Assert.Contains("đã ghi 4/4 tệp", e3, StringComparison.Ordinal);
    }

    /// <summary>A PDF of many dense pages: reading it takes seconds, and the reader checks the time limit between pages.</summary>
    private string SlowPdf(string folder)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        // dense pages, up to the page limit: reading it all takes 15 s or more, far over the test's limit of 3 s
        for (int p = 0; p < 1000; p++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            for (int line = 0; line < 130; line++)
            {
                page.AddText(string.Create(CultureInfo.InvariantCulture, $"Page {p} line {line}: the quick brown fox jumps over the lazy dog again and again"), 5,
                    new UglyToad.PdfPig.Core.PdfPoint(10, 830 - line * 6.3), font);
            }
        }
        string path = Path.Combine(folder, "slow.pdf");
        File.WriteAllBytes(path, builder.Build());
        return path;
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Timeout_FileOverTheLimit_IsAFailureRow_OthersExtractedAndIngested()
    {
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(input);
        SlowPdf(input);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(input, "r1.docx"));
        File.Copy(TestPaths.Sample("screen/r3-toan-lop5.docx"), Path.Combine(input, "r3.docx"));

        string output = Path.Combine(_dir.FullName, "out");
        var (ec, _, ee) = await Run("extract", input, "--out", output, "--timeout", "3", "--quiet");
        Assert.Equal(ExitCodes.SomeFilesFailed, ec);
        Assert.Contains("slow.pdf", ee, StringComparison.Ordinal);
        Assert.True(ee.Contains("longer than the limit of 3 s", StringComparison.Ordinal), ee);
        Assert.True(File.Exists(Path.Combine(output, "r1.txt")));
        Assert.True(File.Exists(Path.Combine(output, "r3.txt")));
        Assert.False(File.Exists(Path.Combine(output, "slow.txt")));

        var (ic, _, ie) = await Run("ingest", input, "--index", Index, "--timeout", "3", "--quiet");
        Assert.Equal(ExitCodes.SomeFilesFailed, ic);
        Assert.Contains("thêm 2,", ie, StringComparison.Ordinal);
        var errors = Csv.Read(File.ReadAllText(Path.Combine(Index, IngestService.ErrorsFile))).Rows;
        Assert.Single(errors);
        Assert.EndsWith("slow.pdf", errors[0][0], StringComparison.Ordinal);
        Assert.Contains("--timeout", errors[0][1], StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Extract_KilledMidRun_KeepsEveryFinishedFile_AndARerunCompletes()
    {
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(input);
        const int files = 400;
        for (int i = 0; i < files; i++)
        {
            File.Copy(TestPaths.Sample("vi-features.docx"), Path.Combine(input, string.Create(CultureInfo.InvariantCulture, $"r{i:000}.docx")));
        }
        string expected = new Ingest.DocumentReader().Read(TestPaths.Sample("vi-features.docx")).Text + "\n";
        string output = Path.Combine(_dir.FullName, "out");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "simeng.dll"), "extract", input, "--out", output, "--quiet" })
        {
            psi.ArgumentList.Add(a);
        }
        using (var p = Process.Start(psi)!)
        {
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            var sw = Stopwatch.StartNew();
            while (!p.HasExited && sw.Elapsed < TimeSpan.FromMinutes(2) &&
                   (!Directory.Exists(output) || Directory.GetFiles(output, "*.txt").Length < 5))
            {
                Thread.Sleep(10);
            }
            Assert.False(p.HasExited, "the run finished before it could be killed");
            p.Kill();
            p.WaitForExit();
        }
        var written = Directory.GetFiles(output, "*.txt");
        Assert.InRange(written.Length, 5, files - 1);
        foreach (var f in written)
        {
            Assert.Equal(expected, File.ReadAllText(f)); // every file there is whole: written to a temporary name, then moved
        }
        var (code, _, err) = await Run("extract", input, "--out", output, "--quiet");
        Assert.True(code == 0, err);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"đã ghi {files - written.Length}/{files} tệp"), err, StringComparison.Ordinal);
        Assert.Equal(files, Directory.GetFiles(output, "*.txt").Length);
    }

    [Fact]
    public async Task CheckAndScreen_ShareOneMatchingLoop_SameContainment()
    {
        string pairs = Path.Combine(_dir.FullName, "pairs.csv");
        var (code, _, err) = await Run("screen", "--manifest", Manifest, "--index", Index, "--out", pairs, "--quiet");
        Assert.True(code == 0, err);
        var engine = new SimEngine();
        foreach (var row in Csv.Read(File.ReadAllText(pairs)).Rows)
        {
            var manifest = Engine.Manifest.Read(Manifest);
            var sub = manifest.Single(m => m.Id == row[0]);
            var check = engine.Check(new CheckRequest(Index, sub.File));
            var source = check.Sources.Single(s => s.Source.Id == row[1]);
            Assert.Equal(row[3], source.Score.Containment.ToString("0.0000", CultureInfo.InvariantCulture));
            Assert.Equal(row[2], VerdictOptions.Name(source.Verdict));
        }
    }

    // issue 23 item 3: a report submitted 2024-03-21 was listed as the source of a submission declared 2023-05-04
    [Fact]
    public void Check_DeclaredDateOrYear_LaterReportsAreNeverItsSources_BadValuesRefusedInVietnamese()
    {
        var (reports, _) = InputPlanner.ForIngest([], Manifest);
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(Index, reports));
        // r1 (2023-03-10) changed a little so that it is not the archived file itself; r2 (2024-03-15) is r1's copy
        string sub = Path.Combine(_dir.FullName, "bai-moi.txt");
        File.WriteAllText(sub, engine.Check(new CheckRequest(Index, reports.Single(r => r.Id == "r1").File)).Submission.Text + "\nMột dòng thêm vào cuối.");
        IEnumerable<string> SourcesWith(params (string K, string V)[] meta) =>
            engine.Check(new CheckRequest(Index, sub) { Metadata = meta.ToDictionary(m => m.K, m => m.V) }).Sources.Select(s => s.Source.Id)
                .Where(id => id is "r1" or "r2").Order(StringComparer.Ordinal); // the two that hold its text

        Assert.Equal(["r1", "r2"], SourcesWith());
        Assert.Empty(SourcesWith(("submitted", "2023-01-05")));                 // before both
        Assert.Equal(["r1"], SourcesWith(("submitted", "01/01/2024")));         // after r1, before r2 (dd/MM/yyyy)
        Assert.Equal(["r1", "r2"], SourcesWith(("submitted", "2024-03-15")));   // the same day as r2: either may be first
        Assert.Equal(["r1"], SourcesWith(("year", "2023")));                    // same year as r1, before r2's
        Assert.Equal("Năm 'abc' không hợp lệ: hãy ghi năm bốn chữ số, từ 1990 đến 2100 (ví dụ 2024).",
            Assert.Throws<ArgumentException>(() => SourcesWith(("year", "abc")).ToList()).Message);
        Assert.StartsWith("Ngày nộp '31/02/2024' không hợp lệ",
            Assert.Throws<ArgumentException>(() => SourcesWith(("submitted", "31/02/2024")).ToList()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FileAlreadyArchived_KeepsWhatTheReviewerTyped_AndSaysItIsArchived()
    {
        var (reports, _) = InputPlanner.ForIngest([], Manifest);
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(Index, reports));
        string r1 = reports.Single(r => r.Id == "r1").File;

        var check = engine.Check(new CheckRequest(Index, r1) { Metadata = new Dictionary<string, string> { ["author"] = "Người gõ tay", ["school"] = " " } });

        Assert.True(check.InIndex);
        Assert.Equal("Người gõ tay", check.Submission.Meta("author"));
        Assert.Equal("Trường Tiểu học Hoa Sen", check.Submission.Meta("school")); // a blank field keeps the archived value
        Assert.Equal("2023-03-10", check.Submission.Submitted);                    // the archive's date places it in time
        Assert.Contains("Tệp này đã có trong kho lưu trữ với mã r1 (nộp ngày 10/03/2023): chỉ so với các báo cáo nộp trước nó.",
            TextReport.Check(check), StringComparison.Ordinal);
        Assert.Contains("Tệp này đã có trong kho lưu trữ với mã r1 (nộp ngày 10/03/2023)", HtmlReport.Check(check), StringComparison.Ordinal);
        Assert.DoesNotContain(check.Sources, s => s.Source.Id == "r2"); // r2 (2024) copied r1: it is not r1's source
    }

    [Fact]
    public void TextFingerprinter_IsTheProductionPath_SameFingerprintsAsMatchDocument()
    {
        var fp = new TextFingerprinter();
        foreach (var f in Directory.EnumerateFiles(TestPaths.Samples, "*.docx", SearchOption.AllDirectories))
        {
            string text = new Ingest.DocumentReader().Read(f).Text;
            string[] masked = ["Trần Thị Mai", "Trường Tiểu học Hoa Sen"];
            var expected = MatchDocument.Prepare(text, null, masked).Fingerprints.Select(x => x.Hash).ToArray();
            Assert.Equal(expected, fp.Fingerprint(text, masked).ToArray().Select(x => x.Hash).ToArray());
        }
    }

    [Theory]
    [InlineData(3498, "3.498")]
    [InlineData(1234567, "1.234.567")]
    [InlineData(12, "12")]
    public void ViFormat_Number_GroupsThousandsWithADot(long n, string expected) => Assert.Equal(expected, ViFormat.Number(n));

    [Fact]
    public void ViFormat_PercentAndDate_AsVietnameseWriteThem()
    {
        Assert.Equal("82,6\u00A0%", ViFormat.Percent(0.826));
        Assert.Equal("05/09/2024", ViFormat.Date("2024-09-05"));
        Assert.Equal("0,75", ViFormat.Fraction(0.75));
    }

    [Fact]
    public async Task TextReport_IsInVietnameseNumberFormat()
    {
        await Run("ingest", "--manifest", Manifest, "--index", Index, "--quiet");
        var (code, stdout, err) = await Run("check", TestPaths.Sample("screen/r2-doc-lop2-ban-sao.docx"), "--index", Index, "--quiet");
        Assert.True(code == 0, err);
        Assert.Contains("100,0\u00A0%", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("100.0", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_FormulaCellsNeutralised_QuotesAndVietnameseRoundTrip()
    {
        string[][] rows =
        [
            ["=1+2", "+cmd", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)"],
            ["\tx", "a,b", "dòng \"một\"\ndòng hai", "Trường Tiểu học Hoa Sen"],
        ];
        string csv = Csv.Write(["a", "b", "c", "d"], rows);
        Assert.DoesNotContain("\r", csv, StringComparison.Ordinal);
        var (header, back) = Csv.Read(csv);
        Assert.Equal(["a", "b", "c", "d"], header);
        Assert.Equal(["'=1+2", "'+cmd", "'-2+3+cmd|' /C calc'!A0", "'@SUM(A1)"], back[0]);
        Assert.Equal(["'\tx", "a,b", "dòng \"một\"\ndòng hai", "Trường Tiểu học Hoa Sen"], back[1]);
    }

    [Fact]
    public void Manifest_NfcAndNfdSpellingsOfOneId_AreOneId()
    {
        string folder = Path.Combine(_dir.FullName, "m");
        Directory.CreateDirectory(folder);
        File.Copy(TestPaths.Sample("vi-features.docx"), Path.Combine(folder, "a.docx"));
        string m = Path.Combine(folder, "m.csv");
        File.WriteAllText(m, "id,file\n" + "Trường".Normalize(NormalizationForm.FormD) + ",a.docx\nTrường,a.docx\n", new UTF8Encoding(false));
        var ex = Assert.Throws<ManifestException>(() => Engine.Manifest.Read(m));
        Assert.Contains("appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonContracts_CarryTheSchemaVersion()
    {
        var doc = new Ingest.DocumentReader().Read(TestPaths.Sample("vi-features.docx"));
        string json = JsonContracts.Serialize(ExtractReport.From(doc));
        Assert.StartsWith("{\n  \"schema\": 1,", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Trường", json, StringComparison.Ordinal); // Vietnamese written as is, not \u escapes
    }

    [Fact]
    public async Task Completion_SuggestDirectiveAndScript()
    {
        var (code, stdout, err) = await Run("[suggest:16]", "simeng check --n");
        Assert.True(code == 0, err);
        Assert.Contains("--near-duplicate", stdout, StringComparison.Ordinal);
        var (c2, script, _) = await Run("completion", "bash");
        Assert.Equal(0, c2);
        Assert.Contains("complete -o default -F _simeng_complete simeng", script, StringComparison.Ordinal);
    }
}
