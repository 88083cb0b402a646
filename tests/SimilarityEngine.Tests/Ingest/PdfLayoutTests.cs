using System.Text.RegularExpressions;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Tests;

/// <summary>Real-document classes of PDF text layers: LaTeX (vntex) fonts named like TCVN3 ones, two columns, running
/// headers that change per chapter. Fixture: corpus-samples/vntex (made by make-vntex.sh from our own text).</summary>
public sealed class PdfLayoutTests
{
    private static readonly Lazy<NormalizedDocument> s_vntex = new(() => new DocumentReader().Read(TestPaths.Sample("vntex/vntex-two-column.pdf")));

    private static string Flat(string s) => Regex.Replace(s, @"\s+", " ");

    // the paragraphs of the source text, without its chapter markers
    private static List<string> Truth() => File.ReadAllLines(TestPaths.Sample("vntex/vntex-two-column.txt"))
        .Where(l => l.Length > 0 && !l.StartsWith("# ", StringComparison.Ordinal))
        .Select(l => l.TrimStart('#', ' ')).ToList();

    [Fact]
    public void Vntex_FontsNamedLikeTcvn3_UnicodeLayerKept()
    {
        var doc = s_vntex.Value;
        // the fonts are VNR12 / VNBX12; taking them for .VnTime turned "Dùng cho các" into "Dựng cho cỏc"
        Assert.DoesNotContain(doc.Source.Blocks, b => b.Encoding != LegacyEncoding.None);
        Assert.DoesNotContain(doc.Source.Warnings, w => w.Contains("legacy", StringComparison.Ordinal));
        Assert.Contains("thói quen đọc sách cho học sinh tiểu học", Flat(doc.Text), StringComparison.Ordinal);
        Assert.True(doc.Quality > 0.97, $"quality {doc.Quality}");
    }

    [Fact]
    public void TwoColumns_ReadColumnByColumn_ParagraphsWhole()
    {
        string text = Flat(s_vntex.Value.Text);
        var truth = Truth();
        // every paragraph comes out whole (no line of the other column spliced in), and in the order written
        int at = -1;
        foreach (var paragraph in truth)
        {
            int found = text.IndexOf(Flat(paragraph), StringComparison.Ordinal);
            Assert.True(found > at, $"paragraph out of place or broken: {paragraph[..Math.Min(40, paragraph.Length)]}… (at {found}, previous {at})");
            at = found;
        }
        Assert.True(ExtractionTests.BigramF1(s_vntex.Value.Text, string.Join('\n', truth)) > 0.99);
    }

    [Fact]
    public void RunningHeaders_ChangingPerChapter_LeftOut()
    {
        string text = s_vntex.Value.Text;
        Assert.DoesNotContain("Chương 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Chương 2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Chương 3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("GVHD", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s*\d+\s*$", text); // page numbers
    }

    // slides: every page's title alone at the top, at one height, different on every page: titles, not a running header
    // (the same line on every page is one, and goes)
    [Fact]
    public void SlideTitles_DifferentOnEveryPage_Stay_ALineRepeatedOnEveryPage_Goes()
    {
        string[] titles = ["Muc tieu cua hoat dong doc dien cam", "To chuc tro choi doc tiep suc", "Xay dung goc doc than thien", "Ket qua sau mot nam thuc hien"];
        string[][] bodies =
        [
            ["Hoc sinh doc dung va doc troi chay.", "Giao vien chuan bi phieu doc cho nhom.", "Moi em doc mot doan ngan truoc lop."],
            ["Lop chia thanh bon doi de doc noi tiep.", "Doi nao doc ro rang duoc gan sao.", "Cac em nhan xet ban doc sau moi luot."],
            ["Phu huynh gop truyen tranh va bao nhi dong.", "Gio ra choi cac em tu chon sach.", "Goc doc luon dong vui vao buoi chieu."],
            ["So em doc troi chay tang len ba muoi.", "Cac em manh dan phat bieu hon truoc.", "Phu huynh quan tam den viec hoc cua con."],
        ];
        var dir = TestPaths.TempDir();
        try
        {
            string slides = ScanFixtures.WriteText(Path.Combine(dir.FullName, "slides.pdf"),
                titles.Select((t, i) => (string[])[t, "", .. bodies[i]]).ToList());
            string text = new DocumentReader().Read(slides).Text;
            Assert.All(titles, t => Assert.Contains(t, text, StringComparison.Ordinal));
            string headed = ScanFixtures.WriteText(Path.Combine(dir.FullName, "headed.pdf"),
                bodies.Select(b => (string[])["Truong Tieu hoc Hoa Sen - Sang kien kinh nghiem", "", .. b]).ToList());
            string headedText = new DocumentReader().Read(headed).Text;
            Assert.DoesNotContain("Truong Tieu hoc Hoa Sen", headedText, StringComparison.Ordinal);
            Assert.All(bodies, b => Assert.Contains(b[0], headedText, StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("Thực hiện đề tài, sinh viên trường được hướng dẫn", LegacyEncoding.Tcvn3, false)] // Unicode under a VNR-like name
    [InlineData("Trong nh÷ng n¨m gÇn ®©y, nhµ tr­êng lu«n coi träng viÖc h×nh thµnh", LegacyEncoding.Tcvn3, true)] // real TCVN3 bytes
    [InlineData("the quick brown fox", LegacyEncoding.Tcvn3, false)] // nothing to decode
    public void Confirms_DecidesByTheBytesDrawn(string text, LegacyEncoding encoding, bool expected) =>
        Assert.Equal(expected, LegacyDetector.Confirms(text, encoding, capitals: false));
}
