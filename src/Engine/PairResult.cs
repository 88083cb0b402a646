using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>A report of the archive that shares pictures with a checked submission but no text worth showing.</summary>
/// <param name="Source">The report.</param>
/// <param name="Shared">The pictures shared.</param>
public sealed record PictureMatch(StoredReport Source, IReadOnlyList<Similarity.Pictures.SharedPicture> Shared);

/// <summary>Where one side of a passage lies: canonical range, range in the extracted text, and its SKKN section.</summary>
public sealed record PassagePlace(int Start, int End, int OriginalStart, int OriginalEnd, string Section)
{
    /// <summary>The place of syllables [first, last) of <paramref name="doc"/>, a prepared form of <paramref name="report"/>.</summary>
    public static PassagePlace Of(StoredReport report, MaskedDocument doc, int first, int last)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(doc);
        var (s, e) = doc.Document.CharRange(first, last);
        var (os, oe) = ReportModels.ToOriginal(report.OffsetMap, s, e);
        return new PassagePlace(s, e, os, oe, Similarity.Text.DocumentStructure.LabelVi(doc.Document.SectionAt(s).Kind));
    }
}

/// <summary>A pair's result: who copies whom, how much, where. A pair of a screen is kept slim (<see cref="Slim"/>): the
/// two reports without their texts, the passages' places computed once; only check's pairs keep the prepared texts.</summary>
public sealed record PairResult(StoredReport Submission, StoredReport Source, PairScore Score, Verdict Verdict,
    MaskedDocument? SubmissionDoc, MaskedDocument? SourceDoc)
{
    /// <summary>Syllables of the submission that count towards scores.</summary>
    public int SubmissionCounted { get; init; } = SubmissionDoc?.CountedSyllables ?? 0;

    /// <summary>The places of the passages on both sides, kept when the texts are not (<see cref="Slim"/>); else null.</summary>
    public IReadOnlyList<(PassagePlace Submission, PassagePlace Source)>? Places { get; init; }

    /// <summary>True when the pair was compared without Vietnamese marks: one side (or both) is typed without them, and its
    /// words are matched to the other's read without marks ("truong" to "trường").</summary>
    public bool Folded { get; init; }

    /// <summary>True when the texts are kept.</summary>
    public bool HasTexts => SubmissionDoc is not null && SourceDoc is not null;

    /// <summary>This pair without the texts and prepared forms of its reports (a few hundred bytes plus its passages instead
    /// of about 200 KB): what bulk screening keeps of a flagged pair. Passages keep their places.</summary>
    public PairResult Slim()
    {
        if (!HasTexts)
        {
            return this;
        }
        var places = Score.Passages.Select(x => (PassagePlace.Of(Submission, SubmissionDoc!, x.SubmissionStart, x.SubmissionEnd),
            PassagePlace.Of(Source, SourceDoc!, x.SourceStart, x.SourceEnd))).ToList();
        // the values swapped are read while the texts are here: a screen's table and export list them without the texts
        string subText = SubmissionDoc!.Document.Text, srcText = SourceDoc!.Document.Text;
        var (swaps, only) = ReportModels.Swaps(places.SelectMany(x =>
            // PERF: simeng screen of eval-dev (171 flagged pairs) — a passage copied word for word has no differences:
            // compared as strings, not word by word
            subText.AsSpan(x.Item1.Start, x.Item1.End - x.Item1.Start).SequenceEqual(srcText.AsSpan(x.Item2.Start, x.Item2.End - x.Item2.Start))
                ? []
                : ReportModels.Differences(subText[x.Item1.Start..x.Item1.End], srcText[x.Item2.Start..x.Item2.End], Folded)));
        return this with
        {
            ValueSwaps = swaps,
            OnlyValuesChanged = only,
            Submission = Submission with { Text = "", OffsetMap = [] },
            Source = Source with { Text = "", OffsetMap = [] },
            SubmissionDoc = null,
            SourceDoc = null,
            Places = places,
        };
    }

    /// <summary>The values swapped in the copied passages ("2A → 2C"), kept by <see cref="Slim"/> when it drops the texts;
    /// null for a pair that still has its texts (computed from them).</summary>
    public IReadOnlyList<string>? ValueSwaps { get; init; }

    /// <summary>True when the passages differ only by swapped values (kept by <see cref="Slim"/>).</summary>
    public bool OnlyValuesChanged { get; init; }

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
