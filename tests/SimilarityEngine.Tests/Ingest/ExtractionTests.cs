using System.IO.Compression;
using System.Text;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Tests;

[Collection("external tools")]
public class ExtractionTests
{
    private static readonly DocumentReader s_reader = new();

    /// <summary>Golden files: corpus-samples/NAME.expected.txt holds the canonical text of NAME.
    /// SIMENG_UPDATE_GOLDEN=1 rewrites them (review the diff before committing).</summary>
    private static void Golden(string name)
    {
        var doc = s_reader.Read(TestPaths.Sample(name));
        string expectedPath = TestPaths.Sample(name + ".expected.txt");
        if (Environment.GetEnvironmentVariable("SIMENG_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, doc.Text + "\n", new UTF8Encoding(false));
        }
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing: run with SIMENG_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(expectedPath).TrimEnd('\n'), doc.Text);
    }

    [Fact] public void Golden_Docx() => Golden("vi-features.docx");

    [Fact] public void Golden_Tcvn3Docx() => Golden("vi-tcvn3.docx");

    [Fact] public void Golden_VniDocx() => Golden("vi-vni.docx");

    [Fact] public void Golden_Pdf() => Golden("vi-features.pdf");

    [Fact] public void Golden_NfdPdf() => Golden("vi-nfd.pdf");

    [Trait("Category", "Slow")]
    [SkippableFact]
    public void Golden_Doc()
    {
        TestPaths.RequireSoffice();
        Golden("vi-features.doc");
    }

    [Trait("Category", "Slow")]
    [SkippableFact]
    public void ScannedPdf_Ocr_CloseToTheTextPdf()
    {
        TestPaths.RequireOcr();
        var scanned = s_reader.Read(TestPaths.Sample("vi-scanned.pdf"));
        var text = s_reader.Read(TestPaths.Sample("vi-prose.docx")); // the scan was made from this document
        double f1 = BigramF1(scanned.Text, text.Text);
        Assert.True(f1 >= 0.90, $"OCR syllable-bigram F1 {f1:0.000} against the source document");
        Assert.Contains(scanned.Source.Warnings, w => w.Contains("OCR", StringComparison.Ordinal));
    }

    [Fact]
    public void ScannedPdf_WithoutOcr_WarnsNamingThePage()
    {
        var doc = new Ingest.Extractors.PdfExtractor();
        if (Ingest.Extractors.PdfExtractor.OcrAvailable)
        {
            // with OCR present the page is read; the warning still names it
            var d = doc.Extract(TestPaths.Sample("vi-scanned.pdf"));
            Assert.Contains(d.Warnings, w => w.Contains("page(s) 1", StringComparison.Ordinal));
            return;
        }
        var r = doc.Extract(TestPaths.Sample("vi-scanned.pdf"));
        Assert.Contains(r.Warnings, w => w.Contains("page(s) 1", StringComparison.Ordinal) && w.Contains("tesseract", StringComparison.OrdinalIgnoreCase));
    }

