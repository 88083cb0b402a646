using SimilarityEngine.Ingest.Text;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Tests;

public class ParaphraseTests
{
    internal const string P1 = "Để giúp trẻ mẫu giáo lớp Lá làm quen với các con số, tôi tổ chức trò chơi đi chợ vào mỗi buổi sáng thứ hai, các bé được phát những đồng tiền giấy nhỏ, tự chọn mua rau củ quả và đếm số tiền còn lại sau mỗi lần mua hàng cùng các bạn trong nhóm.";
    internal const string P2 = "Góc thiên nhiên của lớp được bố trí gần cửa sổ để có nhiều ánh sáng, mỗi tổ nhận chăm sóc một chậu cây, hằng ngày các bé tưới nước, nhổ cỏ, quan sát lá non mọc ra và kể lại cho cô giáo nghe những điều mình thấy được trong tuần.";
    internal const string P3 = "Cuối mỗi tháng, tôi mời cha mẹ trẻ đến lớp dự một buổi hoạt động chung, cùng xem các bé biểu diễn văn nghệ, trưng bày sản phẩm tạo hình và trao đổi ngắn về những tiến bộ cũng như khó khăn của từng cháu trong việc ăn ngủ và học tập.";
    internal const string P4 = "Trong giờ hoạt động ngoài trời, các cháu được chơi với cát và nước, xây những lâu đài nhỏ bằng khuôn nhựa, đo xem chiếc xô nào đựng được nhiều nước hơn và tự rút ra nhận xét đơn giản về đầy và vơi, nặng và nhẹ, to và nhỏ.";
    internal const string Unrelated = "Hệ thống thủy lợi của huyện gồm ba trạm bơm lớn và hơn bốn mươi ki lô mét kênh mương nội đồng được kiên cố hóa, bảo đảm tưới tiêu chủ động cho gần hai nghìn héc ta lúa vụ đông xuân và vụ mùa trong những năm gần đây của địa phương.";

    private static MaskedDocument Masked(string text) =>
        new BoilerplateFilter().Apply(MatchDocument.Prepare(TextNormalizer.Normalize(text).Text), _ => false);

    // Every n-th word replaced: no run of n shared syllables survives, so no k = 5 shingle is left when n <= 5.
    private static string Edit(string paragraph, int n)
    {
        string[] fillers = ["bỗng", "vẫn", "lại", "rất", "đều"];
        var words = paragraph.Split(' ');
        for (int i = n - 1; i < words.Length; i += n)
        {
            words[i] = fillers[i % fillers.Length];
        }
        return string.Join(' ', words);
    }

    private static PairMatcher Matcher(bool paraphrase) => new(new SeedExtendAligner(), AlignmentOptions.Default.ParagraphFill,
        paraphrase ? new ParaphraseExtender() : null);

    [Fact]
    public void Extend_HeavilyEditedParagraphsOfACopy_CountedAndMappedToTheirSource()
    {
        var source = Masked($"{P1}\n{P2}\n{P3}\n{P4}");
        // P1 and P3 copied as they are; P4 and P2 (swapped) with every 5th word changed: shingles find nothing in them
        var copy = Masked($"{P1}\n{Edit(P4, 5)}\n{P3}\n{Edit(P2, 5)}");

        var without = Matcher(false).Match(copy, source);
        var with = Matcher(true).Match(copy, source);

        Assert.InRange(without.Containment, 0.35, 0.65);
        Assert.True(with.Containment > 0.97, $"containment {with.Containment}");
        var added = with.Passages.Where(p => p.Seeds == 0).ToList();
        Assert.Equal(2, added.Count);
        // each edited paragraph is mapped onto the paragraph it came from
        foreach (var p in added)
        {
            var (a0, a1) = copy.Document.CharRange(p.SubmissionStart, p.SubmissionEnd);
            var (b0, b1) = source.Document.CharRange(p.SourceStart, p.SourceEnd);
            string mine = copy.Document.Text[a0..a1];
            string theirs = source.Document.Text[b0..b1];
            Assert.Equal(mine.StartsWith("Góc", StringComparison.Ordinal), theirs.StartsWith("Góc", StringComparison.Ordinal));
            Assert.Equal(mine.StartsWith("Trong", StringComparison.Ordinal), theirs.StartsWith("Trong", StringComparison.Ordinal));
        }
        Assert.Equal(with.Passages.OrderBy(p => p.SubmissionStart).Select(p => p.SubmissionStart), with.Passages.Select(p => p.SubmissionStart));
    }

    [Fact]
    public void Extend_UnrelatedParagraphBesideACopy_NotJoined()
    {
        var source = Masked($"{P1}\n{P2}\n{P3}");
        var copy = Masked($"{P1}\n{Unrelated}\n{P3}");
        var score = Matcher(true).Match(copy, source);
        Assert.DoesNotContain(score.Passages, p => p.Seeds == 0);
        Assert.InRange(score.Containment, 0.55, 0.75);
    }

    [Fact]
    public void Extend_NoExactSeeds_NeverMatchesAlone()
    {
        // every paragraph edited so heavily that no shingle is shared: the stage has nothing to extend
        var source = Masked($"{P1}\n{P2}");
        var copy = Masked($"{Edit(P1, 4)}\n{Edit(P2, 4)}");
        var score = Matcher(true).Match(copy, source);
        Assert.Empty(score.Passages);
        Assert.Equal(0, score.Containment);
    }

    [Fact]
    public void Extend_Off_LeavesTheSeedPassages()
    {
        var source = Masked($"{P1}\n{P2}\n{P3}");
        var copy = Masked($"{P1}\n{Edit(P2, 5)}\n{P3}");
        var seeds = Matcher(false).Match(copy, source).Passages;
        var off = new ParaphraseExtender(AlignmentOptions.Default with { ParaphraseDice = 0 }).Extend(copy, source, seeds);
        Assert.Same(seeds, off);
    }

    [Fact]
    public void Json_PassageKinds_ExactAndEdited()
    {
        var source = Masked($"{P1}\n{P2}\n{P3}");
        var copy = Masked($"{P1}\n{Edit(P2, 5)}\n{P3}");
        var kinds = Matcher(true).Match(copy, source).Passages.Select(Engine.ReportModels.KindOf).ToList();
        Assert.Contains("exact", kinds);
        Assert.Contains("edited", kinds);
    }
}
