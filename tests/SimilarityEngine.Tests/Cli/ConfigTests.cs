namespace SimilarityEngine.Tests;

/// <summary>Settings in order: a JSON file (--config, SIMENG_CONFIG, /etc/simeng/simeng.json), then SIMENG__ environment
/// variables, then the command line; <c>simeng config show</c> prints what is in effect, secrets masked.</summary>
public sealed class ConfigTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static string ScreenManifest => TestPaths.Sample(Path.Combine("screen", "manifest.csv"));

    private string Write(string name, string json)
    {
        string path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private async Task<string> SampleIndex()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var (code, _, err) = await CliRunner.Run("ingest", "--manifest", ScreenManifest, "--index", index, "--quiet");
        Assert.True(code == 0, err);
        return index;
    }

    private static string[] Flagged(string pairs) =>
        File.ReadAllLines(pairs).Skip(1).Select(l => string.Join(',', l.Split(',').Take(2))).Order().ToArray();

    [Fact]
    public async Task File_SetsTheOptions_CommandLineWins()
    {
        string index = await SampleIndex();
        string config = Write("simeng.json", $$"""
            {
              // a comment, as administrators write them
              "index": {{Json(index)}},
              "screen": { "recycled": 0.15 }
            }
            """);
        string pairs = Path.Combine(_dir.FullName, "pairs.csv");
        var (code, _, err) = await CliRunner.Run("screen", "--config", config, "--out", pairs, "--quiet");
        Assert.True(code == 0, err);
        Assert.Equal(["r2,r1", "r4,r3"], Flagged(pairs));

        // the command line wins over the file: an index folder without an index is refused, naming that folder
        string other = Path.Combine(_dir.FullName, "no-index-here");
        var (code2, _, err2) = await CliRunner.Run("screen", "--config", config, "--index", other, "--out", pairs, "--quiet");
        Assert.Equal(2, code2);
        Assert.Contains(other, err2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_ValuesValidatedAsIfTyped_UnknownKeysWarned_BadJsonNamed()
    {
        string index = await SampleIndex();
        string bad = Write("bad-value.json", $$"""{ "index": {{Json(index)}}, "recycled": 2 }""");
        var (code, _, err) = await CliRunner.Run("screen", "--config", bad, "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("--recycled", err, StringComparison.Ordinal);

        string typo = Write("typo.json", $$"""{ "index": {{Json(index)}}, "indx": "x" }""");
        var (code2, _, err2) = await CliRunner.Run("screen", "--config", typo, "--out", Path.Combine(_dir.FullName, "p.csv"), "--quiet");
        Assert.Equal(0, code2);
        Assert.Contains("khóa 'indx'", err2, StringComparison.Ordinal);

        string broken = Write("broken.json", "{ \"index\": ");
        var (code3, _, err3) = await CliRunner.Run("screen", "--config", broken);
        Assert.Equal(2, code3);
        Assert.Contains("broken.json không đọc được", Assert.Single(err3.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        var (code4, _, err4) = await CliRunner.Run("screen", "--config", Path.Combine(_dir.FullName, "missing.json"));
        Assert.Equal(2, code4);
        Assert.Contains("không có tệp cấu hình", err4, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_BeatsTheFile_ConfigShowSaysWhere_SecretsMasked()
    {
        string index = await SampleIndex();
        string config = Write("simeng.json", """
            {
              "index": "/nonexistent/index",
              "serve": { "urls": "http://127.0.0.1:5099", "workers": 3 },
              "broker": "amqp://simeng:hunter2@mq.example:5672/",
              "shared-root": ["/srv/a", "/srv/b"]
            }
            """);
        var env = new Dictionary<string, string> { ["SIMENG_CONFIG"] = config, ["SIMENG__INDEX"] = index, ["SIMENG__SERVE__WORKERS"] = "4" };
        string pairs = Path.Combine(_dir.FullName, "pairs.csv");
        using (var p = CliRunner.StartWith(env, "screen", "--out", pairs, "--quiet"))
        {
            string err = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, err);
        }
        Assert.Equal(["r2,r1", "r4,r3"], Flagged(pairs));

        using var show = CliRunner.StartWith(env, "config", "show");
        string output = await show.StandardOutput.ReadToEndAsync();
        await show.WaitForExitAsync();
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("tệp " + config, output, StringComparison.Ordinal);
        var serve = output[output.IndexOf("\nserve\n", StringComparison.Ordinal)..];
        Assert.Matches(@"--workers +4 +\(biến môi trường SIMENG__SERVE__WORKERS\)", serve);
        Assert.Matches(@"--urls +http://127\.0\.0\.1:5099 +\(tệp ", serve);
        Assert.Matches(@"--index +" + System.Text.RegularExpressions.Regex.Escape(index) + @" +\(biến môi trường SIMENG__INDEX\)", serve);
        Assert.Matches(@"--max-upload-mb +50 +\(mặc định", serve);
        Assert.Contains("amqp://simeng:***@mq.example:5672/", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.Matches(@"--shared-root +/srv/a, /srv/b", output);
    }

    [Fact]
    public async Task ThePackagedFile_ParsesWithoutUnknownKeys_AndNestedCommandsReadIt()
    {
        string packaged = Path.Combine(TestPaths.Root, "packaging", "simeng.json");
        var (code, output, err) = await CliRunner.Run("config", "show", "--config", packaged);
        Assert.True(code == 0, err);
        Assert.DoesNotContain("cảnh báo", output, StringComparison.Ordinal);
        Assert.Matches(@"--index +/var/lib/simeng/index +\(tệp ", output);
        Assert.Matches(@"--workers +2 +\(tệp ", output);

        // 'simeng users token' (a subcommand) takes its data folder from the file's top level
        string data = Path.Combine(_dir.FullName, "data");
        string config = Write("users.json", $$"""{ "data": {{Json(data)}} }""");
        var (list, listOut, listErr) = await CliRunner.Run("users", "list", "--config", config);
        Assert.True(list == 0, listErr);
        Assert.True(Directory.Exists(data), listOut);
    }

    [Fact]
    public async Task Serve_TakesItsMatchingOptionsFromTheFile_OfficialTextsCountAsQuotation()
    {
        using var host = new WebTestHost();
        // r1's whole text declared an official text: r2, its copy, then quotes it rather than copies it
        string official = Directory.CreateDirectory(Path.Combine(_dir.FullName, "van-ban")).FullName;
        File.WriteAllText(Path.Combine(official, "r1.txt"),
            new Ingest.DocumentReader().Read(TestPaths.Sample(Path.Combine("screen", "r1-doc-lop2.docx"))).Text);
        string url = $"http://127.0.0.1:{ServeStopTests.FreePort()}";
        string config = Write("serve.json", $$"""
            { "index": {{Json(host.Index)}}, "data": {{Json(host.Data)}}, "serve": { "urls": {{Json(url)}}, "official": {{Json(official)}} } }
            """);
        using var api = new HttpClient { BaseAddress = new Uri(url) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.ReviewerToken);
        var serve = await ServeStopTests.StartServe(CliRunner.StartWith(new Dictionary<string, string> { ["SIMENG_CONFIG"] = config }, "serve"), api);
        try
        {
            var pair = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/pairs?a=r2&b=r1")).RootElement;
            Assert.True(pair.GetProperty("containment").GetDouble() < 0.2, pair.GetProperty("containment").ToString());
            Assert.NotEqual("near-duplicate", pair.GetProperty("verdict").GetString());
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    // the official texts are tokenised once per options object (a server's engine keeps one), not at every check
    [Fact]
    public void MatchingFilter_BuiltOncePerOptions_AChangedCopyBuildsItsOwn()
    {
        var official = Engine.EngineOptions.Default with { OfficialTexts = ["Điều 1. Thông tư này quy định chương trình giáo dục phổ thông, gồm chương trình tổng thể và các chương trình môn học."] };
        Assert.Same(official.Filter, official.Filter);
        Assert.True(official.Filter.TemplateShingles > Engine.EngineOptions.Default.Filter.TemplateShingles);
        var changed = official with { MaxCandidates = 10 };
        Assert.NotSame(official.Filter, changed.Filter);
        Assert.Equal(official.Filter.Key, changed.Filter.Key);
    }
}
