using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>Two archived reports compared: the later one (the submission), the earlier one, and their pair — null when
/// they share no counted text.</summary>
public sealed record PairComparison(StoredReport Submission, StoredReport Source, PairResult? Pair)
{
    /// <summary>The pair as JSON with both texts; an empty pair (verdict "none", no passages) when they share nothing.</summary>
    public ReportModels.PairJson Json() => Pair is { } p
        ? ReportModels.Pair(p)
        : new(ReportModels.Ref(Submission), ReportModels.Ref(Source), VerdictOptions.Name(Verdict.None), 0, 0, 0, 0, 0,
            false, false, [], [], false, [], []);
}
