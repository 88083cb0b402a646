using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>The Vietnamese words every front end uses for the same thing (web pages, HTML and text reports, .xlsx), so
/// that a reviewer reads one vocabulary everywhere. Change a label here, not in a page.</summary>
public static class Glossary
{
    /// <summary>The share of the submission's counted text found in the other reports.</summary>
    public const string SimilarityIndex = "Chỉ số trùng lặp";

    /// <summary>Containment of the submission in a source.</summary>
    public const string SubmissionShare = "Tỉ lệ bài nộp trùng với nguồn";

    /// <summary>Containment of the source in the submission.</summary>
    public const string SourceShare = "Tỉ lệ nguồn bị lấy sang";

    /// <summary>Passages in common.</summary>
    public const string Passages = "Số đoạn trùng";

    /// <summary>Values changed in a copied passage (names, classes, years, figures).</summary>
    public const string ValueSwaps = "Giá trị bị thay";

    /// <summary>What the report did to look original.</summary>
    public const string Evasion = "Dấu hiệu né tránh kiểm tra";

    /// <summary>The verdict's Vietnamese name.</summary>
    public static string Verdict(Verdict v) => v switch
    {
        Similarity.Matching.Verdict.NearDuplicate => "gần như trùng lặp",
        Similarity.Matching.Verdict.Recycled => "sử dụng lại",
        Similarity.Matching.Verdict.Minor => "trùng nhỏ",
        _ => "không trùng",
    };

    /// <summary>One sentence per verdict with its threshold, as the matching options in force set them.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> VerdictLegend(VerdictOptions? options = null)
    {
        var o = options ?? VerdictOptions.Default;
        string P(double x) => ViFormat.Percent(x);
        return
        [
            (Verdict(Similarity.Matching.Verdict.NearDuplicate), $"cả hai tỉ lệ từ {P(o.NearDuplicate)} trở lên: gần như cùng một bài"),
            (Verdict(Similarity.Matching.Verdict.Recycled), $"một trong hai tỉ lệ từ {P(o.Recycled)} trở lên: dùng lại một phần đáng kể"),
            (Verdict(Similarity.Matching.Verdict.Minor), $"trùng từ {P(o.Minor)} đến dưới {P(o.Recycled)}: vài câu chung, nên xem qua"),
            (Verdict(Similarity.Matching.Verdict.None), $"trùng dưới {P(o.Minor)}: không đáng kể"),
        ];
    }

    /// <summary>A level for colouring a similarity index: "high" from the recycled threshold, "mid" above the minor one,
    /// else "low" (0,0 % is not shown in red).</summary>
    public static string Level(double index, VerdictOptions? options = null)
    {
        var o = options ?? VerdictOptions.Default;
        return index >= o.Recycled ? "high" : index >= o.Minor ? "mid" : "low";
    }
}
