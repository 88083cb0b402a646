using CsCheck;
using SimilarityEngine.Ingest.Legacy;
using SimilarityEngine.Ingest.Text;

namespace SimilarityEngine.Tests;

public class LegacyTests
{
    [Theory]
    [InlineData("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam")]
    [InlineData("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc")]
    [InlineData("Tr\u00ADêng mÇm non", "Trường mầm non")]
    [InlineData("Tr\u001Fêng", "Trường")]
    public void DecodeTcvn3_CodeChartStrings(string tcvn3, string expected)
    {
        Assert.Equal(expected, LegacyDecoder.DecodeTcvn3(tcvn3));
    }

    [Theory]
    [InlineData("S¸NG KIÕN KINH NGHIÖM", "SÁNG KIẾN KINH NGHIỆM")]
    [InlineData("VIÖT NAM", "VIỆT NAM")]
    [InlineData("Tr\u00ADêng", "TRƯỜNG")]
    public void DecodeTcvn3_CapitalsFont_GivesCapitals(string tcvn3, string expected)
    {
        Assert.Equal(expected, LegacyDecoder.DecodeTcvn3(tcvn3, capitals: true));
    }

    [Theory]
    [InlineData("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam")]
    [InlineData("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc")]
    [InlineData("Tröôøng Tieåu hoïc", "Trường Tiểu học")]
    public void DecodeVni_CodeChartStrings(string vni, string expected)
    {
        Assert.Equal(expected, LegacyDecoder.DecodeVni(vni));
    }

    // A12: each column decodes to the first
    [Theory]
    [InlineData("Sáng kiến kinh nghiệm", "S¸ng kiÕn kinh nghiÖm", "Saùng kieán kinh nghieäm")]
    [InlineData("Trường Tiểu học", "Tr\u00ADêng TiÓu häc", "Tröôøng Tieåu hoïc")]
    [InlineData("Người thực hiện", "Ng\u00ADêi thùc hiÖn", "Ngöôøi thöïc hieän")]
    [InlineData("Đặt vấn đề", "§Æt vÊn ®Ò", "Ñaët vaán ñeà")]
    [InlineData("Lý do chọn đề tài", "Lý do chän ®Ò tµi", "Lyù do choïn ñeà taøi")]
    [InlineData("Giải quyết vấn đề", "Gi¶i quyÕt vÊn ®Ò", "Giaûi quyeát vaán ñeà")]
    [InlineData("Tài liệu tham khảo", "Tµi liÖu tham kh¶o", "Taøi lieäu tham khaûo")]
    [InlineData("Kết luận và kiến nghị", "KÕt luËn vµ kiÕn nghÞ", "Keát luaän vaø kieán nghò")]
    [InlineData("Một số biện pháp giúp trẻ 5-6 tuổi", "Mét sè biÖn ph¸p gióp trÎ 5-6 tuæi", "Moät soá bieän phaùp giuùp treû 5-6 tuoåi")]
    [InlineData("Mục lục", "Môc lôc", "Muïc luïc")]
    public void Decode_RoundTripTable(string unicode, string tcvn3, string vni)
    {
        Assert.Equal(unicode, LegacyDecoder.DecodeTcvn3(tcvn3));
        Assert.Equal(unicode, LegacyDecoder.DecodeVni(vni));
        Assert.Equal(tcvn3, LegacyEncoder.EncodeTcvn3(unicode));
        Assert.Equal(vni, LegacyEncoder.EncodeVni(unicode));
    }

    [Theory]
    [InlineData(".VnTime", LegacyEncoding.Tcvn3, false)]
    [InlineData(".VnTimeH", LegacyEncoding.Tcvn3, true)]
    [InlineData("ABCDEF+.VnTimeH", LegacyEncoding.Tcvn3, true)]
    [InlineData("VnTime,Bold", LegacyEncoding.Tcvn3, false)]
    [InlineData("XYZABC+VNI-Times", LegacyEncoding.Vni, false)]
    [InlineData("VNI-Helve", LegacyEncoding.Vni, false)]
    [InlineData("Times New Roman", LegacyEncoding.None, false)]
    [InlineData(null, LegacyEncoding.None, false)]
    public void FromFontName_RoutesByFamily(string? font, LegacyEncoding encoding, bool capitals)
    {
        Assert.Equal((encoding, capitals), LegacyDecoder.FromFontName(font));
    }

