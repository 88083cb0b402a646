using System.Globalization;
using SimilarityEngine.Engine;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Reports;

/// <summary>pairs.csv of a screen (and the pairs of a check): one row per pair, the columns documented in
/// docs/json-contracts.md.</summary>
public static class PairsCsv
{
    /// <summary>pairs.csv: one row per flagged pair.</summary>
    public static string Write(IEnumerable<PairResult> pairs) => Csv.Write(
        ["submission_id", "source_id", "verdict", "containment", "containment_source", "resemblance", "matched_syllables", "passages", "top_section", "source_collection", "shared_pictures",
            "compared_without_marks", "submission_evasion", "source_evasion"],
        pairs.Select(p => new[]
        {
            p.Submission.Id, p.Source.Id, VerdictOptions.Name(p.Verdict),
            F(p.Score.Containment), F(p.Score.ContainmentSource), F(p.Score.Resemblance),
            p.Score.MatchedSyllables.ToString(CultureInfo.InvariantCulture),
            p.Score.Passages.Count.ToString(CultureInfo.InvariantCulture),
            ReportModels.LargestShare(p.Sections) is { } top ? ReportModels.SectionKey(top.Section) : "",
            p.Source.Collection ?? "",
            p.SharedPictures.Count.ToString(CultureInfo.InvariantCulture),
            p.Folded ? "1" : "0",
            EvasionReport.Codes(p.Submission.Evasion),
            EvasionReport.Codes(p.Source.Evasion),
        }));

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}
