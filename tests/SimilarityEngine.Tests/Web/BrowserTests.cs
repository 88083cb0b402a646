using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using SimilarityEngine.Web;

namespace SimilarityEngine.Tests;

/// <summary>A reviewer's session in a real browser (Debian chromium through chromedriver) against a real Kestrel server.
/// Screenshots of every step go to <c>screenshots/</c> in the test output folder, and to the folder SIMENG_GUIDE_SHOTS names
/// (docs/huong-dan/anh: the pictures of the Vietnamese guides).</summary>
[Trait("Category", "Web")]
public sealed partial class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";

    private static string Shots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    [Trait("Category", "Slow")] // 36 s on a quiet machine
    [SkippableFact]
    public async Task Reviewer_ChecksExcludesSearchesScreensAndExports_InChromium()
    {
        Skip.If(!File.Exists(Chromium) || !File.Exists(ChromeDriver),
            "Chromium or chromedriver is not installed: apt-get install chromium chromium-driver");
        using var host = new WebTestHost();
        var app = WebApp.Build([$"--Serve:Index={host.Index}", $"--Serve:Data={host.Data}", "--urls=http://127.0.0.1:0"]);
        await app.StartAsync();
        string downloads = Directory.CreateDirectory(Path.Combine(host.Root, "downloads")).FullName;
        try
        {
            string baseUrl = app.Urls.First();
            var options = new ChromeOptions { BinaryLocation = Chromium };
            options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768", "--lang=vi");
            options.AddUserProfilePreference("download.default_directory", downloads);
            options.AddUserProfilePreference("download.prompt_for_download", false);
            using var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
            service.SuppressInitialDiagnosticInformation = true;
            using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(120));
            void Shot(string name)
            {
                var shot = ((ITakesScreenshot)driver).GetScreenshot();
                shot.SaveAsFile(Path.Combine(Shots, name + ".png"));
                // the Vietnamese guides show these very pictures: .ci/run sets SIMENG_GUIDE_SHOTS=docs/huong-dan/anh and checks
                // that every picture the guides name was made by this run
                if (Environment.GetEnvironmentVariable("SIMENG_GUIDE_SHOTS") is { Length: > 0 } guide)
                {
                    shot.SaveAsFile(Path.Combine(Directory.CreateDirectory(guide).FullName, name + ".png"));
                }
            }

            // 1. sign in
            driver.Navigate().GoToUrl(baseUrl + "/");
            wait.Until(d => d.Url.Contains("/login", StringComparison.Ordinal));
            Shot("01-dang-nhap");
            driver.FindElement(By.Id("name")).SendKeys("giamkhao");
            driver.FindElement(By.Id("password")).SendKeys(WebTestHost.Password);
            driver.FindElement(By.Id("signin")).Click();
            wait.Until(d => d.FindElements(By.Id("upload-form")).Count == 1);
            Shot("02-trang-chinh");

            // 2. upload r2 and wait for the report
            driver.FindElement(By.Id("file")).SendKeys(Path.Combine(TestPaths.Samples, "screen", "r2-doc-lop2-ban-sao.docx"));
            driver.FindElement(By.Id("submit-check")).Click();
            wait.Until(d => d.FindElements(By.Id("similarity-index")).Count == 1);
            Shot("03-bao-cao");
            string reportUrl = driver.Url;
            // r2 is in the archive already: the page says so, with its id and date
            Assert.Contains("Tệp này đã có trong kho lưu trữ với mã r2 (nộp ngày 15/03/2024)", driver.FindElement(By.Id("already-archived")).Text,
                StringComparison.Ordinal);
            var r1Row = driver.FindElement(By.CssSelector("#sources tr[data-source='r1']"));
            Assert.Contains("gần như trùng lặp", r1Row.Text, StringComparison.Ordinal);
            string indexBefore = driver.FindElement(By.Id("similarity-index")).Text;

            // 3. passage 1 of r1: both sides highlighted, swapped values marked
            var r1Section = driver.FindElement(By.CssSelector("section.source[data-source='r1']"));
            r1Section.FindElement(By.CssSelector(".pane[data-side='submission'] .passage")).Click();
            var active = r1Section.FindElements(By.CssSelector(".passage.active"));
            Assert.Equal(2, active.Count);
            Assert.Equal(["submission", "source"], active.Select(a => a.FindElement(By.XPath("./ancestor::div[contains(@class,'pane')]")).GetDomAttribute("data-side")).ToList());
            var values = r1Section.FindElements(By.CssSelector(".passage mark.val"));
            Assert.Contains(values, v => v.Text == "2C");
            Assert.Contains(r1Section.FindElements(By.CssSelector(".pane[data-side='source'] mark.val")), v => v.Text == "2A");
            ((IJavaScriptExecutor)driver).ExecuteScript("arguments[0].scrollIntoView()", active[0]);
            Shot("04-doan-1");

            // 3b. the whole submission coloured by source, with its legend; a coloured passage opens its place in the report
            driver.FindElement(By.Id("whole-document")).Click();
            wait.Until(d => d.FindElements(By.Id("document")).Count == 1);
            Assert.Contains(driver.FindElements(By.CssSelector("#doc-legend li")), li => li.GetDomAttribute("data-source") == "r1");
            var coloured = driver.FindElements(By.CssSelector("#document a.m"));
            Assert.NotEmpty(coloured);
            ((IJavaScriptExecutor)driver).ExecuteScript("arguments[0].scrollIntoView({block: 'center'})", coloured[0]);
            Shot("04b-toan-van");
            string documentUrl = driver.Url;
            string link = coloured[0].GetDomAttribute("href")!;
            coloured[0].Click();
            wait.Until(d => d.Url.Contains("#p-", StringComparison.Ordinal) && d.FindElements(By.Id("similarity-index")).Count == 1);
            Assert.EndsWith(link, driver.Url, StringComparison.Ordinal);
            r1Section = driver.FindElement(By.CssSelector("section.source[data-source='r1']"));

            // 4. exclude r1 with a reason: the index drops, the audit log says who and why
            var form = r1Section.FindElement(By.CssSelector("form.exclude"));
            form.FindElement(By.Name("reason")).SendKeys("bài cũ của chính tác giả, được phép dùng lại");
            form.FindElement(By.CssSelector("button[type=submit]")).Click();
            wait.Until(d => d.FindElements(By.Id("similarity-before")).Count == 1);
            string indexAfter = driver.FindElement(By.Id("similarity-index")).Text;
            Assert.True(Percent(indexAfter) < Percent(indexBefore) - 50, $"{indexBefore} → {indexAfter}");
            Assert.Contains("bài cũ của chính tác giả", driver.FindElement(By.Id("audit")).Text, StringComparison.Ordinal);
            Shot("05-loai-tru");
            // the downloaded HTML report carries the decision: the reason, who, the index before
            driver.FindElement(By.CssSelector("a[href*='handler=Html']")).Click();
            string? htmlReport = null;
            wait.Until(_ => (htmlReport = Directory.GetFiles(downloads, "*.html").FirstOrDefault()) is not null);
            await Task.Delay(500);
            string downloaded = await File.ReadAllTextAsync(htmlReport!);
            Assert.Contains("Quyết định của giám khảo", downloaded, StringComparison.Ordinal);
            Assert.Contains("bài cũ của chính tác giả, được phép dùng lại", downloaded, StringComparison.Ordinal);
            Assert.Contains("Chỉ số trước khi loại trừ", downloaded, StringComparison.Ordinal);
            // and as a PDF made on the server (Chromium prints the same HTML)
            driver.FindElement(By.Id("pdf")).Click();
            string? pdfReport = null;
            wait.Until(_ => (pdfReport = Directory.GetFiles(downloads, "*.pdf").FirstOrDefault()) is not null);
            await Task.Delay(500);
            using (var pdf = UglyToad.PdfPig.PdfDocument.Open(await File.ReadAllBytesAsync(pdfReport!)))
            {
                Assert.Contains("Quyết định của giám khảo", string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)), StringComparison.Ordinal);
            }

            // the same report on a phone: nothing wider than the screen
            driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            driver.Navigate().Refresh();
            wait.Until(d => d.FindElements(By.Id("similarity-index")).Count == 1);
            long overflow = (long)((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollWidth - window.innerWidth")!;
            ((IJavaScriptExecutor)driver).ExecuteScript("window.scrollTo(0, 0)");
            Shot("06-dien-thoai");
            Assert.True(overflow <= 1, $"the report is {overflow}px wider than a 390px phone screen");
            driver.Manage().Window.Size = new System.Drawing.Size(1366, 768);

            // 5. search without diacritics
            driver.Navigate().GoToUrl(baseUrl + "/archive");
            driver.FindElement(By.Id("q")).SendKeys("truong");
            driver.FindElement(By.Id("search")).Click();
            wait.Until(d => d.Url.Contains("q=truong", StringComparison.Ordinal));
            var hits = driver.FindElements(By.CssSelector("#hits tbody tr")).Select(r => r.FindElement(By.TagName("a")).Text).Order().ToList();
            Assert.Equal(["r1", "r2", "r3", "r4", "r5"], hits);
            Shot("07-tim-kiem");
            // i/y spellings are one: "kỹ năng" finds the reports written "kĩ năng", the words marked in the snippet
            driver.Navigate().GoToUrl(baseUrl + "/archive?q=" + Uri.EscapeDataString("kỹ năng"));
            var kiHits = driver.FindElements(By.CssSelector("#hits tbody tr")).Select(r => r.FindElement(By.TagName("a")).Text).ToList();
            Assert.Contains("r1", kiHits);
            Assert.Contains(driver.FindElements(By.CssSelector("#hits mark.hit")), m => m.Text.Equals("kĩ năng", StringComparison.OrdinalIgnoreCase));
            Shot("07b-tim-kiem-ki-ky");

            // 6. screen every year: r2←r1 and r4←r3 on the dashboard
            driver.Navigate().GoToUrl(baseUrl + "/screens");
            driver.FindElement(By.Id("start-screen")).Click();
            wait.Until(d => d.FindElements(By.Id("pairs")).Count == 1);
            var pairs = driver.FindElements(By.CssSelector("#pairs tr.pair")).Select(r => r.GetDomAttribute("data-pair")).Order().ToList();
            Assert.Equal(["r2←r1", "r4←r3"], pairs);
            Assert.Equal(2, driver.FindElements(By.CssSelector("#lineage path.edge")).Count);
            Shot("08-ra-soat");
            // the lineage graph with its legend; each report a link to the archive
            ((IJavaScriptExecutor)driver).ExecuteScript("document.getElementById('lineage-legend').scrollIntoView()");
            Assert.Equal(4, driver.FindElements(By.CssSelector("#lineage a.node")).Count);
            Shot("08b-dong-sao-chep");

            // on a phone: no page wider than the screen, no word of a table broken across lines (wide tables scroll sideways)
            string dashboard = driver.Url;
            driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            foreach (var (path, shot) in new[] { (dashboard[baseUrl.Length..], "12-ra-soat-dien-thoai"), ("/archive?q=" + Uri.EscapeDataString("kĩ năng"), "13-kho-dien-thoai"), ("/", "14-trang-chinh-dien-thoai"),
                         (documentUrl[baseUrl.Length..], "14b-toan-van-dien-thoai") })
            {
                driver.Navigate().GoToUrl(baseUrl + path);
                wait.Until(d => d.FindElements(By.CssSelector("main")).Count == 1);
                var js = (IJavaScriptExecutor)driver;
                long wide = (long)js.ExecuteScript("return document.documentElement.scrollWidth - window.innerWidth")!;
                long broken = (long)js.ExecuteScript(BrokenWordsScript)!;
                js.ExecuteScript("const m = document.querySelector('#document a.m'); if (m) m.scrollIntoView({block: 'center'}); else document.querySelector('main table')?.scrollIntoView();");
                Shot(shot);
                string culprits = wide <= 1 ? "" : (string)js.ExecuteScript("""
                    return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                      .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + e.className : '')).join(', ');
                    """)!;
                Assert.True(wide <= 1, $"{path} is {wide}px wider than a 390px phone screen: {culprits}");
                Assert.True(broken == 0, $"{path}: {broken} table cell(s) with a word broken across lines on a 390px phone");
            }
            driver.Navigate().GoToUrl(dashboard);
            wait.Until(d => d.FindElements(By.Id("lineage")).Count == 1);
            ((IJavaScriptExecutor)driver).ExecuteScript("document.getElementById('lineage-legend').scrollIntoView()");
            Shot("12b-dong-sao-chep-dien-thoai");
            driver.Manage().Window.Size = new System.Drawing.Size(1366, 768);
            driver.Navigate().GoToUrl(dashboard);
            wait.Until(d => d.FindElements(By.Id("xlsx")).Count == 1);

            // 7. the .xlsx, downloaded by the browser and read back
            driver.FindElement(By.Id("xlsx")).Click();
            string? xlsx = null;
            wait.Until(_ => (xlsx = Directory.GetFiles(downloads, "*.xlsx").FirstOrDefault()) is not null);
            await Task.Delay(500);
            var rows = WebAppTests.ReadXlsx(await File.ReadAllBytesAsync(xlsx!));
            Assert.Equal(["r2", "r4"], rows.Skip(1).Select(r => r[0]).Order().ToList());
            Assert.Contains(rows, r => r[0] == "r2" && r[5] == "r1");

            // 7b. a flagged pair of the screen opens side by side, computed from the archive (no upload)
            driver.Navigate().GoToUrl(dashboard);
            driver.FindElement(By.CssSelector("#pairs tr.pair[data-pair='r2←r1'] a.open-pair")).Click();
            wait.Until(d => d.FindElements(By.Id("pair-verdict")).Count == 1);
            Assert.Contains("gần như trùng lặp", driver.FindElement(By.Id("pair-verdict")).Text, StringComparison.Ordinal);
            var pairSection = driver.FindElement(By.CssSelector("section.source[data-source='r1']"));
            pairSection.FindElement(By.CssSelector(".pane[data-side='submission'] .passage")).Click();
            Assert.Equal(2, pairSection.FindElements(By.CssSelector(".passage.active")).Count);
            Assert.Contains(pairSection.FindElements(By.CssSelector(".pane[data-side='source'] mark.val")), v => v.Text == "2A");
            Shot("15-cap-nghi-van");
            // opened from the screen, a reviewer may exclude a shared quotation everywhere (shown, not sent here)
            ((IJavaScriptExecutor)driver).ExecuteScript("document.getElementById('exclude-everywhere').scrollIntoView()");
            Shot("15b-loai-tru-moi-noi");
            driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            driver.Navigate().Refresh();
            wait.Until(d => d.FindElements(By.Id("pair-verdict")).Count == 1);
            long pairOverflow = (long)((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollWidth - window.innerWidth")!;
            Shot("16-cap-nghi-van-dien-thoai");
            Assert.True(pairOverflow <= 1, $"the pair page is {pairOverflow}px wider than a 390px phone screen");
            Assert.Equal(0L, (long)((IJavaScriptExecutor)driver).ExecuteScript(BrokenWordsScript)!);
            driver.Manage().Window.Size = new System.Drawing.Size(1366, 768);

            driver.Navigate().GoToUrl(reportUrl);
            Shot("09-bao-cao-sau-loai-tru");

            // 8. a copy of r1 with letters hidden inside its words: found, and the report says how it hid them
            string hiddenCopy = EvasionFixtures.HiddenLettersDocx(Path.Combine(host.Root, "ban-sao-chu-an.docx"),
                new Ingest.DocumentReader().Read(Path.Combine(TestPaths.Samples, "screen", "r1-doc-lop2.docx")).Text
                + "\nBài viết được tác giả chỉnh sửa, bổ sung cho năm học mới.");
            driver.Navigate().GoToUrl(baseUrl + "/");
            driver.FindElement(By.Id("file")).SendKeys(hiddenCopy);
            driver.FindElement(By.Id("submit-check")).Click();
            wait.Until(d => d.FindElements(By.Id("similarity-index")).Count == 1);
            var evasion = driver.FindElement(By.Id("evasion"));
            Assert.Contains("Dấu hiệu né tránh kiểm tra", evasion.Text, StringComparison.Ordinal);
            Assert.Contains("chữ cái ẩn chèn vào giữa chữ (định dạng ẩn của Word)", evasion.Text, StringComparison.Ordinal);
            Assert.Contains("gần như trùng lặp", driver.FindElement(By.CssSelector("#sources tr[data-source='r1']")).Text, StringComparison.Ordinal);
            Shot("10-dau-hieu-ne-tranh");
            driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            driver.Navigate().Refresh();
            wait.Until(d => d.FindElements(By.Id("evasion")).Count == 1);
            ((IJavaScriptExecutor)driver).ExecuteScript("document.getElementById('evasion').scrollIntoView()");
            long phoneOverflow = (long)((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollWidth - window.innerWidth")!;
            Shot("11-dau-hieu-ne-tranh-dien-thoai");
            Assert.True(phoneOverflow <= 1, $"the report is {phoneOverflow}px wider than a 390px phone screen");

            // 8b. a PDF whose second page reads poorly: the report lists how each page was read, the poor page marked
            driver.Manage().Window.Size = new System.Drawing.Size(1366, 768);
            driver.Navigate().GoToUrl(baseUrl + "/");
            driver.FindElement(By.Id("file")).SendKeys(PageQualityTests.TwoPagePdf(host.Root));
            driver.FindElement(By.Id("submit-check")).Click();
            wait.Until(d => d.FindElements(By.Id("similarity-index")).Count == 1);
            var pages = driver.FindElement(By.Id("pages"));
            Assert.Contains("Chất lượng đọc theo trang: 2 trang; đọc kém: trang 2", pages.Text, StringComparison.Ordinal);
            Assert.Single(driver.FindElements(By.CssSelector("#pages tr.poor")));
            ((IJavaScriptExecutor)driver).ExecuteScript("document.getElementById('pages').scrollIntoView(); window.scrollBy(0, -160)");
            Shot("10b-chat-luong-trang");
            driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            driver.Navigate().Refresh();
            wait.Until(d => d.FindElements(By.Id("pages")).Count == 1);
            ((IJavaScriptExecutor)driver).ExecuteScript("document.getElementById('pages').scrollIntoView()");
            long pagesOverflow = (long)((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollWidth - window.innerWidth")!;
            Shot("11b-chat-luong-trang-dien-thoai");
            Assert.True(pagesOverflow <= 1, $"the report with its pages is {pagesOverflow}px wider than a 390px phone screen");

            // 9. the administrator's list of users: roles by their Vietnamese names, on a desktop and on a phone
            driver.Manage().Window.Size = new System.Drawing.Size(1366, 768);
            driver.Manage().Cookies.DeleteAllCookies();
            driver.Navigate().GoToUrl(baseUrl + "/login");
            driver.FindElement(By.Id("name")).SendKeys("quantri");
            driver.FindElement(By.Id("password")).SendKeys(WebTestHost.Password);
            driver.FindElement(By.Id("signin")).Click();
            wait.Until(d => d.FindElements(By.Id("upload-form")).Count == 1);
            driver.Navigate().GoToUrl(baseUrl + "/admin/users");
            wait.Until(d => d.FindElements(By.CssSelector("table.list")).Count == 1);
            var roles = driver.FindElements(By.CssSelector("table.list tbody tr")).ToDictionary(
                r => r.FindElements(By.TagName("td"))[0].Text, r => r.FindElements(By.TagName("td"))[1].Text);
            Assert.Equal("quản trị", roles["quantri"]);
            Assert.Equal("giám khảo", roles["giamkhao"]);
            Assert.Equal("người xem", roles["nguoixem"]);
            Assert.Contains("(quản trị)", driver.FindElement(By.CssSelector(".who")).Text, StringComparison.Ordinal);
            Shot("15-nguoi-dung");
            driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            driver.Navigate().Refresh();
            wait.Until(d => d.FindElements(By.CssSelector("table.list")).Count == 1);
            long usersOverflow = (long)((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollWidth - window.innerWidth")!;
            Shot("16-nguoi-dung-dien-thoai");
            Assert.True(usersOverflow <= 1, $"the users page is {usersOverflow}px wider than a 390px phone screen");

            // 10. an account turned off from the phone: the page says so and the row shows it; then the sign-in log
            driver.FindElement(By.CssSelector("tr[data-user='nguoixem'] form button.danger")).Click();
            wait.Until(d => d.FindElements(By.CssSelector("p.ok")).Count == 1);
            Assert.Contains("Đã tắt tài khoản", driver.FindElement(By.CssSelector("p.ok")).Text, StringComparison.Ordinal);
            Assert.Contains("đã tắt", driver.FindElement(By.CssSelector("tr[data-user='nguoixem']")).Text, StringComparison.Ordinal);
            Assert.Equal(0L, (long)((IJavaScriptExecutor)driver).ExecuteScript(BrokenWordsScript)!);
            Shot("17-tat-tai-khoan-dien-thoai");
            driver.Manage().Window.Size = new System.Drawing.Size(1366, 768);
            driver.Navigate().GoToUrl(baseUrl + "/admin/signins");
            wait.Until(d => d.FindElements(By.Id("signins")).Count == 1);
            Assert.Contains("đăng nhập", driver.FindElement(By.CssSelector("#signins tbody tr")).Text, StringComparison.Ordinal);
            Assert.Contains("quantri", driver.FindElement(By.CssSelector("#signins tbody tr")).Text, StringComparison.Ordinal);
            Shot("18-nhat-ky-dang-nhap");
            driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            driver.Navigate().Refresh();
            wait.Until(d => d.FindElements(By.Id("signins")).Count == 1);
            long logOverflow = (long)((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollWidth - window.innerWidth")!;
            Assert.Equal(0L, (long)((IJavaScriptExecutor)driver).ExecuteScript(BrokenWordsScript)!);
            Shot("19-nhat-ky-dang-nhap-dien-thoai");
            Assert.True(logOverflow <= 1, $"the sign-in log is {logOverflow}px wider than a 390px phone screen");

            // 11. an official text added from the browser: listed with its reason, who and when; on a phone too
            driver.Manage().Window.Size = new System.Drawing.Size(1366, 768);
            driver.Navigate().GoToUrl(baseUrl + "/admin/official");
            var official = driver.FindElement(By.Id("official-add"));
            official.FindElement(By.Name("title")).SendKeys("Thông tư 32/2018/TT-BGDĐT (trích)");
            official.FindElement(By.Name("reason")).SendKeys("chương trình GDPT 2018, nhiều bài trích nguyên văn");
            official.FindElement(By.Name("text")).SendKeys("Chương trình giáo dục phổ thông cụ thể hóa mục tiêu giáo dục phổ thông, giúp học sinh làm chủ kiến thức phổ thông, biết vận dụng hiệu quả kiến thức, kĩ năng đã học vào đời sống và tự học suốt đời.");
            official.FindElement(By.CssSelector("button[type=submit]")).Click();
            wait.Until(d => d.FindElements(By.CssSelector("p.ok")).Count == 1);
            Assert.Contains("Thông tư 32/2018/TT-BGDĐT (trích)", driver.FindElement(By.Id("official-list")).Text, StringComparison.Ordinal);
            Shot("20-van-ban-chinh-thuc");
            driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            driver.Navigate().Refresh();
            wait.Until(d => d.FindElements(By.Id("official-list")).Count == 1);
            long officialOverflow = (long)((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollWidth - window.innerWidth")!;
            Assert.Equal(0L, (long)((IJavaScriptExecutor)driver).ExecuteScript(BrokenWordsScript)!);
            Shot("21-van-ban-chinh-thuc-dien-thoai");
            Assert.True(officialOverflow <= 1, $"the official-texts page is {officialOverflow}px wider than a 390px phone screen");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    // table cells whose text takes more lines than it has words: a word was broken ("N g u ồ n", "2 0 2 3")
    private const string BrokenWordsScript = """
        return [...document.querySelectorAll('table th, table td')].filter(c => {
          const words = c.innerText.trim().split(/[\s\-]+/).filter(Boolean).length;
          if (words === 0) return false;
          const r = document.createRange(); r.selectNodeContents(c);
          const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size;
          return lines > words;
        }).length;
        """;

    private static double Percent(string text) =>
        double.Parse(Number().Match(text).Value.Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("[0-9]+(,[0-9]+)?")]
    private static partial Regex Number();
}
