using SimilarityEngine.Ingest.Legacy;
using SimilarityEngine.Ingest.Text;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Matching;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Tests;

public class SimilarityTests
{
    private static SyllableList Tokens(string text, SyllableForm form = SyllableForm.Match)
    {
        var list = new SyllableList();
        SyllableTokenizer.Tokenize(text, list, form);
        return list;
    }

    [Fact]
    public void Tokenize_SplitsOnSpacesAndPunctuation_WithOffsets()
    {
        const string text = "Sở GD&ĐT Hà Nội: đường, ước-mơ";
        var t = Tokens(text);
        var words = Enumerable.Range(0, t.Count).Select(i => text.Substring(t.Starts[i], t.Lengths[i])).ToArray();
        Assert.Equal(["Sở", "GD", "ĐT", "Hà", "Nội", "đường", "ước", "mơ"], words);
        Assert.Equal([0, 3, 6, 9, 12, 17, 24, 28], t.Starts.ToArray());
        Assert.Equal(t.Hashes[5], SyllableTokenizer.HashSyllable("ĐƯỜNG", SyllableForm.Match));
    }

    [Theory]
    [InlineData("kỹ năng", "kĩ năng")]
    [InlineData("lý do", "lí do")]
    [InlineData("mỹ thuật", "mĩ thuật")]
    [InlineData("lớp 5A có 42 học sinh", "lớp 3B có 35 học sinh")]
    public void MatchForm_Variants_HashEqual(string a, string b)
    {
        Assert.Equal(Tokens(a).Hashes.ToArray(), Tokens(b).Hashes.ToArray());
    }

    [Theory]
    [InlineData("tay", "tai")]
    [InlineData("yêu", "iêu")]
    [InlineData("thủy", "thủi")]
    public void MatchForm_YNotAlone_NotFolded(string a, string b)
    {
        Assert.NotEqual(Tokens(a).Hashes[0], Tokens(b).Hashes[0]);
    }

    [Fact]
    public void Shingles_SameTextInNfcNfdTcvn3VniAndToneStyles_Identical()
    {
        const string text = "Hòa bình, khỏe mạnh và thủy chung là mong ước của người Việt Nam.";
        string Canon(string s) => TextNormalizer.Normalize(s).Text;
        var forms = new[]
        {
            text,
            text.Normalize(System.Text.NormalizationForm.FormD),
            LegacyDecoder.DecodeTcvn3(LegacyEncoder.EncodeTcvn3(text)),
            LegacyDecoder.DecodeVni(LegacyEncoder.EncodeVni(text)),
            VietnameseSyllable.NormalizeTones(text, ToneStyle.Modern),
        };
        var expected = MatchDocument.Prepare(Canon(text)).Shingles;
        foreach (var f in forms)
        {
            Assert.Equal(expected, MatchDocument.Prepare(Canon(f)).Shingles);
        }
    }

    [Fact]
    public void FoldedForm_TextWithoutMarks_MatchesOriginal()
    {
        var a = MatchDocument.Prepare("Học sinh được tham gia nhiều hoạt động trải nghiệm bổ ích", form: SyllableForm.Folded);
        var b = MatchDocument.Prepare("Hoc sinh duoc tham gia nhieu hoat dong trai nghiem bo ich", form: SyllableForm.Folded);
        Assert.Equal(a.Shingles, b.Shingles);
    }

    [Fact]
    public void Winnowing_EverySharedRunOfTSyllables_SharesAFingerprint()
    {
        var opts = FingerprintOptions.Default;
        int t = opts.GuaranteeThreshold;
        var rng = new Random(20261126);
        for (int trial = 0; trial < 300; trial++)
        {
            ulong[] Random(int n) => Enumerable.Range(0, n).Select(_ => (ulong)rng.NextInt64()).ToArray();
            var shared = Random(t + rng.Next(0, 5));
            var a = Random(rng.Next(0, 40)).Concat(shared).Concat(Random(rng.Next(0, 40))).ToArray();
            var b = Random(rng.Next(0, 40)).Concat(shared).Concat(Random(rng.Next(0, 40))).ToArray();
            var fa = Fingerprints(a, opts);
            var fb = Fingerprints(b, opts);
            Assert.True(fa.Overlaps(fb), $"trial {trial}: a shared run of {shared.Length} syllables left no shared fingerprint");
        }
    }