    [Fact]
    public void Detect_Tcvn3AndVniWithoutFontNames_Decoded()
    {
        string tcvn = LegacyEncoder.EncodeTcvn3("Trường Tiểu học Hoa Sen tổ chức nhiều hoạt động trải nghiệm bổ ích cho học sinh trong năm học này.");
        var t = LegacyDetector.Detect(tcvn);
        Assert.Equal(LegacyEncoding.Tcvn3, t.Encoding);
        Assert.StartsWith("Trường Tiểu học Hoa Sen", t.Text, StringComparison.Ordinal);
        string vni = LegacyEncoder.EncodeVni("Trường Tiểu học Hoa Sen tổ chức nhiều hoạt động trải nghiệm bổ ích cho học sinh trong năm học này.");
        var v = LegacyDetector.Detect(vni);
        Assert.Equal(LegacyEncoding.Vni, v.Encoding);
        Assert.StartsWith("Trường Tiểu học Hoa Sen", v.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hồ Chí Minh là thành phố lớn nhất Việt Nam, nơi có nhiều trường học và bệnh viện.")]
    [InlineData("Les élèves ont visité le musée d'Orsay où ils ont vu des œuvres de Monet, Señor Muñoz.")]
    [InlineData("The quick brown fox jumps over the lazy dog.")]
    public void Detect_UnicodeOrEnglish_Unchanged(string text)
    {
        var d = LegacyDetector.Detect(text);
        Assert.Equal(LegacyEncoding.None, d.Encoding);
        Assert.Equal(text, d.Text);
    }

    [Fact]
    public void ShowsLostU_OnlyWhenPlainUIsRareInALongText()
    {
        string kept = string.Concat(Enumerable.Repeat("Trường học của người dân địa phương được xây dựng từ lâu. ", 40));
        string lost = kept.Replace("ư", "", StringComparison.Ordinal);
        Assert.False(LegacyDetector.ShowsLostU(kept));
        Assert.True(LegacyDetector.ShowsLostU(lost));
        // a capital Ư that survived in a heading does not hide the loss
        Assert.True(LegacyDetector.ShowsLostU("TRƯỜNG HỌC\n" + lost));
        Assert.False(LegacyDetector.ShowsLostU("Trờng học")); // too short to tell
    }

    [Theory]
    [InlineData("câu b. đúng, bộ nhớ 64K x 4 bit")]
    [InlineData("Những học sinh lớp 5A trả lời câu b. và câu c.")]
    public void RepairLostU_LabelsAndLettersBetweenNumbers_NeverChanged(string text)
    {
        var (fixedText, repairs) = LegacyDetector.RepairLostU(text);
        Assert.Equal(text, fixedText);
        Assert.Equal(0, repairs);
    }

    [Fact]
    public void RepairLostU_LoneLetterInProse_IsTheLostWord()
    {
        var (text, _) = LegacyDetector.RepairLostU("phát triển t duy cho học sinh");
        Assert.Equal("phát triển tư duy cho học sinh", text);
    }

    [Fact]
    public void RepairLostU_LossyTcvn3Pdf_RestoresCommonWords()
    {
        // the soft hyphen (ư) was dropped by the PDF: "Trêng" decodes to "Trờng"
        string decoded = LegacyDecoder.DecodeTcvn3("Trêng häc cña ngêi d©n ®Þa ph¬ng");
        var (text, repairs) = LegacyDetector.RepairLostU(decoded);
        Assert.Equal("Trường học của người dân địa phương", text);
        Assert.Equal(3, repairs);
    }

    [Fact]
    public void Decoders_ArbitraryInput_NeverThrowAndNormalizerIsIdempotent()
    {
        Gen.String.Sample(s =>
        {
            _ = LegacyDecoder.DecodeTcvn3(s);
            _ = LegacyDecoder.DecodeVni(s);
            _ = LegacyDetector.Detect(s);
            _ = LegacyDetector.RepairLostU(s);
        }, iter: 2000);
        Gen.Byte.Array[0, 300].Select(b => System.Text.Encoding.Latin1.GetString(b)).Sample(s =>
        {
            string t = LegacyDecoder.DecodeTcvn3(s);
            string v = LegacyDecoder.DecodeVni(s);
            Assert.True(v.IsNormalized(System.Text.NormalizationForm.FormC));
            Assert.Equal(s.Length, t.Length); // TCVN3 is one byte, one letter
        }, iter: 2000);
        Gen.Char["aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐàáảãạềếểễệ \u0300\u0301\u0303\u0309\u0323\u00AD\u200B\n\t.,-–“”"].Array[0, 80]
            .Select(a => new string(a)).Sample(s =>
            {
                var n = TextNormalizer.Normalize(s);
                Assert.Equal(n.Text, TextNormalizer.Normalize(n.Text).Text);
                Assert.True(n.Text.IsNormalized(System.Text.NormalizationForm.FormC));
                Assert.Equal(n.Text.Length + 1, n.Map.Length);
                for (int i = 0; i < n.Map.Length; i++)
                {
                    Assert.InRange(n.Map[i], 0, s.Length);
                    Assert.True(i == 0 || n.Map[i] >= n.Map[i - 1]);
                }
            }, iter: 2000);
    }
}

public class SingleByteLegacyTests
{
    [Theory]
    [InlineData("legacy/viscii.txt", LegacyEncoding.Viscii)]
    [InlineData("legacy/vps.txt", LegacyEncoding.Vps)]
    public void Extract_VisciiAndVpsText_DetectedAndDecoded(string file, LegacyEncoding encoding)
    {
        // made with `iconv -t VISCII` and `recode UTF-8..VPS` from legacy/source.txt (see corpus-samples/README.md)
        var doc = new SimilarityEngine.Ingest.DocumentReader().Read(TestPaths.Sample(file));
        string expected = TextNormalizer.Normalize(File.ReadAllText(TestPaths.Sample("legacy/source.txt"))).Text;
        Assert.Equal(expected.Trim(), doc.Text.Trim());
        Assert.All(doc.Source.Blocks, b => Assert.Equal(encoding, b.Encoding));
        Assert.Contains(doc.Source.Warnings, w => w.Contains($"legacy {encoding} encoding", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(LegacyEncoding.Viscii)]
    [InlineData(LegacyEncoding.Vps)]
    public void EncodeThenDecode_EveryVietnameseLetter_RoundTrips(LegacyEncoding encoding)
    {
        const string letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
        string all = letters + letters.ToUpperInvariant();
        Assert.Equal(all, LegacyDecoder.Decode(LegacyEncoder.EncodeSingleByte(all, encoding), encoding));
    }
}