    internal static double BigramF1(string a, string b)
    {
        static Dictionary<string, int> Bigrams(string s)
        {
            var toks = System.Text.RegularExpressions.Regex.Matches(s.ToLowerInvariant(), @"\w+").Select(m => m.Value).ToList();
            var d = new Dictionary<string, int>();
            for (int i = 0; i + 1 < toks.Count; i++)
            {
                string k = toks[i] + " " + toks[i + 1];
                d[k] = d.GetValueOrDefault(k) + 1;
            }
            return d;
        }
        var x = Bigrams(a);
        var y = Bigrams(b);
        int inter = x.Sum(kv => Math.Min(kv.Value, y.GetValueOrDefault(kv.Key)));
        double p = inter / (double)Math.Max(1, x.Values.Sum());
        double r = inter / (double)Math.Max(1, y.Values.Sum());
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    [Fact]
    public void Docx_BlocksHaveKinds_HeaderFootnoteTextBoxTableHidden()
    {
        var d = s_reader.Extract(TestPaths.Sample("vi-features.docx"));
        Assert.Contains(d.Blocks, b => b.Kind == BlockKind.HeaderFooter && b.Text.Contains("Hoà Bình", StringComparison.Ordinal));
        Assert.Contains(d.Blocks, b => b.Kind == BlockKind.Footnote && b.Text.Contains("giáo viên chủ nhiệm", StringComparison.Ordinal));
        Assert.Contains(d.Blocks, b => b.Kind == BlockKind.TextBox && b.Text.Contains("giữ kín", StringComparison.Ordinal));
        Assert.Contains(d.Blocks, b => b.Kind == BlockKind.TableCell && b.Text == "Luyện đọc theo cặp" && b.Separator == '\t');
        Assert.Contains(d.Blocks, b => b.Kind == BlockKind.Heading && b.Text == "I. ĐẶT VẤN ĐỀ");
        Assert.Contains(d.Blocks, b => b.ExcludedReason == "hidden" && b.Text.Contains("Chữ ẩn", StringComparison.Ordinal));
        string matching = d.MatchingText;
        Assert.DoesNotContain("Chữ ẩn", matching, StringComparison.Ordinal);
        Assert.DoesNotContain("Báo cáo sáng kiến năm học", matching, StringComparison.Ordinal); // the header
        Assert.DoesNotContain("MERGEFORMAT", matching, StringComparison.Ordinal);
    }

    [Fact]
    public void Tcvn3Docx_InheritedFontSoftHyphenAndCapitals_Decoded()
    {
        var d = s_reader.Read(TestPaths.Sample("vi-tcvn3.docx"));
        Assert.StartsWith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSÁNG KIẾN KINH NGHIỆM\n", d.Text, StringComparison.Ordinal);
        Assert.Contains("Trường mầm non Hoa Sen", d.Text, StringComparison.Ordinal);         // <w:softHyphen/> inside TCVN3
        Assert.Contains("Người thực hiện: Nguyễn Thị Thương", d.Text, StringComparison.Ordinal); // U+00AD inside TCVN3
        Assert.Contains("Lý do chọn đề tài: kĩ năng đọc là nền tảng.", d.Text, StringComparison.Ordinal); // mixed runs
        Assert.Contains("Cộng hòa xã hội chủ nghĩa Việt Nam (gõ Unicode", d.Text, StringComparison.Ordinal); // not re-decoded
        Assert.Contains("Sáng kiến kinh nghiệm", d.Text, StringComparison.Ordinal);         // soft hyphen in a Unicode run removed
        Assert.Equal("tcvn3", d.Source.EncodingSummary);
    }

    [Fact]
    public void VniDocx_SplitLetterAndUnicodeInVniFont_Decoded()
    {
        var d = s_reader.Read(TestPaths.Sample("vi-vni.docx"));
        Assert.Contains("Tiếng Việt Nam", d.Text, StringComparison.Ordinal);
        Assert.Contains("Trường Tiểu học Hoa Sen", d.Text, StringComparison.Ordinal);
        Assert.Contains("Cộng hòa xã hội chủ nghĩa Việt Nam (gõ Unicode", d.Text, StringComparison.Ordinal);
        Assert.Equal("vni", d.Source.EncodingSummary);
    }

    [Fact]
    public void NfdPdf_ComposedToNfc()
    {
        var d = s_reader.Read(TestPaths.Sample("vi-nfd.pdf"));
        Assert.True(d.Text.IsNormalized(NormalizationForm.FormC));
        Assert.Contains("BÁO CÁO SÁNG KIẾN KINH NGHIỆM", d.Text, StringComparison.Ordinal);
        Assert.True(d.Quality > 0.9, $"quality {d.Quality}");
    }

    [Fact]
    public void Txt_Utf16AndUtf8WithBom_Read()
    {
        var dir = TestPaths.TempDir();
        try
        {
            const string text = "Sáng kiến kinh nghiệm năm học 2024 - 2025";
            File.WriteAllText(Path.Combine(dir.FullName, "a.txt"), text, new UnicodeEncoding(false, true));
            File.WriteAllText(Path.Combine(dir.FullName, "b.txt"), text, new UTF8Encoding(true));
            File.WriteAllText(Path.Combine(dir.FullName, "c.txt"), text, new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(dir.FullName, "d.txt"), LegacyEncoder.EncodeTcvn3(text + ". Trường học của chúng em rất đẹp và thân thiện."), Encoding.Latin1);
            foreach (var f in new[] { "a", "b", "c" })
            {
                Assert.Equal(text, s_reader.Read(Path.Combine(dir.FullName, f + ".txt")).Text);
            }
            Assert.StartsWith(text, s_reader.Read(Path.Combine(dir.FullName, "d.txt")).Text, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void TextLayerFullOfZeroWidthCharacters_KeptNotSentToOcr()
    {
        // a code listing typeset with zero-width spaces between characters, around Vietnamese prose
        string sql = string.Join('\u200B', "SELECT hoc_sinh, diem FROM bang_diem WHERE lop = '5A' ORDER BY diem DESC;".ToCharArray());
        string prose = "Giáo viên hướng dẫn học sinh lớp năm truy vấn bảng điểm của lớp mình và nhận xét kết quả học tập của các bạn trong tổ.";
        string page = string.Join('\n', Enumerable.Repeat(sql, 12).Append(prose).Append(prose));
        int letters = page.Count(char.IsLetter);
        Assert.False(Ingest.Extractors.PdfExtractor.TextLayerUnreadable(page, letters));
    }

    [Fact]
    public void TextLayerOfUnmappedGlyphs_SentToOcr()
    {
        // what a PDF whose fonts have no Unicode map gives: private-use codes and symbols, few letters
        string garbage = string.Concat(Enumerable.Repeat("\uE012\uE045\uE0A3 #%&*\uE101\uE102 \uE0FF+= ", 40)) + "abc";
        Assert.True(Ingest.Extractors.PdfExtractor.TextLayerUnreadable(garbage, garbage.Count(char.IsLetter)));
    }
}