    private static HashSet<ulong> Fingerprints(ulong[] syllables, FingerprintOptions o)
    {
        var sh = new ulong[ShingleHasher.CountFor(syllables.Length, o.K)];
        ShingleHasher.Hash(syllables, o.K, sh);
        var fp = new Fingerprint[sh.Length];
        int n = WinnowingFingerprinter.Fingerprint(sh, o.W, fp);
        return fp.Take(n).Select(f => f.Hash).ToHashSet();
    }

    [Fact]
    public void Winnowing_PositionsAreIncreasingAndDensityNearTwoOverWPlusOne()
    {
        var rng = new Random(7);
        var sh = Enumerable.Range(0, 10000).Select(_ => (ulong)rng.NextInt64()).ToArray();
        var fp = new Fingerprint[sh.Length];
        int n = WinnowingFingerprinter.Fingerprint(sh, 6, fp);
        for (int i = 1; i < n; i++)
        {
            Assert.True(fp[i].Position > fp[i - 1].Position);
            Assert.True(fp[i].Position - fp[i - 1].Position <= 6);
        }
        Assert.InRange(n / 10000.0, 2.0 / 7 * 0.85, 2.0 / 7 * 1.15);
    }

    private const string Para1 = "Biện pháp thứ nhất là xây dựng góc đọc thân thiện trong lớp học, nơi các em được tự do chọn sách, ngồi đọc thoải mái và chia sẻ với bạn bè những câu chuyện mình yêu thích nhất trong tuần.";
    private const string Para2 = "Biện pháp thứ hai là luyện đọc theo cặp, em đọc tốt kèm em đọc chậm, hai bạn đổi vai sau mỗi câu và cùng ghi lại những tiếng hay đọc sai vào một cuốn sổ nhỏ để luyện thêm ở nhà.";
    private const string Para3 = "Biện pháp thứ ba là phối hợp với cha mẹ học sinh, mỗi tối các em đọc to cho người thân nghe trong mười phút, cha mẹ ký vào phiếu đọc và ghi lời nhận xét ngắn gọn cho giáo viên.";
    private const string Other = "Khu vườn sau trường được chia thành nhiều ô nhỏ, mỗi nhóm học sinh nhận một ô đất để gieo hạt, tưới nước, nhổ cỏ và ghi nhật kí chiều cao của cây qua từng tuần của học kì.";

    private static MaskedDocument Masked(string text, IEnumerable<string>? values = null) =>
        new BoilerplateFilter().Apply(MatchDocument.Prepare(TextNormalizer.Normalize(text).Text, maskedValues: values), _ => false);

    [Fact]
    public void Align_ReorderedParagraphs_AllFoundAsSeparatePassages()
    {
        var source = Masked($"{Para1}\n{Para2}\n{Para3}");
        var copy = Masked($"{Para3}\n{Para1}\n{Para2}");
        var score = new PairMatcher().Match(copy, source);
        Assert.True(score.Containment > 0.95, $"containment {score.Containment}, passages {score.Passages.Count}");
        Assert.True(score.ContainmentSource > 0.95, $"source containment {score.ContainmentSource}");
        // Para3 moved to the front: one passage for it, one for Para1+Para2 which stayed in order
        Assert.Equal(2, score.Passages.Count);
        Assert.Equal(0, score.Passages[0].SubmissionStart);
        Assert.True(score.Passages[0].SourceStart > score.Passages[1].SourceStart);
        // offsets round-trip: each passage's text on both sides is the same paragraph
        foreach (var p in score.Passages)
        {
            var (a0, a1) = copy.Document.CharRange(p.SubmissionStart, p.SubmissionEnd);
            var (b0, b1) = source.Document.CharRange(p.SourceStart, p.SourceEnd);
            Assert.Equal(copy.Document.Text[a0..a1], source.Document.Text[b0..b1]);
        }
    }

    [Fact]
    public void Align_EditedCopy_BridgesSmallEdits()
    {
        string edited = Para1.Replace("thân thiện", "gần gũi", StringComparison.Ordinal).Replace("yêu thích nhất", "thích", StringComparison.Ordinal)
            + " " + Para2.Replace("cuốn sổ nhỏ", "quyển vở", StringComparison.Ordinal);
        var score = new PairMatcher().Match(Masked(edited), Masked(Para1 + " " + Para2));
        Assert.True(score.Containment > 0.9, $"containment {score.Containment}");
    }

