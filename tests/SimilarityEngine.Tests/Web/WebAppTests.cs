using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SimilarityEngine.Engine;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Tests;

/// <summary>The web application's HTTP surface through WebApplicationFactory: sign-in, roles, antiforgery, limits, the
/// durable queue, the API and its tokens, decisions and the audit log, the screen dashboard's .xlsx.</summary>
[Trait("Category", "Web")]
public sealed class WebAppTests
{
    private static string R2 => Path.Combine(TestPaths.Samples, "screen", "r2-doc-lop2-ban-sao.docx");

    [Fact]
    public async Task Anonymous_EveryPage_RedirectsToSignInAndApiSays401()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var c = WebTestHost.Client(f);
        foreach (var url in new[] { "/", "/archive", "/screens", "/admin/users", "/checks/abc" })
        {
            var r = await c.GetAsync(url);
            Assert.True(WebTestHost.IsRedirectToLogin(r), $"{url}: {(int)r.StatusCode} {r.Headers.Location}");
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/reports?q=truong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/openapi.json")).StatusCode);
        // the API's errors carry the documented {"error": …}, in Vietnamese, never an empty body
        var anonymous = await c.GetAsync("/api/reports?q=truong");
        Assert.Equal("application/json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("chưa đăng nhập", System.Text.Json.JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(),
            StringComparison.Ordinal);
        var viewerApi = WebTestHost.Api(f, host.ViewerToken);
        var forbidden = await viewerApi.PostAsync("/api/screens", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("tài khoản này không có quyền làm việc này",
            System.Text.Json.JsonDocument.Parse(await forbidden.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        var login = await c.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Đăng nhập", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // security headers on every answer, a CSP without inline script
        Assert.Contains("script-src 'self'", login.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", login.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", login.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Healthz_Anonymous_CountsReportsAndJobs_503WhenTheIndexIsUnreadable()
    {
        using var host = new WebTestHost();
        await using (var f = host.Factory())
        {
            var c = WebTestHost.Client(f);
            var ok = await c.GetAsync("/healthz");
            string body = await ok.Content.ReadAsStringAsync();
            Assert.True(ok.StatusCode == HttpStatusCode.OK, body);
            using var json = System.Text.Json.JsonDocument.Parse(body);
            Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(5, json.RootElement.GetProperty("index_reports").GetInt32());
            Assert.Equal(0, json.RootElement.GetProperty("jobs_queued").GetInt32());
        }
        // the index's commit point damaged under the running service: the health check says so
        await using (var f = host.Factory())
        {
            var c = WebTestHost.Client(f);
            Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/healthz")).StatusCode);
            foreach (var seg in Directory.GetFiles(host.Index, "segments_*"))
            {
                File.WriteAllBytes(seg, new byte[40]);
            }
            var bad = await c.GetAsync("/healthz");
            string body = await bad.Content.ReadAsStringAsync();
            Assert.True(bad.StatusCode == HttpStatusCode.ServiceUnavailable, body);
            Assert.Contains("index unreadable", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_Anonymous_PrometheusText_CountsACheckAndItsDuration_NoNames()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var c = WebTestHost.Client(f);
        string before = await c.GetStringAsync("/metrics");
        Assert.Contains("simeng_index_reports 5\n", before, StringComparison.Ordinal);
        Assert.Contains("simeng_check_duration_seconds_count 0\n", before, StringComparison.Ordinal);

        var api = WebTestHost.Api(f, host.ReviewerToken);
        var r = await api.PostAsync("/api/checks", WebTestHost.Upload(R2, "bài nộp.docx"));
        await WebTestHost.WaitForJob(api, r.Headers.Location!.ToString());

        var response = await c.GetAsync("/metrics");
        string after = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("simeng_check_duration_seconds_count 1\n", after, StringComparison.Ordinal);
        Assert.Contains("simeng_check_duration_seconds_bucket{le=\"+Inf\"} 1\n", after, StringComparison.Ordinal);
        Assert.Contains("simeng_jobs_finished_total{kind=\"check\",outcome=\"done\"} 1\n", after, StringComparison.Ordinal);
        Assert.Contains("simeng_jobs{status=\"done\"} 1\n", after, StringComparison.Ordinal);
        Assert.DoesNotContain("bài nộp", after, StringComparison.Ordinal);
        Assert.Contains("simeng_ocr_pages_total 0\n", after, StringComparison.Ordinal);
        var age = System.Text.RegularExpressions.Regex.Match(after, @"simeng_job_runner_heartbeat_age_seconds ([0-9.]+)\n");
        Assert.True(age.Success && double.Parse(age.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 30, after);

        // a truncated .docx: the check fails and the failure is counted by its reason
        var bytes = await File.ReadAllBytesAsync(R2);
        string cut = Path.Combine(host.Root, "cut.docx");
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length / 2)]);
        var bad = await api.PostAsync("/api/checks", WebTestHost.Upload(cut, "hỏng.docx"));
        Assert.Equal(HttpStatusCode.Accepted, bad.StatusCode);
        var failed = await WebTestHost.WaitForJob(api, bad.Headers.Location!.ToString());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("tệp .docx bị hỏng hoặc không trọn vẹn", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        after = await c.GetStringAsync("/metrics");
        Assert.Contains("simeng_extraction_failures_total{reason=\"corrupt\"} 1\n", after, StringComparison.Ordinal);
        Assert.Equal("tool-missing", Engine.SimEngine.ReasonKind(new Ingest.DocumentFormatException("a.doc", Ingest.Extractors.DocExtractor.InstallHint)));
        Assert.Equal("encrypted", Engine.SimEngine.ReasonKind(new Ingest.DocumentFormatException("a.pdf", "the PDF is encrypted with a password")));
        Assert.Equal("crashed", Engine.SimEngine.ReasonKind(new Ingest.DocumentFormatException("a.pdf", "x") { Crashed = true }));
        // every sample line is NAME{labels} VALUE with a number
        foreach (var line in after.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            Assert.Matches(@"^[a-z_]+(\{[^}]*\})? -?[0-9.e+E-]+$", line);
        }
    }

    [Fact]
    public async Task Upload_InvalidYearOrDate_400InVietnamese_NoJob()
    {
        using var host = new WebTestHost(ingestSamples: false);
        await using var f = host.Factory();
        var api = WebTestHost.Api(f, host.ReviewerToken);
        var bad = await api.PostAsync("/api/checks", WebTestHost.Upload(R2, null, ("year", "abc")));
        string body = await bad.Content.ReadAsStringAsync();
        Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("Năm 'abc' không hợp lệ", body, StringComparison.Ordinal);
        var date = await api.PostAsync("/api/checks", WebTestHost.Upload(R2, null, ("submitted", "2024-13-01")));
        Assert.Equal(HttpStatusCode.BadRequest, date.StatusCode);
        Assert.Contains("Ngày nộp", await date.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(new SimilarityEngine.Web.Data.WebStore(host.Data).Jobs(SimilarityEngine.Web.Data.WebStore.Check));
    }

    [Fact]
    public async Task SignIn_WrongPasswordFiveTimes_LocksTheAccountEvenForTheRightOne()
    {
        using var host = new WebTestHost(ingestSamples: false);
        await using var f = host.Factory();
        var c = WebTestHost.Client(f);
        for (int i = 0; i < 5; i++)
        {
            var r = await WebTestHost.SignIn(c, "giamkhao", "sai-mat-khau");
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        var locked = await WebTestHost.SignIn(c, "giamkhao");
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("tạm khoá", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var other = await WebTestHost.SignIn(WebTestHost.Client(f), "quantri");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Contains(new WebStore(host.Data).AuditLog(null), a => a.Action == "locked-out" && a.User == "giamkhao");
    }

    [Fact]
    public async Task Viewer_Upload_Is403_AndMissingAntiforgeryTokenIs400()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var viewer = WebTestHost.Client(f);
        Assert.Equal(HttpStatusCode.Redirect, (await WebTestHost.SignIn(viewer, "nguoixem")).StatusCode);
        var home = await viewer.GetStringAsync("/");
        Assert.DoesNotContain("upload-form", home, StringComparison.Ordinal);
        var page = await viewer.GetStringAsync("/screens");
        var upload = WebTestHost.Upload(R2);
        upload.Add(new StringContent(WebTestHost.AntiforgeryToken(page)), "__RequestVerificationToken");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/", upload)).StatusCode);
        var api = WebTestHost.Api(f, host.ViewerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/api/checks", WebTestHost.Upload(R2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/reports?q=truong")).StatusCode);

        var reviewer = WebTestHost.Client(f);
        await WebTestHost.SignIn(reviewer, "giamkhao");
        var noToken = await reviewer.PostAsync("/", WebTestHost.Upload(R2));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Empty(new WebStore(host.Data).Jobs(WebStore.Check));
    }

    [Fact]
    public async Task Upload_OversizeAndRenamedProgram_AreRefusedBeforeAnyJob()
    {
        using var host = new WebTestHost(ingestSamples: false);
        await using var f = host.Factory(maxUploadMb: 1);
        var api = WebTestHost.Api(f, host.ReviewerToken);
        string big = Path.Combine(host.Root, "lon.pdf");
        File.WriteAllBytes(big, new byte[3 * 1024 * 1024]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await api.PostAsync("/api/checks", WebTestHost.Upload(big))).StatusCode);

        // a Windows program renamed to .docx: refused by its content, with a reason naming the file
        string exe = Path.Combine(host.Root, "setup.docx");
        var bytes = new byte[4096];
        "MZ"u8.CopyTo(bytes);
        new Random(7).NextBytes(bytes.AsSpan(64));
        bytes[100] = 0;
        File.WriteAllBytes(exe, bytes);
        var r = await api.PostAsync("/api/checks", WebTestHost.Upload(exe));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
        string body = await r.Content.ReadAsStringAsync();
        Assert.True(body.Contains("setup.docx", StringComparison.Ordinal), body);
        Assert.Contains("không đọc được", body, StringComparison.Ordinal);
        Assert.Contains("nội dung không phải tệp .docx", body, StringComparison.Ordinal);
        Assert.DoesNotContain("the content is not", body, StringComparison.Ordinal);

        var reviewer = WebTestHost.Client(f);
        await WebTestHost.SignIn(reviewer, "giamkhao");
        var form = WebTestHost.Upload(exe, "bai.exe");
        form.Add(new StringContent(WebTestHost.AntiforgeryToken(await reviewer.GetStringAsync("/"))), "__RequestVerificationToken");
        var page = await reviewer.PostAsync("/", form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, page.StatusCode);
        Assert.Contains("chỉ nhận .docx, .doc, .odt, .rtf, .pdf, .txt", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(new WebStore(host.Data).Jobs(WebStore.Check));
        Assert.Empty(Directory.Exists(Path.Combine(host.Data, "uploads")) ? Directory.GetFiles(Path.Combine(host.Data, "uploads")) : []);
    }

    [Fact]
    public async Task CheckJob_QueuedBeforeARestart_RunsAfterIt()
    {
        using var host = new WebTestHost();
        string statusUrl;
        await using (var stopped = host.Factory(workers: 0))
        {
            var api = WebTestHost.Api(stopped, host.ReviewerToken);
            var r = await api.PostAsync("/api/checks", WebTestHost.Upload(R2));
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            statusUrl = r.Headers.Location!.ToString();
            await Task.Delay(300);
            Assert.Equal("queued", JsonDocument.Parse(await api.GetStringAsync(statusUrl)).RootElement.GetProperty("status").GetString());
        }
        // a job the last server was running when it stopped is queued again too
        await using (var restarted = host.Factory())
        {
            var api = WebTestHost.Api(restarted, host.ReviewerToken);
            var status = await WebTestHost.WaitForJob(api, statusUrl);
            Assert.Equal("done", status.GetProperty("status").GetString());
            var report = JsonDocument.Parse(await api.GetStringAsync(status.GetProperty("report_url").GetString())).RootElement;
            Assert.Equal(1, report.GetProperty("schema").GetInt32());
            var top = report.GetProperty("sources")[0];
            Assert.Equal("r1", top.GetProperty("source").GetProperty("id").GetString());
            Assert.Equal("near-duplicate", top.GetProperty("verdict").GetString());
            Assert.Contains(top.GetProperty("value_swaps").EnumerateArray(), v => v.GetString() == "2A → 2C");
        }
        // the upload was not archived: deleted when the job ended
        Assert.Empty(Directory.GetFiles(Path.Combine(host.Data, "uploads")));
    }

    [Fact]
    public async Task Redirects_NeverReflectTheHostHeader_CookiesSecureOverHttps()
    {
        using var host = new WebTestHost(ingestSamples: false);
        await using var f = host.Factory();
        var c = WebTestHost.Client(f);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/archive");
        request.Headers.Host = "ke-gian.example";
        var r = await c.SendAsync(request);
        Assert.True(WebTestHost.IsRedirectToLogin(r), r.StatusCode.ToString());
        Assert.DoesNotContain("ke-gian", r.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(r.Headers.Location.IsAbsoluteUri, r.Headers.Location.OriginalString);

        // over HTTPS (what the reverse proxy forwards) both cookies are Secure; over plain HTTP on loopback they cannot be
        var https = f.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var login = await https.GetAsync("/login");
        var af = login.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("simeng.af", StringComparison.Ordinal));
        Assert.Contains("secure", af, StringComparison.OrdinalIgnoreCase);
        var plain = await c.GetAsync("/login");
        Assert.DoesNotContain("secure", plain.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("simeng.af", StringComparison.Ordinal)),
            StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Pair_OfTwoArchivedReports_SideBySide_FromApiAndPage_WithoutUpload()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var api = WebTestHost.Api(f, host.ReviewerToken);
        // either order: the later report is the submission
        foreach (var url in new[] { "/api/pairs?a=r2&b=r1", "/api/pairs?a=r1&b=r2" })
        {
            var pair = JsonDocument.Parse(await api.GetStringAsync(url)).RootElement;
            Assert.Equal("r2", pair.GetProperty("submission").GetProperty("id").GetString());
            Assert.Equal("r1", pair.GetProperty("source").GetProperty("id").GetString());
            Assert.Equal("near-duplicate", pair.GetProperty("verdict").GetString());
            var passages = pair.GetProperty("passages").EnumerateArray().ToList();
            Assert.NotEmpty(passages);
            Assert.All(passages, p =>
            {
                Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("submission").GetProperty("text").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("source").GetProperty("text").GetString()));
            });
            Assert.Contains(pair.GetProperty("value_swaps").EnumerateArray(), v => v.GetString() == "2A → 2C");
        }
        // a pair the screen does not flag opens too, with what little it shares
        var apart = JsonDocument.Parse(await api.GetStringAsync("/api/pairs?a=r1&b=r5")).RootElement;
        Assert.Contains(apart.GetProperty("verdict").GetString(), new[] { "none", "minor" });
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/pairs?a=r1&b=khong-co")).StatusCode);
        var same = await api.GetAsync("/api/pairs?a=r1&b=r1");
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Contains("hai mã báo cáo khác nhau", await same.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // unknown jobs: a Vietnamese reason in the error body
        foreach (var (url, words) in new[]
                 {
                     ("/api/checks/khong-co", "không có lượt kiểm tra"), ("/api/checks/khong-co/report", "chưa có lượt kiểm tra đã xong"),
                     ("/api/screens/khong-co", "không có lượt sàng lọc"), ("/api/screens/khong-co/report", "chưa có lượt sàng lọc đã xong"),
                 })
        {
            var missing = await api.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains(words, JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        var web = WebTestHost.Client(f);
        await WebTestHost.SignIn(web, "giamkhao");
        string page = await web.GetStringAsync("/pairs?a=r1&b=r2");
        Assert.Contains("id=\"pair-verdict\"", page, StringComparison.Ordinal);
        Assert.Contains("data-side=\"submission\"", page, StringComparison.Ordinal);
        Assert.Contains("data-side=\"source\"", page, StringComparison.Ordinal);
        Assert.Contains("mark class=\"val\"", page, StringComparison.Ordinal);
        // every flagged pair of the archive pages links to it
        string archive = await web.GetStringAsync("/archive/report?id=r2");
        Assert.Contains("href=\"/pairs?a=r2&amp;b=r1\"", archive, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_TokenAuth_Search_OpenApi_AndScreenXlsx()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var bad = WebTestHost.Api(f, "sk_not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bad.GetAsync("/api/reports?q=truong")).StatusCode);
        var api = WebTestHost.Api(f, host.ReviewerToken);

        var hits = JsonDocument.Parse(await api.GetStringAsync("/api/reports?q=truong%20tieu%20hoc")).RootElement;
        Assert.Equal(5, hits.GetArrayLength());
        var byAuthor = JsonDocument.Parse(await api.GetStringAsync("/api/reports?author=tran%20thi%20mai")).RootElement;
        Assert.Equal("r1", byAuthor.EnumerateArray().Single().GetProperty("id").GetString());
        var dia = JsonDocument.Parse(await api.GetStringAsync("/api/reports?school=" + Uri.EscapeDataString("Sông Lam"))).RootElement;
        Assert.Equal("r4", dia.EnumerateArray().Single().GetProperty("id").GetString());

        // pages: at most 50 hits each, every hit on exactly one page
        var paged = new List<string>();
        for (int page = 1; page <= 3; page++)
        {
            var part = JsonDocument.Parse(await api.GetStringAsync($"/api/reports?q=truong&limit=2&page={page}")).RootElement;
            Assert.Equal(page < 3 ? 2 : 1, part.GetArrayLength());
            paged.AddRange(part.EnumerateArray().Select(h => h.GetProperty("id").GetString()!));
        }
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], paged.Order());
        Assert.Equal(5, JsonDocument.Parse(await api.GetStringAsync("/api/reports?q=truong&limit=5000")).RootElement.GetArrayLength());
        var pages = WebTestHost.Client(f);
        await WebTestHost.SignIn(pages, "giamkhao");
        Assert.Contains("id=\"prev-page\"", await pages.GetStringAsync("/archive?q=truong&trang=2"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"next-page\"", await pages.GetStringAsync("/archive?q=truong"), StringComparison.Ordinal);

        var openapi = await api.GetStringAsync("/api/openapi.json");
        Assert.Contains("/api/checks", openapi, StringComparison.Ordinal);
        Assert.Contains("/api/screens", openapi, StringComparison.Ordinal);
        // the bearer scheme and the upload's body are in the document
        var doc = JsonDocument.Parse(openapi).RootElement;
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Contains(doc.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("bearer", out _));
        var upload = doc.GetProperty("paths").GetProperty("/api/checks").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("multipart/form-data").GetProperty("schema");
        if (upload.TryGetProperty("$ref", out var reference))
        {
            upload = doc.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        var fileField = upload.GetProperty("properties").GetProperty("file");
        if (fileField.TryGetProperty("$ref", out var fileRef))
        {
            fileField = doc.GetProperty("components").GetProperty("schemas").GetProperty(fileRef.GetString()!.Split('/')[^1]);
        }
        Assert.Equal("binary", fileField.GetProperty("format").GetString());
        Assert.Equal(["file"], upload.GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        var start = await api.PostAsJsonAsync("/api/screens", new { year = (int?)null });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var status = await WebTestHost.WaitForJob(api, start.Headers.Location!.ToString());
        Assert.Equal("done", status.GetProperty("status").GetString());
        var screen = JsonDocument.Parse(await api.GetStringAsync(status.GetProperty("report_url").GetString())).RootElement;
        var pairs = screen.GetProperty("pairs").EnumerateArray()
            .Select(p => p.GetProperty("submission").GetProperty("id").GetString() + "←" + p.GetProperty("source").GetProperty("id").GetString()).ToList();
        Assert.Equal(["r2←r1", "r4←r3"], pairs);

        var web = WebTestHost.Client(f);
        await WebTestHost.SignIn(web, "nguoixem");
        string id = status.GetProperty("id").GetString()!;
        var dashboard = await web.GetStringAsync($"/screens/{id}");
        Assert.Contains("r2←r1", dashboard, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"lineage\"", dashboard, StringComparison.Ordinal);
        var xlsx = await web.GetByteArrayAsync($"/screens/{id}?handler=Xlsx");
        var rows = ReadXlsx(xlsx);
        Assert.Equal("Bài nộp", rows[0][0]);
        Assert.Equal(["r2", "r4"], rows.Skip(1).Select(r => r[0]).Order().ToList());
        Assert.Contains(rows, r => r[0] == "r2" && r[5] == "r1" && r[9] == "near-duplicate");
        var filtered = ReadXlsx(await web.GetByteArrayAsync($"/screens/{id}?handler=Xlsx&school=" + Uri.EscapeDataString("Trường Tiểu học Sông Lam")));
        Assert.Equal(["r4"], filtered.Skip(1).Select(r => r[0]).ToList());
    }

    [Fact]
    public async Task Screen_PairsListTheirSwappedValues_AndTheSameAuthorIsMarked()
    {
        using var host = new WebTestHost();
        // r6: r1's author files her own report again the next year, one sentence added (r2 copied it that year too)
        string r6 = Path.Combine(host.Root, "r6.txt");
        File.WriteAllText(r6, ReadText(Path.Combine(TestPaths.Samples, "screen", "r1-doc-lop2.docx")) + "\nNăm nay tôi bổ sung thêm trò chơi đọc theo nhóm.\n");
        string manifest = Path.Combine(host.Root, "r6.csv");
        File.WriteAllText(manifest, "id,file,submitted,year,author,school,district,title\nr6,r6.txt,2024-04-01,2024,Trần Thị Mai,Trường Tiểu học Hoa Sen,Huyện Thanh Bình,Rèn đọc\n");
        new SimEngine().Ingest(new IngestRequest(host.Index, InputPlanner.ForIngest([], manifest).Reports));
        await using var f = host.Factory();
        var api = WebTestHost.Api(f, host.ReviewerToken);
        var start = await api.PostAsJsonAsync("/api/screens", new { year = (int?)null });
        var status = await WebTestHost.WaitForJob(api, start.Headers.Location!.ToString());
        Assert.Equal("done", status.GetProperty("status").GetString());
        var pairs = JsonDocument.Parse(await api.GetStringAsync(status.GetProperty("report_url").GetString())).RootElement.GetProperty("pairs")
            .EnumerateArray().ToDictionary(p => p.GetProperty("submission").GetProperty("id").GetString() + "←" + p.GetProperty("source").GetProperty("id").GetString());
        // the values a check of r2 lists are in the screen's pair too, without its texts
        Assert.Contains(pairs["r2←r1"].GetProperty("value_swaps").EnumerateArray(), v => v.GetString() == "2A → 2C");
        Assert.True(pairs["r6←r1"].GetProperty("same_author").GetBoolean());
        Assert.False(pairs["r2←r1"].GetProperty("same_author").GetBoolean());

        var web = WebTestHost.Client(f);
        await WebTestHost.SignIn(web, "nguoixem");
        string dashboard = await web.GetStringAsync($"/screens/{status.GetProperty("id").GetString()}");
        string Row(string pair) => Regex.Match(dashboard, $"<tr class=\"pair\" data-pair=\"{pair}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("2A → 2C", Row("r2←r1"), StringComparison.Ordinal);
        Assert.Contains("cùng tác giả", Row("r6←r1"), StringComparison.Ordinal);
        Assert.DoesNotContain("cùng tác giả", Row("r2←r1"), StringComparison.Ordinal);
        // the lineage graph: every report a link, a legend, same-author edges dashed, an edge inside one year a curve
        Assert.Contains("<a href=\"/archive/report?id=r6\" class=\"node\">", dashboard, StringComparison.Ordinal);
        Assert.Contains("id=\"lineage-legend\"", dashboard, StringComparison.Ordinal);
        string Edge(string pair) => Regex.Match(dashboard, $"<path d=\"[^\"]*\" class=\"[^\"]*\" data-pair=\"{pair}\"").Value;
        Assert.Contains("same-author", Edge("r6←r1"), StringComparison.Ordinal);
        Assert.Contains(" L ", Edge("r6←r1"), StringComparison.Ordinal);
        Assert.Contains("same-year", Edge("r6←r2"), StringComparison.Ordinal);
        Assert.Contains(" Q ", Edge("r6←r2"), StringComparison.Ordinal);
        Assert.DoesNotContain("same-author", Edge("r2←r1"), StringComparison.Ordinal);
        // a cluster is the reports that share text, oldest first, with its pairs counted: not drawn as a chain of copies
        Assert.Matches(@"<li>r1, r2, r6 <span class=""hint"">— 3 cặp", dashboard);
        Assert.DoesNotContain("r1 → r2", dashboard, StringComparison.Ordinal);
        var rows = ReadXlsx(await web.GetByteArrayAsync($"/screens/{status.GetProperty("id").GetString()}?handler=Xlsx"));
        int swapsColumn = Array.IndexOf(rows[0], Glossary.ValueSwaps);
        Assert.Contains("2A → 2C", rows.Single(r => r[0] == "r2")[swapsColumn], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WholeDocument_EveryPassageColouredBySource_LinksToItsPassage_FiltersAndExclusions()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var api = WebTestHost.Api(f, host.ReviewerToken);
        // r2 with a line of its own carrying markup that must never run
        string sub = Path.Combine(host.Root, "bai.txt");
        string text = ReadText(R2) + "\nPhụ lục <script>alert(3)</script> của riêng bài này.";
        File.WriteAllText(sub, text);
        var status = await WebTestHost.WaitForJob(api, (await api.PostAsync("/api/checks", WebTestHost.Upload(sub))).Headers.Location!.ToString());
        string id = status.GetProperty("id").GetString()!;
        var web = WebTestHost.Client(f);
        await WebTestHost.SignIn(web, "giamkhao");
        Assert.Contains($"href=\"/checks/{id}/document\"", await web.GetStringAsync($"/checks/{id}"), StringComparison.Ordinal);

        string page = await web.GetStringAsync($"/checks/{id}/document");
        string Document(string html) => Regex.Match(html, "<div class=\"document\" id=\"document\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;
        string Plain(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(Document(html), "<[^>]+>", ""));
        // the whole text, exactly, with nothing added between the runs; markup in it shown, never run
        Assert.Equal(new SimilarityEngine.Ingest.DocumentReader().Read(sub).Text, Plain(page));
        Assert.DoesNotContain("<script>alert(3)", page, StringComparison.Ordinal);
        // the archived r2 is the first source (colour 0), r1 the second: each source's colour in the legend and on its
        // passages, each passage a link to its place in the report
        var legend = Regex.Matches(page, "<li data-source=\"([^\"]+)\"><span class=\"sw c(\\d)\"></span><a href=\"/checks/" + id + "#src-(\\d+)\">")
            .ToDictionary(m => m.Groups[1].Value, m => (Colour: m.Groups[2].Value, Number: m.Groups[3].Value));
        Assert.Equal(("0", "1"), legend["r2"]);
        Assert.Equal(("1", "2"), legend["r1"]);
        Assert.Matches("<a class=\"m c0\" href=\"/checks/" + id + "#p-1-\\d+\" title=\"Nguồn 1: r2, đoạn \\d+", Document(page));
        string coloured = string.Concat(Regex.Matches(Document(page), "<a class=\"m c\\d\"[^>]*>([^<]*)</a>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)));
        Assert.True(coloured.Length > text.Length / 2, $"only {coloured.Length} of {text.Length} characters coloured");
        Assert.DoesNotContain("Phụ lục", coloured, StringComparison.Ordinal);

        // filters: a length no passage reaches colours nothing; the text stays whole
        string none = await web.GetStringAsync($"/checks/{id}/document?min=100000");
        Assert.DoesNotContain("class=\"m c", none, StringComparison.Ordinal);
        Assert.Equal(Plain(page), Plain(none));
        Assert.Contains("0 đoạn được tô màu", none, StringComparison.Ordinal);
        int Shown(string html) => int.Parse(Regex.Match(html, "(\\d+) đoạn được tô màu").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // by kind: only passages with edits, each titled so
        string edited = await web.GetStringAsync($"/checks/{id}/document?kind=edited");
        Assert.DoesNotContain("chép nguyên văn)\"", Document(edited), StringComparison.Ordinal);
        Assert.True(Shown(edited) < Shown(page));
        // by section: the sections passages lie in are offered; one of them shows fewer passages
        var sections = Regex.Matches(page, "<option value=\"([^\"]+)\">").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(v => v is not ("exact" or "edited")).ToList();
        Assert.True(sections.Count >= 2, string.Join(", ", sections));
        Assert.True(Shown(await web.GetStringAsync($"/checks/{id}/document?section={Uri.EscapeDataString(sections[0])}")) < Shown(page));
        // quotations and references, left out of the index, shown hatched on request
        Assert.DoesNotContain("class=\"q\"", Document(page), StringComparison.Ordinal);
        Assert.Contains("<span class=\"q\" title=\"trích dẫn\">", Document(await web.GetStringAsync($"/checks/{id}/document?quotes=true")), StringComparison.Ordinal);

        // a source a reviewer excluded is not coloured any more; the next one takes its place
        string report = await web.GetStringAsync($"/checks/{id}");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["source"] = "r2",
            ["passage"] = "",
            ["reason"] = "bài cũ của chính tác giả",
            ["__RequestVerificationToken"] = WebTestHost.AntiforgeryToken(report),
        });
        Assert.Equal(HttpStatusCode.Redirect, (await web.PostAsync($"/checks/{id}?handler=Exclude", form)).StatusCode);
        string after = await web.GetStringAsync($"/checks/{id}/document");
        Assert.DoesNotContain("data-source=\"r2\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("title=\"Nguồn 1: r2", after, StringComparison.Ordinal);
        Assert.Contains("title=\"Nguồn 2: r1", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync("/checks/khong-co/document")).StatusCode);
    }

    private static string ReadText(string path) => new SimilarityEngine.Ingest.DocumentReader().Read(path).Text;

    internal static List<string[]> ReadXlsx(byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        using var doc = SpreadsheetDocument.Open(ms, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString
            ? c.InlineString!.InnerText
            : c.CellValue?.Text ?? "").ToArray()).ToList();
    }

    [Fact]
    public async Task Reviewer_ExcludesASource_IndexDropsAndTheAuditLogShowsWhoWhy()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var api = WebTestHost.Api(f, host.ReviewerToken);
        // r2 changed a little (so not in the archive) and carrying markup that must never run
        string sub = Path.Combine(host.Root, "bai.txt");
        File.WriteAllText(sub, ReadText(R2) + "\nPhụ lục <script>alert(2)</script> thêm một dòng.");
        var r = await api.PostAsync("/api/checks", WebTestHost.Upload(sub, "bài của tôi.txt", ("author", "<script>alert(1)</script>")));
        var status = await WebTestHost.WaitForJob(api, r.Headers.Location!.ToString());
        string id = status.GetProperty("id").GetString()!;
        double before = JsonDocument.Parse(await api.GetStringAsync($"/api/checks/{id}/report")).RootElement.GetProperty("similarity_index").GetDouble();

        var web = WebTestHost.Client(f);
        await WebTestHost.SignIn(web, "giamkhao");
        string page = await web.GetStringAsync($"/checks/{id}");
        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("bài của tôi.txt", page, StringComparison.Ordinal);
        Assert.Contains("mark class=\"val\"", page, StringComparison.Ordinal);
        // the glossary's words, the thresholds explained, the index coloured by its level
        Assert.Contains("<th data-sort=\"num\">Tỉ lệ bài nộp trùng với nguồn</th><th data-sort=\"num\">Tỉ lệ nguồn bị lấy sang</th>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Mức chứa", page, StringComparison.Ordinal);
        Assert.Contains("<strong>gần như trùng lặp</strong>: cả hai tỉ lệ từ 70,0", page, StringComparison.Ordinal);
        Assert.Contains("id=\"similarity-index\" class=\"high\"", page, StringComparison.Ordinal);
        var icon = await web.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);

        // no reason: refused
        var noReason = await web.PostAsync($"/checks/{id}?handler=Exclude", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["source"] = "r1",
            ["reason"] = "",
            ["__RequestVerificationToken"] = WebTestHost.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        // the archive holds r2 itself and r1, both near-duplicates of this text: the reviewer excludes both
        foreach (var (source, reason) in new[] { ("r2", "bài cũ của chính tác giả"), ("r1", "tài liệu dùng chung của tổ chuyên môn") })
        {
            var ok = await web.PostAsync($"/checks/{id}?handler=Exclude", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["source"] = source,
                ["reason"] = reason,
                ["__RequestVerificationToken"] = WebTestHost.AntiforgeryToken(page),
            }));
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        var after = JsonDocument.Parse(await api.GetStringAsync($"/api/checks/{id}/report")).RootElement;
        double now = after.GetProperty("similarity_index").GetDouble();
        Assert.True(now < 0.3 && before > 0.9, $"index {now} after excluding r2 and r1, {before} before");
        Assert.DoesNotContain(after.GetProperty("sources").EnumerateArray(), s => s.GetProperty("source").GetProperty("id").GetString() is "r1" or "r2");
        Assert.Contains(after.GetProperty("sources").EnumerateArray(), s => s.GetProperty("source").GetProperty("id").GetString() == "r3");
        page = await web.GetStringAsync($"/checks/{id}");
        Assert.Contains("bài cũ của chính tác giả", page, StringComparison.Ordinal);
        Assert.Contains("similarity-before", page, StringComparison.Ordinal);
        var store = new WebStore(host.Data);
        Assert.Contains(store.AuditLog(id), a => a.Action == "excluded" && a.User == "giamkhao" && a.Detail.Contains("bài cũ của chính tác giả", StringComparison.Ordinal));
        Assert.Contains("append-only", store.TryTamperAudit(), StringComparison.Ordinal);

        // every export carries the decisions: the index before, each exclusion with its reason, who and when
        var review = after.GetProperty("review");
        Assert.Equal(before, review.GetProperty("similarity_index_before").GetDouble(), 6);
        var exclusions = review.GetProperty("exclusions").EnumerateArray().ToList();
        Assert.Equal(["r2", "r1"], exclusions.Select(e => e.GetProperty("source").GetString()));
        Assert.All(exclusions, e => Assert.True(e.GetProperty("in_force").GetBoolean() && e.GetProperty("user").GetString() == "giamkhao"));
        Assert.Equal("bài cũ của chính tác giả", exclusions[0].GetProperty("reason").GetString());
        var html = System.Text.Encoding.UTF8.GetString(await web.GetByteArrayAsync($"/checks/{id}?handler=Html"));
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Quyết định của giám khảo", html, StringComparison.Ordinal);
        Assert.Contains("tài liệu dùng chung của tổ chuyên môn", html, StringComparison.Ordinal);
        Assert.Contains("Chỉ số trước khi loại trừ", html, StringComparison.Ordinal);
        var download = JsonDocument.Parse(await web.GetByteArrayAsync($"/checks/{id}?handler=Json")).RootElement;
        Assert.Equal(2, download.GetProperty("review").GetProperty("exclusions").GetArrayLength());

        // an exclusion undone, with a reason: the source counts again, the decision stays in the record, marked undone
        long r1Decision = store.AllDecisions(id).Single(d => d.SourceId == "r1").Id;
        page = await web.GetStringAsync($"/checks/{id}");
        var noUndoReason = await web.PostAsync($"/checks/{id}?handler=Undo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["decision"] = r1Decision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["reason"] = "",
            ["__RequestVerificationToken"] = WebTestHost.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, noUndoReason.StatusCode);
        var undo = await web.PostAsync($"/checks/{id}?handler=Undo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["decision"] = r1Decision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["reason"] = "loại trừ nhầm: tổ chuyên môn không dùng chung bài này",
            ["__RequestVerificationToken"] = WebTestHost.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        var undone = JsonDocument.Parse(await api.GetStringAsync($"/api/checks/{id}/report")).RootElement;
        Assert.Contains(undone.GetProperty("sources").EnumerateArray(), s => s.GetProperty("source").GetProperty("id").GetString() == "r1");
        Assert.True(undone.GetProperty("similarity_index").GetDouble() > now + 0.3);
        var r1Exclusion = undone.GetProperty("review").GetProperty("exclusions").EnumerateArray().Single(e => e.GetProperty("source").GetString() == "r1");
        Assert.False(r1Exclusion.GetProperty("in_force").GetBoolean());
        Assert.Equal("giamkhao", r1Exclusion.GetProperty("undone_by").GetString());
        Assert.Contains(store.AuditLog(id), a => a.Action == "exclusion-undone" && a.Detail.Contains("loại trừ nhầm", StringComparison.Ordinal));
        Assert.Contains("hoàn tác loại trừ", await web.GetStringAsync($"/checks/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_OwnsTheIndex_CliIngestIsToldItIsInUse()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        _ = WebTestHost.Client(f); // starts the host, which claims the index
        using var p = CliRunner.Start("ingest", "--index", host.Index, "--quiet", Path.Combine(TestPaths.Samples, "vi-features.docx"));
        string err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("in use", err, StringComparison.OrdinalIgnoreCase);
        Assert.True(err.Contains("simeng serve", StringComparison.Ordinal), err);
    }
}
