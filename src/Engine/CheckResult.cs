using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>The result of checking one submission.</summary>
public sealed record CheckResult(EngineStamp Stamp, StoredReport Submission, MaskedDocument SubmissionDoc, bool InIndex,
    double SimilarityIndex, IReadOnlyList<PairResult> Sources)
{
    /// <summary>The similarity index per SKKN section (all sources together).</summary>
    public IReadOnlyList<SectionShare> Sections { get; init; } = [];

    /// <summary>Earlier reports that share pictures with the submission but are not among <see cref="Sources"/>.</summary>
    public IReadOnlyList<PictureMatch> PictureMatches { get; init; } = [];

    /// <summary>How well each page of the submission was read (empty for formats without pages).</summary>
    public IReadOnlyList<Ingest.PageQuality> Pages { get; init; } = [];
}