    [Fact]
    public void Match_ValueSwaps_StillMatch()
    {
        string a = "Năm học 2022 - 2023, lớp 5A của Trường Tiểu học Hoa Sen có 42 học sinh, trong đó 20 em đạt loại tốt. " + Para1;
        string b = "Năm học 2024 - 2025, lớp 4C của Trường Tiểu học Bình Minh có 35 học sinh, trong đó 18 em đạt loại tốt. " + Para1;
        var score = new PairMatcher().Match(Masked(b, ["Trường Tiểu học Bình Minh"]), Masked(a, ["Trường Tiểu học Hoa Sen"]));
        Assert.True(score.Containment > 0.97, $"containment {score.Containment}");
    }

    [Fact]
    public void Match_UnrelatedTexts_NothingShared()
    {
        var score = new PairMatcher().Match(Masked(Other), Masked(Para1 + Para2));
        Assert.Empty(score.Passages);
        Assert.Equal(0, score.Containment);
    }

    [Fact]
    public void Boilerplate_TemplateOnly_NotCounted()
    {
        const string template = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" +
            "Tôi xin cam đoan đây là sáng kiến kinh nghiệm của bản thân tôi viết, không sao chép nội dung của người khác.\n" +
            "Trên đây là sáng kiến kinh nghiệm của tôi, rất mong nhận được sự đóng góp ý kiến của các cấp lãnh đạo và bạn bè đồng nghiệp.\n";
        var a = Masked(template + Para1);
        var b = Masked(template + Other);
        var score = new PairMatcher().Match(a, b);
        Assert.Equal(0, score.Containment);
        Assert.True(a.Boilerplate.Count(x => x) > 40, "template syllables are marked as boilerplate");
    }

    [Fact]
    public void Boilerplate_CorpusCommonFingerprints_NotCounted()
    {
        var common = MatchDocument.Prepare(Para2).Fingerprints.Select(f => f.Hash).ToHashSet();
        var filter = new BoilerplateFilter();
        var a = filter.Apply(MatchDocument.Prepare(Para1 + " " + Para2), common.Contains);
        var b = filter.Apply(MatchDocument.Prepare(Other + " " + Para2), common.Contains);
        var score = new PairMatcher().Match(a, b);
        Assert.Equal(0, score.Containment);
    }

    [Fact]
    public void Structure_SectionsAndQuotations()
    {
        string text = "MỤC LỤC\nPHẦN I. ĐẶT VẤN ĐỀ 3\nPHẦN II. GIẢI QUYẾT VẤN ĐỀ 5\nPHẦN I. ĐẶT VẤN ĐỀ\nLuật Giáo dục ghi: \"Mục tiêu giáo dục nhằm phát triển toàn diện con người Việt Nam có đạo đức, tri thức, văn hóa, sức khỏe.\"\n" +
                      "PHẦN II. GIẢI QUYẾT VẤN ĐỀ\n1. Cơ sở lý luận\nNội dung.\n2. Các biện pháp thực hiện\n" + Para1 + "\nTÀI LIỆU THAM KHẢO\n1. Sách giáo khoa.";
        var sections = DocumentStructure.Sections(text);
        Assert.Equal(SectionKind.TableOfContents, sections[0].Kind);
        Assert.Contains(sections, s => s.Kind == SectionKind.DatVanDe && text[s.Start..s.End].Contains("Luật Giáo dục", StringComparison.Ordinal));
        Assert.Contains(sections, s => s.Kind == SectionKind.BienPhap && text[s.Start..s.End].Contains("góc đọc", StringComparison.Ordinal));
        Assert.Equal(SectionKind.References, sections[^1].Kind);
        var excluded = DocumentStructure.ExcludedSpans(text, sections);
        Assert.Contains(excluded, e => e.Reason == "quotation" && text[e.Start..e.End].StartsWith("\"Mục tiêu", StringComparison.Ordinal));
        Assert.Contains(excluded, e => e.Reason == "references");
    }
}
