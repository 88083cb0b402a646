using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;
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
}
