using SimilarityEngine.Ingest.Text;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Tests;

public class VietnameseTextTests
{
    [Theory]
    [InlineData("NhânViênMới")]
    [InlineData("giáoviên")]
    [InlineData("TrườngTiểuHọc")]
    public void Normalize_GluedWords_KeepTheirMarks(string glued) => Assert.Equal(glued, TextNormalizer.Normalize(glued).Text);

    [Theory]
    [InlineData("Trƣờng Tiểu học", "Trường Tiểu học")]
    [InlineData("ƢU TIÊN", "ƯU TIÊN")]
    public void Normalize_OiLettersDrawnForU_MappedToU(string raw, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(raw).Text);

    [Theory]
    [InlineData("hoà", "hòa")]
    [InlineData("hoá", "hóa")]
    [InlineData("khoẻ", "khỏe")]
    [InlineData("thuỷ", "thủy")]
    [InlineData("uỷ ban", "ủy ban")]
    [InlineData("tuỳ", "tùy")]
    [InlineData("HOÀ", "HÒA")]
    [InlineData("THUỶ", "THỦY")]
    [InlineData("qúy", "quý")]
    [InlineData("qủa", "quả")]
    [InlineData("gìa", "già")]
    [InlineData("lọet", "loẹt")]
    public void NormalizeTones_TwoConventionsAndTypos_GiveTraditionalForm(string input, string expected)
    {
        Assert.Equal(expected, VietnameseSyllable.NormalizeTones(input, ToneStyle.Traditional));
    }

    [Theory]
    [InlineData("hoàn toán huýt loẹt quý quả già giữa thuở huế người chuyện khuỷu ngoài")]
    [InlineData("Trường Tiểu học Nguyễn Trãi, tỉnh Thừa Thiên Huế")]
    public void NormalizeTones_WellPlacedMarks_Unchanged(string text)
    {
        Assert.Equal(text, VietnameseSyllable.NormalizeTones(text, ToneStyle.Traditional));
    }

    [Theory]
    [InlineData("hòa", "hoà")]
    [InlineData("thủy", "thuỷ")]
    [InlineData("khỏe", "khoẻ")]
    public void NormalizeTones_ModernStyle_MovesMarkToSecondVowel(string input, string expected)
    {
        Assert.Equal(expected, VietnameseSyllable.NormalizeTones(input, ToneStyle.Modern));
    }

    [Theory]
    [InlineData("người", true)]
    [InlineData("trường", true)]
    [InlineData("nghiêng", true)]
    [InlineData("khuỷu", true)]
    [InlineData("gì", true)]
    [InlineData("quốc", true)]
    [InlineData("trờng", false)] // "ơng" is no Vietnamese rhyme: a lost 'ư'
    [InlineData("phơng", false)]
    [InlineData("chñ", false)]
    [InlineData("ViÖt", false)]
    [InlineData("computer", false)]
    [InlineData("hai", true)]
    [InlineData("haing", false)]
    public void IsValid_Syllables(string token, bool valid)
    {
        Assert.Equal(valid, VietnameseSyllable.IsValid(token));
    }

    [Fact]
    public void Fold_StripsTonesMarksAndD()
    {
        string folded = string.Concat("Sáng kiến kinh nghiệm: Đặt vấn đề".Select(VietnameseSyllable.Fold)).ToLowerInvariant();
        Assert.Equal("sang kien kinh nghiem: dat van de", folded);
    }

    [Theory]
    [InlineData("Vie\u0323\u0302t", "Việt")]
    [InlineData("Vie\u0302\u0323t", "Việt")]
    [InlineData("a\u0340", "à")]
    [InlineData("a\u0341", "á")]
    [InlineData("\u00D0\u00F4ng", "Đông")]
    [InlineData("Việt\u200BNam", "ViệtNam")]
    [InlineData("\uFEFFSáng kiến", "Sáng kiến")]
    [InlineData("Vi\u00ADệt", "Việt")]
    [InlineData("Độc lập – Tự do — Hạnh phúc", "Độc lập - Tự do - Hạnh phúc")]
    [InlineData("“trích dẫn”", "\"trích dẫn\"")]
    [InlineData("a\u00A0b\u2007c", "a b c")]
    [InlineData("Mục lục .......... 3", "Mục lục 3")]
    [InlineData("Hоà bình", "Hòa bình")] // Cyrillic о
    public void Normalize_CanonicalForms(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input).Text);
    }

    [Fact]
    public void Normalize_OffsetMap_PointsBackToTheExtractedText()
    {
        string raw = "  Vie\u0323\u0302t\u200B  Nam\n\n\u00ADhoà   bình";
        var n = TextNormalizer.Normalize(raw);
        Assert.Equal("Việt Nam\nhòa bình", n.Text);
        Assert.Equal(n.Text.Length + 1, n.Map.Length);
        // every canonical character maps into the raw text, monotonically
        for (int i = 1; i < n.Map.Length; i++)
        {
            Assert.True(n.Map[i] >= n.Map[i - 1]);
        }
        Assert.Equal(2, n.Map[0]);                               // 'V'
        Assert.Equal(raw.IndexOf("Nam", StringComparison.Ordinal), n.Map[n.Text.IndexOf("Nam", StringComparison.Ordinal)]);
        var (s, e) = n.ToOriginal(n.Text.IndexOf("hòa", StringComparison.Ordinal), n.Text.IndexOf("hòa", StringComparison.Ordinal) + 3);
        Assert.Equal("hoà", raw[s..e]);
        var (s2, e2) = n.ToOriginal(0, 4);
        Assert.Equal("Vie\u0323\u0302t", raw[s2..e2]);
    }

    [Fact]
    public void Quality_VietnameseHigh_GarbageLow()
    {
        Assert.True(TextNormalizer.Quality("Trường Tiểu học Hoa Sen là một trường học tốt", out _) > 0.9);
        Assert.True(TextNormalizer.Quality("Tr­êng TiÓu häc Hoa Sen lµ mét tr­êng häc tèt", out _) < 0.6);
        Assert.True(TextNormalizer.Quality("The quick brown fox jumps over the lazy dog", out _) < 0.6);
    }
}
