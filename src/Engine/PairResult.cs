using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>A report of the archive that shares pictures with a checked submission but no text worth showing.</summary>
/// <param name="Source">The report.</param>
/// <param name="Shared">The pictures shared.</param>
public sealed record PictureMatch(StoredReport Source, IReadOnlyList<Similarity.Pictures.SharedPicture> Shared);

/// <summary>A pair's result: who copies whom, how much, where.</summary>
public sealed record PairResult(StoredReport Submission, StoredReport Source, PairScore Score, Verdict Verdict,
    MaskedDocument SubmissionDoc, MaskedDocument SourceDoc)
{
    /// <summary>The submission's containment per SKKN section (covered counts add up to the pair's).</summary>
    public IReadOnlyList<SectionShare> Sections { get; init; } = [];

    /// <summary>Pictures of the submission found in the source (photos, charts, scanned tables; logos and emblems that
    /// many reports carry are left out).</summary>
    public IReadOnlyList<Similarity.Pictures.SharedPicture> SharedPictures { get; init; } = [];

    /// <summary>Same author (by metadata, case-insensitive).</summary>
    public bool SameAuthor => Same("author");

    /// <summary>Same school.</summary>
    public bool SameSchool => Same("school");

    private bool Same(string key) =>
        Submission.Meta(key) is { } a && Source.Meta(key) is { } b && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
