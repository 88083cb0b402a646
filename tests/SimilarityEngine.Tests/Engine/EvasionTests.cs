using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Text;
using SimilarityEngine.Reports;
using SimilarityEngine.Similarity.Matching;
using SimilarityEngine.Similarity.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace SimilarityEngine.Tests;

/// <summary>Copies made to dodge a checker: text typed without Vietnamese marks, letters hidden in a PDF's text layer.</summary>
public sealed class EvasionTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static string Sample(string name) => TestPaths.Sample(Path.Combine("screen", name));

    private static string TextOf(string name) => new DocumentReader().Read(Sample(name)).Text;

    private string Txt(string name, string text)
    {
        string path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static ReportInput Input(string id, string file, string submitted, int year) =>
        new(id, file, submitted, year, new Dictionary<string, string>());

    [Theory]
    [InlineData("Trường học là nơi học sinh được phát triển toàn diện về đức, trí, thể, mĩ.", 0)]
    [InlineData("Truong hoc la noi hoc sinh duoc phat trien toan dien ve duc, tri, the, mi.", 1)]
    [InlineData("Temari became an art and craft of the Japanese upper class and aristocracy.", 0)]
    public void UnaccentedShare_VietnameseWithoutMarks_NotProseNorEnglish(string text, double expected)
    {
        Assert.Equal(expected, UnaccentedText.Share(text), 2);
    }

    [Theory]
    [InlineData("truong", true)]
    [InlineData("nguoi", true)]
    [InlineData("duoc", true)]
    [InlineData("khuyech", true)]
    [InlineData("became", false)]
    [InlineData("craft", false)]
    [InlineData("and", false)]
    public void IsValidFolded_SyllablesReadWithoutMarks(string token, bool valid)
    {
        Assert.Equal(valid, VietnameseSyllable.IsValidFolded(token));
    }

    [Fact]
    public void Check_UnaccentedCopyOfAnArchivedReport_FindsItWithWordsMatched()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(index, Manifest.Read(Sample("manifest.csv"))));
        string copy = Txt("ban-sao-khong-dau.txt", Unaccented.Strip(TextOf("r1-doc-lop2.docx")));

        var check = engine.Check(new CheckRequest(index, copy));

        var r1 = Assert.Single(check.Sources, s => s.Source.Id == "r1");
        Assert.True(r1.Folded);
        Assert.Equal(Verdict.NearDuplicate, r1.Verdict);
        Assert.True(r1.Score.Containment > 0.9, $"containment {r1.Score.Containment}");
        Assert.DoesNotContain(check.Sources, s => s.Source.Id is "r3" or "r5" && s.Verdict >= Verdict.Recycled);
        // the word-level comparison reads the copy without marks too: "truong" is "trường", not a changed word
        var pair = ReportModels.Pair(r1);
        int same = pair.Passages.Sum(p => p.Syllables);
        int changed = pair.Passages.SelectMany(p => p.Differences).Count(d => d.Kind == "changed");
        Assert.True(changed * 20 < same, $"{changed} changed spans in {same} words");
    }

    [Fact]
    public void Check_AccentedCopyOfAnUnaccentedArchivedReport_FindsIt()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var engine = new SimEngine();
        string earlier = Txt("cu.txt", Unaccented.Strip(TextOf("r1-doc-lop2.docx")));
        engine.Ingest(new IngestRequest(index, [Input("cu-khong-dau", earlier, "2022-03-01", 2022),
            Input("r3", Sample("r3-toan-lop5.docx"), "2023-04-02", 2023)]));

        var check = engine.Check(new CheckRequest(index, Sample("r1-doc-lop2.docx")));

        var source = Assert.Single(check.Sources, s => s.Verdict >= Verdict.Recycled);
        Assert.Equal("cu-khong-dau", source.Source.Id);
        Assert.True(source.Folded);
        Assert.True(source.Score.Containment > 0.9, $"containment {source.Score.Containment}");
    }

    [Fact]
    public void Screen_UnrelatedReportsBothTypedWithoutMarks_NotPairedOnTheirTemplate()
    {
        // the SKKN template (cover, headings, declaration) typed without marks is template all the same
        string index = Path.Combine(_dir.FullName, "index");
        var engine = new SimEngine();
        var inputs = new[] { "r1-doc-lop2.docx", "r3-toan-lop5.docx", "r5-vuon-truong.docx" }
            .Select((f, i) => Input($"u{i}", Txt($"u{i}.txt", Unaccented.Strip(TextOf(f))), $"2024-0{i + 1}-01", 2024)).ToList();
        engine.Ingest(new IngestRequest(index, inputs));

        var screen = engine.Screen(new ScreenRequest(index));

        Assert.Empty(screen.Flagged);
    }

    [Fact]
    public void Screen_UnaccentedCopy_FlaggedAgainstItsSource()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var engine = new SimEngine();
        var inputs = Manifest.Read(Sample("manifest.csv")).ToList();
        inputs.Add(Input("r6-khong-dau", Txt("r6.txt", Unaccented.Strip(TextOf("r3-toan-lop5.docx"))), "2025-05-01", 2025));
        engine.Ingest(new IngestRequest(index, inputs));

        var screen = engine.Screen(new ScreenRequest(index, 2025));

        // r4 is a copy of r3 too (retyped in TCVN3) and was submitted before r6
        var pair = Assert.Single(screen.Flagged, p => p.Submission.Id == "r6-khong-dau" && p.Source.Id == "r3");
        Assert.True(pair.Folded);
        Assert.True(pair.Score.Containment > 0.9, $"containment {pair.Score.Containment}");
    }

    // one line of Helvetica words; hidden letters (drawn as the test says) stand inside the words
    private static string HiddenLettersPdf(string path, Func<PdfPageBuilder, PdfDocumentBuilder.AddedFont, PdfPoint, double>? hide)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        // a wide page: the hidden letters' room makes the lines longer than an A4 line
        var page = builder.AddPage(1400, 842);
        string[] lines = Lines.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            double y = 760 - i * 20;
            double x = 60;
            foreach (var word in lines[i].Split(' '))
            {
                // each word in two pieces, the hidden letters (if any) between them
                int cut = Math.Max(1, word.Length / 2);
                var first = page.AddText(word[..cut], 12, new PdfPoint(x, y), font);
                x = first[^1].EndBaseLine.X;
                if (hide is not null)
                {
                    // the visible rest starts where the hidden letters end (as a PDF printer draws them)
                    x = hide(page, font, new PdfPoint(x, y));
                }
                if (cut < word.Length)
                {
                    x = page.AddText(word[cut..], 12, new PdfPoint(x, y), font)[^1].EndBaseLine.X;
                }
                x += 3.5;
            }
        }
        File.WriteAllBytes(path, builder.Build());
        return path;
    }

    private const string Expected = "Truong hoc la noi hoc sinh duoc phat trien toan dien ve duc tri the mi";

    private const string Lines = Expected + "\nGiao vien chu nhiem huong dan hoc sinh tu hoc o nha moi buoi toi\n"
        + "Nha truong phoi hop voi cha me hoc sinh de nang cao chat luong day hoc";

    [Fact]
    public void Pdf_WhiteLettersInsideWords_LeftOut_WordsWhole_Counted()
    {
        string path = HiddenLettersPdf(Path.Combine(_dir.FullName, "white.pdf"), (page, font, at) =>
        {
            page.SetTextAndFillColor(255, 255, 255);
            double end = page.AddText("xq", 12, at, font)[^1].EndBaseLine.X;
            page.ResetColor();
            return end;
        });
        var read = new DocumentReader().Read(path);
        Assert.Equal(Lines.Replace('\n', ' '), read.Text.Replace('\n', ' '));
        Assert.True(read.Source.HiddenLetters.TryGetValue("white", out int n) && n >= 90, string.Join(",", read.Source.HiddenLetters));
    }

    [Fact]
    public void Pdf_TinyLettersInsideWords_LeftOut_Counted()
    {
        string path = HiddenLettersPdf(Path.Combine(_dir.FullName, "tiny.pdf"), (page, font, at) => page.AddText("xq", 1, at, font)[^1].EndBaseLine.X);
        var read = new DocumentReader().Read(path);
        Assert.Equal(Lines.Replace('\n', ' '), read.Text.Replace('\n', ' '));
        Assert.True(read.Source.HiddenLetters.GetValueOrDefault("tiny") >= 90, string.Join(",", read.Source.HiddenLetters));
    }

    [Fact]
    public void Pdf_PlainText_NothingHidden_TextUnchanged()
    {
        string path = HiddenLettersPdf(Path.Combine(_dir.FullName, "plain.pdf"), null);
        var read = new DocumentReader().Read(path);
        Assert.Equal(Lines.Replace('\n', ' '), read.Text.Replace('\n', ' '));
        Assert.Empty(read.Source.HiddenLetters);
    }

    [Fact]
    public void Pdf_InvisibleTextOverVisibleText_AndTextOffThePage_LeftOut_WhiteOnDarkBoxKept()
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText(Expected, 12, new PdfPoint(60, 760), font);
        // a second text drawn invisible over the first: what a checker reads, not what a reviewer sees
        page.SetTextRenderingMode(TextRenderingMode.Neither);
        page.AddText("Mot doan van hoan toan khac duoc giau duoi dong chu nay", 12, new PdfPoint(60, 760), font);
        page.SetTextRenderingMode(TextRenderingMode.Fill);
        page.AddText("Chu nam ngoai trang giay khong ai doc duoc", 12, new PdfPoint(-2000, 400), font);
        // white letters on a dark box are seen: a slide's title
        page.SetTextAndFillColor(0, 0, 80);
        page.DrawRectangle(new PdfPoint(50, 600), 400, 30, 1, fill: true);
        page.SetTextAndFillColor(255, 255, 255);
        page.AddText("Tieu de trang trinh chieu mau trang", 14, new PdfPoint(60, 610), font);
        page.ResetColor();
        page.AddText("Giao vien chu nhiem huong dan hoc sinh tu hoc o nha moi buoi toi", 12, new PdfPoint(60, 500), font);
        string path = Path.Combine(_dir.FullName, "layers.pdf");
        File.WriteAllBytes(path, builder.Build());

        var read = new DocumentReader().Read(path);

        Assert.Contains(Expected, read.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("hoan toan khac", read.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ngoai trang giay", read.Text, StringComparison.Ordinal);
        Assert.Contains("Tieu de trang trinh chieu mau trang", read.Text, StringComparison.Ordinal);
        Assert.True(read.Source.HiddenLetters.GetValueOrDefault("invisible") > 30, string.Join(",", read.Source.HiddenLetters));
        Assert.True(read.Source.HiddenLetters.GetValueOrDefault("off-page") > 30, string.Join(",", read.Source.HiddenLetters));
        Assert.False(read.Source.HiddenLetters.ContainsKey("white"));
    }

    // pdf.js's highlight.pdf: a page cropped to where its text is (/CropBox [84.75 501.75 413.25 705.75]); PdfPig gives the
    // letters relative to the crop box, so the page box to test them against starts at 0,0 (and turns with /Rotate)
    [Theory]
    [InlineData("/CropBox [100 300 500 800]")]
    [InlineData("/CropBox [100 300 500 800] /Rotate 90")]
    [InlineData("/CropBox [100 300 500 800] /Rotate 270")]
    public void Pdf_CroppedOrTurnedPage_TextInsideTheCrop_IsRead_NothingHidden(string entries)
    {
        string[] lines = ["Giao vien chu nhiem huong dan hoc sinh tu hoc", "o nha moi buoi toi va kiem tra vao sang hom sau"];
        string path = ScanFixtures.WriteText(Path.Combine(_dir.FullName, "cropped.pdf"), [lines], 140, 700, entries);
        var read = new DocumentReader().Read(path);
        Assert.Equal(string.Join(' ', lines), read.Text.Replace('\n', ' ').Trim());
        Assert.Empty(read.Source.HiddenLetters);
    }

    // pdf.js's endchar.pdf: a crop box of 15 × 34 pt that leaves all of the page's text outside it. Letters outside the
    // page that are all of its text are the file's own geometry, not letters hidden among visible ones: read them
    [Fact]
    public void Pdf_AllTextOutsideTheCrop_IsTheFilesGeometry_Read()
    {
        string[] lines = ["Giao vien chu nhiem huong dan hoc sinh tu hoc", "o nha moi buoi toi va kiem tra vao sang hom sau"];
        string path = ScanFixtures.WriteText(Path.Combine(_dir.FullName, "outside.pdf"), [lines], 40, 700, "/CropBox [400 760 415 794]");
        var read = new DocumentReader().Read(path);
        Assert.Equal(string.Join(' ', lines), read.Text.Replace('\n', ' ').Trim());
        Assert.Empty(read.Source.HiddenLetters);
    }

    // pdf.js's issue7454.pdf: a 384 × 111 pt page showing 64 words, with 640 more drawn off the sheet. Off the sheet is
    // hidden even when it is most of the page's text: a page of it would dilute a copied text's share
    [Fact]
    public void Pdf_MostTextOffTheSheet_BesideVisibleText_LeftOut()
    {
        var lines = new[] { "Giao vien chu nhiem huong dan hoc sinh tu hoc", "o nha moi buoi toi va kiem tra vao sang hom sau" }
            .Concat(Enumerable.Range(0, 12).Select(i => $"Dong chu thu {i} nam ngoai to giay khong ai thay")).ToArray();
        string path = ScanFixtures.WriteText(Path.Combine(_dir.FullName, "diluted.pdf"), [lines], 40, 40, "");
        var read = new DocumentReader().Read(path);
        Assert.StartsWith("Giao vien chu nhiem huong dan hoc sinh tu hoc o nha moi buoi toi", read.Text.Replace('\n', ' '), StringComparison.Ordinal);
        Assert.DoesNotContain("Dong chu thu 5", read.Text, StringComparison.Ordinal);
        Assert.True(read.Source.HiddenLetters.GetValueOrDefault("off-page") > 200, string.Join(",", read.Source.HiddenLetters));
    }

    private static NormalizedText Repair(string raw) => TypingRepairs.Apply(TextNormalizer.Normalize(raw)).Text;

    [Theory]
    [InlineData("Mục tiêu: t r ư ờ n g h ọ c l à n ơ i h ọ c s i n h p h á t t r i ể n.", "Mục tiêu: trường học là nơi học sinh phát triển.")]
    [InlineData("S Á N G K I Ế N K I N H N G H I Ệ M", "SÁNG KIẾN KINH NGHIỆM")]
    [InlineData("Nguyên âm có dấu: à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ", "Nguyên âm có dấu: à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ")]
    [InlineData("Đáp án: a b c d đ e g h i k", "Đáp án: a b c d đ e g h i k")]
    [InlineData("Vie^.t Nam la` mo^.t quo^'c gia o+? Ddo^ng Nam A'.", "Việt Nam là một quốc gia ở Đông Nam Á.")]
    [InlineData("Truwowngf hocj laf nowi hocj sinh dduwowcj phats trieenr toanf dieenj.", "Trường học là nơi học sinh được phát triển toàn diện.")]
    [InlineData("This table has all the data that is needed for the class.", "This table has all the data that is needed for the class.")]
    [InlineData("Học sinh trả lời câu hỏi? Có. Cô giáo hỏi: “Em đã hiểu bài chưa?”", "Học sinh trả lời câu hỏi? Có. Cô giáo hỏi: \"Em đã hiểu bài chưa?\"")]
    public void TypingRepairs_SpacedLettersViqrTelex_Decoded_OrdinaryTextUntouched(string raw, string expected)
    {
        Assert.Equal(expected, Repair(raw).Text);
    }

    [Fact]
    public void TypingRepairs_Map_PointsEachLetterAtTheLetterItCameFrom()
    {
        string raw = "Noi dung: truwowngf hocj laf nowi hocj taapj, t r ư ờ n g h ọ c";
        var fixedText = Repair(raw);
        Assert.Equal("Noi dung: trường học là nơi học tập, trường học", fixedText.Text);
        Assert.Equal(raw.Length, fixedText.Map[^1]);
        int at = fixedText.Text.IndexOf("trường", StringComparison.Ordinal);
        // "trường" ← "truwowngf": t r u w o w n g f; ư from u (12), ờ from o (14)
        Assert.Equal(raw.IndexOf("truwowngf", StringComparison.Ordinal), fixedText.Map[at]);
        Assert.Equal('u', raw[fixedText.Map[at + 2]]);
        Assert.Equal('o', raw[fixedText.Map[at + 3]]);
        int spaced = fixedText.Text.LastIndexOf("trường", StringComparison.Ordinal);
        Assert.Equal('ư', raw[fixedText.Map[spaced + 2]]);
        Assert.Equal(' ', raw[fixedText.Map[spaced + 6]]); // the space between the joined words stands for a space
    }

    [Fact]
    public void LookAlikesAndInvisibleCharacters_InsideWords_Counted_OutsideNot()
    {
        // Cyrillic і and о inside Vietnamese words, a zero-width space inside a word; a Greek α alone in a formula
        var (lookAlikes, invisible) = EvasionScan.InsideWords("Trường học Vіệt Nam, nơі học tập; góc α = 30 độ; phát\u200Btriển");
        Assert.Equal(2, lookAlikes);
        Assert.Equal(1, invisible);
        Assert.Equal("hát", TextNormalizer.Normalize("hάt").Text); // Greek small alpha with tonos reads as á
    }

    [Fact]
    public void Read_SpacedAndTelexText_EvasionCounted()
    {
        string path = Txt("ne-tranh.txt", "Mở đầu\nt r ư ờ n g h ọ c l à n ơ i h ọ c s i n h đ ư ợ c p h á t t r i ể n t o à n d i ệ n v ề đ ứ c t r í t h ể m ĩ\n"
            + "Truwowngf hocj laf nowi hocj sinh dduwowcj phats trieenr toanf dieenj, hocj sinh dduwowcj hocj taapj vaf renf luyeenj.");
        var read = new DocumentReader().Read(path);
        Assert.Contains("trường học là nơi học sinh được phát triển toàn diện về đức trí thể mĩ", read.Text, StringComparison.Ordinal);
        Assert.Contains("Trường học là nơi học sinh được phát triển toàn diện, học sinh được học tập và rèn luyện.", read.Text, StringComparison.Ordinal);
        Assert.Equal(16, read.Evasion.SpacedWords);
        Assert.True(read.Evasion.TypedMarkWords >= 15, read.Evasion.TypedMarkWords.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("spaced-letters", read.Evasion.Codes);
        Assert.Contains("typed-marks", read.Evasion.Codes);
    }

    [Fact]
    public void HiddenLettersReport_Flagged_InCheckTextHtmlJsonAndScreen_EvenWithoutAMatch()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(index, Manifest.Read(Sample("manifest.csv"))));
        string pdf = HiddenLettersPdf(Path.Combine(_dir.FullName, "an-chu.pdf"), (page, font, at) => page.AddText("xq", 1, at, font)[^1].EndBaseLine.X);

        var check = engine.Check(new CheckRequest(index, pdf));

        Assert.DoesNotContain(check.Sources, s => s.Verdict >= Verdict.Recycled);
        Assert.True(check.Submission.Evasion.Suspicious);
        Assert.Contains("Dấu hiệu né tránh kiểm tra: ", TextReport.Check(check), StringComparison.Ordinal);
        Assert.Contains("chữ cái ẩn chèn vào giữa chữ (cỡ chữ 1–2 pt)", TextReport.Check(check), StringComparison.Ordinal);
        Assert.Contains("Dấu hiệu né tránh kiểm tra", HtmlReport.Check(check), StringComparison.Ordinal);
        var json = ReportModels.Check(check);
        // the test's text is typed without marks too
        Assert.Equal(["hidden-letters", "unaccented-text"], json.Evasion!.Signals);
        Assert.True(json.Evasion.HiddenLetters["tiny"] >= 90);
        Assert.Contains("\"signals\": [\n      \"hidden-letters\"", JsonContracts.Serialize(json), StringComparison.Ordinal);

        // archived, it is listed by the screen of its year although it pairs with nothing
        engine.Ingest(new IngestRequest(index, [Input("an-chu", pdf, "2025-06-01", 2025)]));
        var screen = engine.Screen(new ScreenRequest(index, 2025));
        var (id, e) = Assert.Single(screen.Evasions);
        Assert.Equal("an-chu", id);
        Assert.True(e.Suspicious);
        Assert.Contains("an-chu [đáng ngờ]: ", TextReport.Screen(screen), StringComparison.Ordinal);
        Assert.Single(ReportModels.Screen(screen).Evasions!);
    }

    [Fact]
    public void UnaccentedPair_CsvAndXlsx_SayComparedWithoutMarks_AndTheSign()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var engine = new SimEngine();
        var inputs = Manifest.Read(Sample("manifest.csv")).ToList();
        inputs.Add(Input("r6", Txt("r6.txt", Unaccented.Strip(TextOf("r5-vuon-truong.docx"))), "2025-05-01", 2025));
        engine.Ingest(new IngestRequest(index, inputs));
        var screen = engine.Screen(new ScreenRequest(index, 2025));

        var (header, rows) = Csv.Read(PairsCsv.Write(screen.Flagged));
        var row = rows.Single(r => r[0] == "r6");
        Assert.Equal("r5", row[1]);
        Assert.Equal("1", row[Array.IndexOf([.. header], "compared_without_marks")]);
        Assert.Equal("unaccented-text", row[Array.IndexOf([.. header], "submission_evasion")]);
        Assert.Equal("", row[Array.IndexOf([.. header], "source_evasion")]);
        using var xlsx = new MemoryStream();
        XlsxReport.WritePairs(ReportModels.Screen(screen).Pairs, xlsx);
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx.ToArray()), false);
        string cells = string.Join("|", doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>().Select(t => t.Text));
        Assert.Contains("Dấu hiệu né tránh (bài nộp)", cells, StringComparison.Ordinal);
        Assert.Contains("|có|gõ không dấu|", cells, StringComparison.Ordinal);
    }

    [SkippableFact]
    [Trait("Category", "Slow")]
    public void Pdf_TextDrawnAsOutlines_ReadByOcr_AndFlaggedAsPictureText()
    {
        // corpus-samples/vi-outlines.pdf: vi-prose.docx printed through Ghostscript with -dNoOutputFonts (tools/make-samples.sh)
        TestPaths.RequireOcr();
        var read = new DocumentReader().Read(TestPaths.Sample("vi-outlines.pdf"));
        var page = Assert.Single(read.Source.PageDecisions!);
        Assert.Equal("ocr", page.Text);
        Assert.Contains("outlines", page.Reason, StringComparison.Ordinal);
        string truth = new DocumentReader().Read(TestPaths.Sample("vi-prose.docx")).Text;
        double f1 = ExtractionTests.BigramF1(read.Text, truth);
        Assert.True(f1 >= 0.9, $"bigram F1 {f1:0.000}");
    }

    private const string Prose = "Trường học là nơi học sinh được phát triển toàn diện về đức, trí, thể, mĩ.";

    private const string Wml = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
        + "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "
        + "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
        + "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
        + "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
        + "xmlns:v=\"urn:schemas-microsoft-com:vml\"";

    private string Docx(string name, string body)
    {
        string path = Path.Combine(_dir.FullName, name);
        HostileFiles.WriteDocx(path, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {Wml}><w:body>{body}</w:body></w:document>");
        return path;
    }

    [Fact]
    public void Docx_EveryLetterItsOwnRun_ReadAsWords()
    {
        // each letter a run of its own, bold and not in turn: what a copier's macro makes of a copied paragraph
        string runs = string.Concat(Prose.Select((c, i) =>
            $"<w:r>{(i % 2 == 0 ? "<w:rPr><w:b/></w:rPr>" : "")}<w:t xml:space=\"preserve\">{System.Security.SecurityElement.Escape(c.ToString())}</w:t></w:r>"));
        var read = new DocumentReader().Read(Docx("runs.docx", $"<w:p>{runs}</w:p>"));
        Assert.Equal(Prose, read.Text);
    }

    [Fact]
    public void Docx_EveryLetterItsOwnTextBox_JoinedIntoWords_AndFlagged()
    {
        // each letter of the words in a text box of its own, placed inline, so that the page reads as ordinary text
        string Box(char c) => "<w:r><w:pict><v:shape style=\"width:8pt;height:14pt\"><v:textbox>"
            + $"<w:txbxContent><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>";
        string words = "trường học là nơi học sinh được phát triển toàn diện";
        string boxes = string.Concat(words.Where(c => c != ' ').Select(Box));
        var read = new DocumentReader().Read(Docx("boxes.docx", $"<w:p><w:r><w:t>Mục tiêu của đề tài:</w:t></w:r></w:p><w:p>{boxes}</w:p>"));
        Assert.Contains(words, read.Text, StringComparison.Ordinal);
        Assert.Contains("spaced-letters", read.Evasion.Codes);
    }

    [Fact]
    public void GreekAndCyrillicLettersWithVietnameseMarks_ReadAsLatin_AndCounted()
    {
        // Cyrillic е, о, с, а and Greek ο, α with a combining acute, grave, hook; a Greek ά and ό precomposed
        string raw = "Trường h\u043E\u0323\u0441 l\u0430\u0300 n\u03BF\u031Bi h\u03BF\u0323c sinh đư\u03BF\u031B\u0323c ph\u03AC t tri\u0435\u0302\u0309n toàn diện, "
            + "h\u03CCa học v\u03AC sinh học.";
        var read = new DocumentReader().Read(Txt("gia-latinh.txt", raw));
        Assert.Contains("Trường học là nơi học sinh được phá t triển toàn diện, hóa học vá sinh học.", read.Text, StringComparison.Ordinal);
        Assert.True(read.Evasion.LookAlikeLetters >= 9, read.Evasion.LookAlikeLetters.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("look-alike-letters", read.Evasion.Codes);
    }
}
