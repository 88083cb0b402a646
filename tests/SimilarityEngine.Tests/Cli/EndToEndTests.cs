using System.Text.Json;
using SimilarityEngine.Cli;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Reports;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Tests;

/// <summary>The sample screening set: r2 copies r1 (names, class, numbers changed, measures reordered), r4 is r3 retyped in
/// TCVN3, r3 shares only the template with r1, r5 shares only the template and quotation with everything.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();
    private string Index => Path.Combine(_dir.FullName, "index");
    private static string Manifest => TestPaths.Sample(Path.Combine("screen", "manifest.csv"));

    public void Dispose() => _dir.Delete(true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public async Task Screen_SampleSet_FlagsExactlyTheKnownCopies()
    {
        string pairs = Path.Combine(_dir.FullName, "pairs.csv");
        string json = Path.Combine(_dir.FullName, "screen.json");
        var (code, _, err) = await Run("screen", "--manifest", Manifest, "--index", Index, "--out", pairs, "--json", json, "--quiet");
        Assert.True(code == 0, err);
        var (header, rows) = Csv.Read(File.ReadAllText(pairs));
        Assert.Equal("submission_id,source_id,verdict,containment,containment_source,resemblance,matched_syllables,passages,top_section,source_collection,shared_pictures,"
            + "compared_without_marks,submission_evasion,source_evasion", string.Join(',', header));
        var flagged = rows.Select(r => (r[0], r[1])).Order().ToList();
        var expected = Csv.Read(File.ReadAllText(TestPaths.Sample(Path.Combine("screen", "expected-pairs.csv"))))
            .Rows.Select(r => (r[0], r[1])).Order().ToList();
        Assert.Equal(expected, flagged);
        var r2 = rows.Single(r => r[0] == "r2");
        Assert.True(double.Parse(r2[3], System.Globalization.CultureInfo.InvariantCulture) > 0.8, $"r2 containment {r2[3]}");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(2, doc.RootElement.GetProperty("clusters").GetArrayLength());
        Assert.Equal("r1", doc.RootElement.GetProperty("clusters")[0][0].GetString()); // oldest first
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("engine").GetProperty("options_hash").GetString()));
    }

    [Fact]
    public async Task Ingest_Twice_StoresOnceAndIsIdempotent()
    {
        var (c1, _, e1) = await Run("ingest", "--manifest", Manifest, "--index", Index, "--quiet");
        Assert.True(c1 == 0, e1);
        Assert.Contains("thêm 5,", e1, StringComparison.Ordinal);
        var (c2, _, e2) = await Run("ingest", "--manifest", Manifest, "--index", Index, "--quiet");
        Assert.True(c2 == 0, e2);
        Assert.Contains("thêm 0, đã có 5", e2, StringComparison.Ordinal);
        using var reader = ReportIndexReader.Open(Index);
        Assert.Equal(5, reader.Count);
        Assert.Equal(5, reader.All().Select(r => r.Id).Distinct().Count());
        Assert.True(ReportIndexReader.CheckIndex(Index));
        var r4 = reader.Find("r4")!;
        Assert.Contains("TCVN3", string.Join(' ', r4.Warnings), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2025, r4.Year);
        Assert.Equal("Đỗ Thị Hằng", r4.Meta("author"));
    }

    [Fact]
    public async Task Check_Copy_FindsSourceWithPassagesAndWritesEscapedHtml()
    {
        await Run("ingest", "--manifest", Manifest, "--index", Index, "--quiet");
        string html = Path.Combine(_dir.FullName, "r2.html");
        string json = Path.Combine(_dir.FullName, "r2.json");
        var (code, stdout, err) = await Run("check", TestPaths.Sample(Path.Combine("screen", "r2-doc-lop2-ban-sao.docx")), "--index", Index,
            "--html", html, "--json", json);
        Assert.True(code == 0, err);
        Assert.Contains("r1", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var sources = doc.RootElement.GetProperty("sources");
        Assert.Equal("r1", sources[0].GetProperty("source").GetProperty("id").GetString());
        Assert.NotEqual("minor", sources[0].GetProperty("verdict").GetString());
        Assert.True(doc.RootElement.GetProperty("similarity_index").GetDouble() >= sources[0].GetProperty("containment").GetDouble(),
            "the similarity index (union of all sources) is never below one source's containment");
        var passages = sources[0].GetProperty("passages");
        Assert.True(passages.GetArrayLength() >= 2, "reordered measures give several passages");
        // offsets on both sides point at the passage text
        using var index = ReportIndexReader.Open(Index);
        var r1 = index.Find("r1")!;
        var r2 = index.Find("r2")!;
        foreach (var p in passages.EnumerateArray())
        {
            var src = p.GetProperty("source");
            var sub = p.GetProperty("submission");
            Assert.Equal(src.GetProperty("text").GetString(), r1.Text[src.GetProperty("start").GetInt32()..src.GetProperty("end").GetInt32()]);
            Assert.Equal(sub.GetProperty("text").GetString(), r2.Text[sub.GetProperty("start").GetInt32()..sub.GetProperty("end").GetInt32()]);
            Assert.False(string.IsNullOrEmpty(sub.GetProperty("section").GetString()));
        }
        string page = File.ReadAllText(html);
        Assert.Contains("<html lang=\"vi\">", page, StringComparison.Ordinal);
        Assert.Contains("<mark", page, StringComparison.Ordinal);
        Assert.Contains("Biện pháp", page, StringComparison.Ordinal);
        Assert.True(doc.RootElement.GetProperty("engine").GetProperty("index_commit").GetString()!.Length > 0);
    }

    [Fact]
    public void HtmlReport_DocumentText_IsEscaped()
    {
        const string hostile = "Biện pháp <script>alert('x')</script> & \"trích\" <img src=x onerror=alert(1)> xây dựng góc đọc thân thiện trong lớp học cho các em học sinh lớp hai cùng đọc sách mỗi ngày.";
        var report = new StoredReport("evil", 0, "h", hostile + "\n" + hostile, [], "evil.docx", null, 2024,
            new Dictionary<string, string> { ["title"] = "<b>tiêu đề</b>" }, 1, ["<i>cảnh báo</i>"]);
        var doc = new BoilerplateFilter().Apply(MatchDocument.Prepare(report.Text), _ => false);
        var score = new PairMatcher().Match(doc, doc);
        var pair = new PairResult(report, report with { Id = "src<1>" }, score, Verdict.NearDuplicate, doc, doc);
        var result = new CheckResult(new EngineStamp("SimilarityEngine", "0", "o", "1", 1, "now"), report, doc, false, 1, [pair]);
        string html = HtmlReport.Check(result);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>tiêu", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>cảnh", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("src&lt;1&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_Folder_WritesFilesAndListsFailures()
    {
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(input);
        File.Copy(TestPaths.Sample("vi-features.docx"), Path.Combine(input, "good.docx"));
        File.WriteAllBytes(Path.Combine(input, "bad.pdf"), [1, 2, 3]);
        string output = Path.Combine(_dir.FullName, "out");
        var (code, _, err) = await Run("extract", input, "--out", output, "--json", "--quiet");
        Assert.Equal(1, code);
        Assert.Contains("FAILED", err, StringComparison.Ordinal);
        Assert.Contains("bad.pdf", err, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "good.txt")));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "good.json")));
        Assert.Contains(doc.RootElement.GetProperty("blocks").EnumerateArray(), b => b.GetProperty("kind").GetString() == "footnote");
        Assert.True(doc.RootElement.GetProperty("quality").GetDouble() > 0.9);
    }

    [Fact]
    public async Task Ingest_BadFileInBatch_OthersIngestedAndErrorsListed()
    {
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(input);
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(input, "r1.docx"));
        File.WriteAllBytes(Path.Combine(input, "broken.docx"), [0x50, 0x4B, 3, 4, 9, 9]);
        var (code, _, err) = await Run("ingest", input, "--index", Index, "--quiet");
        Assert.Equal(1, code);
        Assert.Contains("thêm 1,", err, StringComparison.Ordinal);
        string errors = File.ReadAllText(Path.Combine(Index, IngestService.ErrorsFile));
        Assert.StartsWith("file,reason\n", errors, StringComparison.Ordinal);
        Assert.Contains("broken.docx", errors, StringComparison.Ordinal);
        using var reader = ReportIndexReader.Open(Index);
        var r1 = reader.Find("r1")!;
        Assert.Equal("Trần Thị Mai", r1.Meta("author")); // from the cover page, no manifest
        Assert.Equal(2023, r1.Year);
    }

    [Fact]
    public async Task SecondWriter_GetsClearInUseMessage()
    {
        await Run("ingest", "--manifest", Manifest, "--index", Index, "--quiet");
        using var writer = ReportIndexWriter.Open(Index);
        var (code, _, err) = await Run("ingest", "--manifest", Manifest, "--index", Index, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("in use", err, StringComparison.Ordinal);
        // readers still work on the last commit while the writer holds the lock
        var (sc, sout, serr) = await Run("stats", "--index", Index);
        Assert.True(sc == 0, serr);
        Assert.Contains("báo cáo       5", sout, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_PathOutsideItsFolder_Refused()
    {
        string m = Path.Combine(_dir.FullName, "m.csv");
        File.WriteAllText(m, "id,file\nx,../../etc/passwd\n");
        var ex = Assert.Throws<ManifestException>(() => Engine.Manifest.Read(m));
        Assert.Contains("outside", ex.Message, StringComparison.Ordinal);
    }
}
