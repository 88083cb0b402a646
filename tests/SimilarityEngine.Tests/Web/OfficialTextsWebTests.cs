using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SimilarityEngine.Tests;

/// <summary>Official texts added in the application: a reviewer excludes a screen's passage everywhere (the screen runs
/// again without it, and it stays out of later pair views until undone), an administrator adds a text or a collection of
/// files on the official-texts page.</summary>
public sealed class OfficialTextsWebTests
{
    private static async Task<JsonElement> Pair(HttpClient api, string reportUrl, string key) =>
        JsonDocument.Parse(await api.GetStringAsync(reportUrl)).RootElement.GetProperty("pairs").EnumerateArray()
            .FirstOrDefault(p => p.GetProperty("submission").GetProperty("id").GetString() + "←" + p.GetProperty("source").GetProperty("id").GetString() == key);

    // syllables found copied in a pair
    private static int Copied(JsonElement pair) => pair.GetProperty("passages").EnumerateArray().Sum(p => p.GetProperty("syllables").GetInt32());

    private static async Task<HttpResponseMessage> Post(HttpClient web, string pageUrl, string postUrl, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = WebTestHost.AntiforgeryToken(await web.GetStringAsync(pageUrl));
        return await web.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task ScreenWideExclusion_RunsTheScreenAgainWithoutThePassage_AndCanBeUndone()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var api = WebTestHost.Api(f, host.ReviewerToken);
        string statusUrl = (await api.PostAsJsonAsync("/api/screens", new { year = (int?)null })).Headers.Location!.ToString();
        var status = await WebTestHost.WaitForJob(api, statusUrl);
        string id = status.GetProperty("id").GetString()!;
        string reportUrl = status.GetProperty("report_url").GetString()!;
        var before = await Pair(api, reportUrl, "r2←r1");
        int passagesBefore = before.GetProperty("passages").GetArrayLength();
        double containmentBefore = before.GetProperty("containment").GetDouble();
        int copiedBefore = Copied(before);
        Assert.True(passagesBefore >= 1);
        var pairBefore = JsonDocument.Parse(await api.GetStringAsync("/api/pairs?a=r2&b=r1")).RootElement;
        string firstPassage = pairBefore.GetProperty("passages")[0].GetProperty("submission").GetProperty("text").GetString()!;

        // a viewer sees the pair but may not exclude
        var viewer = WebTestHost.Client(f);
        await WebTestHost.SignIn(viewer, "nguoixem");
        string pairUrl = $"/pairs?a=r2&b=r1&screen={id}";
        Assert.DoesNotContain("exclude-everywhere", await viewer.GetStringAsync(pairUrl), StringComparison.Ordinal);
        var refused = await Post(viewer, pairUrl, pairUrl + "&handler=Exclude", new() { ["passage"] = "1", ["reason"] = "trích Thông tư 32/2018" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // the screen's pair row opens the pair with the screen, where a reviewer excludes passage 1 everywhere
        var web = WebTestHost.Client(f);
        await WebTestHost.SignIn(web, "giamkhao");
        Assert.Contains($"&amp;screen={id}", await web.GetStringAsync($"/screens/{id}"), StringComparison.Ordinal);
        Assert.Contains("id=\"exclude-everywhere\"", await web.GetStringAsync(pairUrl), StringComparison.Ordinal);
        var noReason = await Post(web, pairUrl, pairUrl + "&handler=Exclude", new() { ["passage"] = "1", ["reason"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Cần ghi lý do", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var excluded = await Post(web, pairUrl, pairUrl + "&handler=Exclude", new() { ["passage"] = "1", ["reason"] = "trích Thông tư 32/2018" });
        Assert.Equal(HttpStatusCode.Redirect, excluded.StatusCode);
        Assert.Equal($"/screens/{id}", excluded.Headers.Location!.ToString());

        // the screen ran again: the passage no longer counts in that pair (nor in a pair view, nor in any later check)
        Assert.Equal("done", (await WebTestHost.WaitForJob(api, statusUrl)).GetProperty("status").GetString());
        var after = await Pair(api, reportUrl, "r2←r1");
        if (after.ValueKind == JsonValueKind.Object)
        {
            Assert.True(Copied(after) < copiedBefore, "the pair's copied syllables must drop once the passage is excluded");
            Assert.DoesNotContain(after.GetProperty("passages").EnumerateArray(), p => p.GetProperty("submission").GetProperty("text").GetString() == firstPassage);
        }
        var pairAfter = JsonDocument.Parse(await api.GetStringAsync("/api/pairs?a=r2&b=r1")).RootElement;
        Assert.DoesNotContain(pairAfter.GetProperty("passages").EnumerateArray(), p => p.GetProperty("submission").GetProperty("text").GetString() == firstPassage);
        string dashboard = await web.GetStringAsync($"/screens/{id}");
        string exclusions = Regex.Match(dashboard, "<section class=\"card\" id=\"screen-exclusions\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("trích Thông tư 32/2018", exclusions, StringComparison.Ordinal);
        Assert.Contains("giamkhao", exclusions, StringComparison.Ordinal);

        // undone with a reason: the screen runs again and the pair is as it was
        string reference = Regex.Match(exclusions, "name=\"reference\" value=\"(\\d+)\"").Groups[1].Value;
        var undone = await Post(web, $"/screens/{id}", $"/screens/{id}?handler=Undo", new() { ["reference"] = reference, ["reason"] = "loại trừ nhầm" });
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        Assert.Equal("done", (await WebTestHost.WaitForJob(api, statusUrl)).GetProperty("status").GetString());
        var restored = await Pair(api, reportUrl, "r2←r1");
        Assert.Equal(passagesBefore, restored.GetProperty("passages").GetArrayLength());
        Assert.Equal(copiedBefore, Copied(restored));
        Assert.Equal(containmentBefore, restored.GetProperty("containment").GetDouble(), 6);
        Assert.Contains("đã hoàn tác (giamkhao", await web.GetStringAsync($"/screens/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPage_AddsATextOrACollection_RefusesWhatCannotBeMatched_AndRemoves()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var api = WebTestHost.Api(f, host.ReviewerToken);
        var pair = JsonDocument.Parse(await api.GetStringAsync("/api/pairs?a=r2&b=r1")).RootElement;
        var passages = pair.GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("submission").GetProperty("text").GetString()!).ToList();
        Assert.True(passages.Count >= 2, "the sample pair needs two passages");

        var reviewer = WebTestHost.Client(f);
        await WebTestHost.SignIn(reviewer, "giamkhao");
        Assert.NotEqual(HttpStatusCode.OK, (await reviewer.GetAsync("/admin/official")).StatusCode);

        var admin = WebTestHost.Client(f);
        await WebTestHost.SignIn(admin, "quantri");
        string token = WebTestHost.AntiforgeryToken(await admin.GetStringAsync("/admin/official"));
        // too short to be matched: refused with the reason, nothing added
        var shortText = await admin.PostAsync("/admin/official", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["title"] = "ngắn",
            ["text"] = "Điều 1. Phạm vi",
            ["reason"] = "thử",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, shortText.StatusCode);
        Assert.Contains("quá ngắn", await shortText.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // a collection: two files in one upload, one text each
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Chương trình GDPT 2018"), "title" },
            { new StringContent("nhiều bài trích chương trình"), "reason" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        for (int i = 0; i < 2; i++)
        {
            var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(passages[i]));
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
            form.Add(file, "files", $"phan-{i + 1}.txt");
        }
        var added = await admin.PostAsync("/admin/official", form);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/admin/official?added=2", added.Headers.Location!.ToString());
        string list = await admin.GetStringAsync("/admin/official");
        Assert.Contains("Chương trình GDPT 2018: phan-1", list, StringComparison.Ordinal);
        Assert.Contains("Chương trình GDPT 2018: phan-2", list, StringComparison.Ordinal);

        // the pair view no longer counts those passages
        var without = JsonDocument.Parse(await api.GetStringAsync("/api/pairs?a=r2&b=r1")).RootElement;
        var left = without.GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("submission").GetProperty("text").GetString()).ToList();
        Assert.DoesNotContain(passages[0], left);
        Assert.DoesNotContain(passages[1], left);
        // (the share may stay 100 %: official text leaves the denominator too; the syllables found copied drop)
        Assert.True(Copied(without) < Copied(pair));

        // removed with a reason: counted again
        foreach (Match m in Regex.Matches(list, "name=\"id\" value=\"(\\d+)\""))
        {
            var removed = await admin.PostAsync("/admin/official?handler=Remove", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["id"] = m.Groups[1].Value,
                ["reason"] = "đã có trong thư mục --official",
                ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }
        var again = JsonDocument.Parse(await api.GetStringAsync("/api/pairs?a=r2&b=r1")).RootElement;
        Assert.Equal(Copied(pair), Copied(again));
        Assert.Contains("đã gỡ bỏ (quantri", await admin.GetStringAsync("/admin/official"), StringComparison.Ordinal);
        var log = new SimilarityEngine.Web.Data.WebStore(host.Data).AuditLog(["official-added", "official-removed"], null);
        Assert.Equal(4, log.Count);
    }

    [Fact]
    public async Task AdminPage_AddsAReferenceCollection_ToTheArchive_ListingFilesNotRead()
    {
        using var host = new WebTestHost();
        await using var f = host.Factory();
        var admin = WebTestHost.Client(f);
        await WebTestHost.SignIn(admin, "quantri");
        string token = WebTestHost.AntiforgeryToken(await admin.GetStringAsync("/admin/official"));
        MultipartFormDataContent Form(string name)
        {
            var form = new MultipartFormDataContent { { new StringContent(name), "collection" }, { new StringContent(token), "__RequestVerificationToken" } };
            var good = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(
                "Bài đọc mẫu trong sách: Mùa xuân trên bản làng, hoa mận nở trắng các sườn đồi, trẻ em rủ nhau đến lớp từ sớm và đọc to từng câu chuyện cổ tích."));
            form.Add(good, "files", "bai-doc-1.txt");
            form.Add(new ByteArrayContent("PK\u0003\u0004 not a zip"u8.ToArray()), "files", "hong.docx");
            return form;
        }
        // a name that is not a collection name is refused, nothing queued
        var refused = await admin.PostAsync("/admin/official?handler=Collection", Form("sách giáo khoa"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("không dùng được", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var queued = await admin.PostAsync("/admin/official?handler=Collection", Form("sgk-tieng-viet-2"));
        Assert.Equal(HttpStatusCode.Redirect, queued.StatusCode);
        var store = new SimilarityEngine.Web.Data.WebStore(host.Data);
        var job = Assert.Single(store.Jobs(SimilarityEngine.Web.Data.WebStore.Collection));
        var until = DateTime.UtcNow.AddMinutes(3);
        while (store.GetJob(job.Id)!.Status is "queued" or "running" && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
        Assert.Equal("done", store.GetJob(job.Id)!.Status);
        Assert.False(Directory.Exists(job.UploadPath), "the uploaded files are removed once read");
        string page = await admin.GetStringAsync("/admin/official");
        Assert.Contains("sgk-tieng-viet-2 (1 tài liệu)", page, StringComparison.Ordinal);
        string row = Regex.Match(page, $"<tr data-job=\"{job.Id}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("thêm 1", row, StringComparison.Ordinal);
        Assert.Contains("hong.docx", row, StringComparison.Ordinal);
        // the collection's text is a source in the archive, found by search, never a submission
        var api = WebTestHost.Api(f, host.ReviewerToken);
        string hits = await api.GetStringAsync("/api/reports?q=" + Uri.EscapeDataString("hoa mận nở trắng"));
        Assert.Contains("sgk-tieng-viet-2:bai-doc-1", hits, StringComparison.Ordinal);
    }
}
