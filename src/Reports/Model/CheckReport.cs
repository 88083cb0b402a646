using System.Globalization;
using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Matching;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Reports;

/// <summary>A check as every report renders it: built once from the engine's result, holding everything the renderers
/// show (the words already in Vietnamese, the excerpts cut, the passages placed in sections), so that the text, the HTML
/// (the downloaded file, its PDF print and the web page's shared components) cannot read differently. A field added to a
/// check report is added here, computed here, and shown by each renderer from here.</summary>
/// <param name="Stamp">Engine, options and index commit.</param>
/// <param name="Submission">The checked report.</param>
/// <param name="SimilarityIndex">The share of its counted syllables found in the sources (after the reviewers' exclusions).</param>
/// <param name="CountedSyllables">Syllables that count.</param>
/// <param name="Sections">The index per SKKN section (sections with counted syllables).</param>
/// <param name="Pages">How well each page was read (empty for formats without pages).</param>
/// <param name="Sources">The sources, most contained first.</param>
/// <param name="PictureMatches">Earlier reports sharing pictures but no text worth showing.</param>
/// <param name="Excluded">Spans left out of the scores (cover, table of contents, quotations, references).</param>
/// <param name="Review">The reviewers' decisions, or null when nobody decided anything.</param>
/// <param name="Verdicts">The verdict thresholds the check ran with (the legend names them).</param>
public sealed record CheckReport(EngineStamp Stamp, CheckReport.SubmissionPart Submission, double SimilarityIndex, int CountedSyllables,
    IReadOnlyList<CheckReport.SectionPart> Sections, IReadOnlyList<PageQuality> Pages, IReadOnlyList<CheckReport.SourcePart> Sources,
    IReadOnlyList<CheckReport.PictureMatchPart> PictureMatches, IReadOnlyList<CheckReport.ExcludedPart> Excluded, ReportModels.ReviewJson? Review,
    VerdictOptions Verdicts)
{
    /// <summary>Sources shown with both full texts side by side; the rest are listed with their passages only.</summary>
    public const int SideBySideSources = 5;

    /// <summary>Longest excerpt of a passage in a table (the middle is cut, "…").</summary>
    public const int ExcerptLength = 400;

    /// <summary>The checked report.</summary>
    /// <param name="Id">Its id.</param>
    /// <param name="File">The file read (the name the reviewer uploaded, in the web application).</param>
    /// <param name="Title">Its title, or null.</param>
    /// <param name="Author">Its author, or null.</param>
    /// <param name="School">Its school, or null.</param>
    /// <param name="Quality">Extraction-quality score of the whole file.</param>
    /// <param name="Warnings">Extraction warnings.</param>
    /// <param name="Archived">"Tệp này đã có trong kho …" when the file is already in the archive, else null.</param>
    /// <param name="Evasion">Its signs of dodging the checker, in Vietnamese (empty when none).</param>
    /// <param name="Suspicious">It hides or disguises letters.</param>
    public sealed record SubmissionPart(string Id, string File, string? Title, string? Author, string? School, double Quality,
        IReadOnlyList<string> Warnings, string? Archived, IReadOnlyList<string> Evasion, bool Suspicious);

    /// <summary>The index in one SKKN section.</summary>
    public sealed record SectionPart(string Label, int Covered, int Counted, double Containment);

    /// <summary>One source of the submission.</summary>
    /// <param name="Number">1-based, in the order shown.</param>
    /// <param name="Name">Its id, and its reference collection when it belongs to one.</param>
    /// <param name="Title">Its title, or null.</param>
    /// <param name="Author">Its author, or null.</param>
    /// <param name="School">Its school, or null.</param>
    /// <param name="When">Its submission date (Vietnamese form), else its school year, or null.</param>
    /// <param name="Verdict">The verdict.</param>
    /// <param name="Containment">Share of the submission in it.</param>
    /// <param name="ContainmentSource">Share of it taken into the submission.</param>
    /// <param name="Notes">Same author, same school, compared without marks, shared pictures (Vietnamese, each once).</param>
    /// <param name="SharedPictures">"2 ảnh dùng chung (…)" or null.</param>
    /// <param name="ValueSwaps">Values changed in copied passages ("source → submission").</param>
    /// <param name="OnlyValuesChanged">The passages differ by those values only.</param>
    /// <param name="Sections">The submission's sections holding its passages.</param>
    /// <param name="Passages">Its passages.</param>
    /// <param name="Texts">Both full texts with the passages marked, for the first <see cref="SideBySideSources"/> sources; else null.</param>
    public sealed record SourcePart(int Number, string Name, string? Title, string? Author, string? School, string? When, Verdict Verdict,
        double Containment, double ContainmentSource, IReadOnlyList<string> Notes, string? SharedPictures, IReadOnlyList<string> ValueSwaps,
        bool OnlyValuesChanged, IReadOnlyList<SectionPart> Sections, IReadOnlyList<PassagePart> Passages, SideBySide? Texts)
    {
        /// <summary>The verdict in Vietnamese.</summary>
        public string VerdictVi => Glossary.Verdict(Verdict);
    }

    /// <summary>A passage shared by the submission and a source.</summary>
    /// <param name="Number">1-based in its source's list.</param>
    /// <param name="Edited">Copied then edited or paraphrased (found by the paraphrase stage), else copied word for word.</param>
    /// <param name="SubmissionSection">The section of the submission it is in (Vietnamese).</param>
    /// <param name="SubmissionExcerpt">Its text in the submission (cut to <see cref="ExcerptLength"/>).</param>
    /// <param name="SourceSection">The section of the source it is in.</param>
    /// <param name="SourceExcerpt">Its text in the source.</param>
    public sealed record PassagePart(int Number, bool Edited, string SubmissionSection, string SubmissionExcerpt, string SourceSection, string SourceExcerpt)
    {
        /// <summary>How it was copied, in Vietnamese.</summary>
        public string KindVi => Edited ? "sửa nhiều / diễn đạt lại" : "nguyên văn";
    }

    /// <summary>Two full texts with the character ranges of the passages (in passage order) on each.</summary>
    public sealed record SideBySide(string SubmissionText, IReadOnlyList<(int Start, int End)> SubmissionRanges, string SourceText,
        IReadOnlyList<(int Start, int End)> SourceRanges);

    /// <summary>An earlier report sharing pictures only.</summary>
    public sealed record PictureMatchPart(string Name, string? Title, string Pictures, IReadOnlyList<string> Pairs);

    /// <summary>A span left out of the scores, with why in Vietnamese.</summary>
    public sealed record ExcludedPart(string Why, string Excerpt);

    /// <summary>The pages read poorly (words, under <see cref="PageQuality.Low"/> of them syllables).</summary>
    public IReadOnlyList<PageQuality> PoorPages => Pages.Where(p => p.Poor).ToList();

    /// <summary>Builds the report of a check; <paramref name="review"/> holds the reviewers' decisions (web application),
    /// <paramref name="verdicts"/> the thresholds the check ran with (null: the defaults).</summary>
    public static CheckReport From(CheckResult result, ReportModels.ReviewJson? review = null, VerdictOptions? verdicts = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Submission;
        var submission = new SubmissionPart(s.Id, s.File, s.Meta("title"), s.Meta("author"), s.Meta("school"), s.Quality, s.Warnings,
            result.InIndex ? TextReport.ArchivedVi(s.Id, s.Submitted, s.Year) : null, EvasionReport.ItemsVi(s.Evasion), s.Evasion.Suspicious);
        var sources = result.Sources.Select((p, i) => Source(p, i + 1)).ToList();
        var pictures = result.PictureMatches.Select(m => new PictureMatchPart(ReportModels.SourceName(m.Source), m.Source.Meta("title"),
            ReportModels.PicturesVi(m.Shared), m.Shared.Select(x => $"{x.SubmissionNumber} ↔ {x.SourceNumber}").ToList())).ToList();
        var doc = result.SubmissionDoc.Document;
        var excluded = doc.Excluded.Select(x => new ExcludedPart(Glossary.Excluded(x.Reason), Excerpt(doc.Text, x.Start, x.End))).ToList();
        return new CheckReport(result.Stamp, submission, result.SimilarityIndex, result.SubmissionDoc.CountedSyllables,
            SectionsOf(result.Sections.Where(x => x.Counted > 0)), result.Pages, sources, pictures, excluded, review,
            verdicts ?? VerdictOptions.Default);
    }

    private static List<SectionPart> SectionsOf(IEnumerable<SectionShare> shares) =>
        shares.Select(x => new SectionPart(DocumentStructure.LabelVi(x.Section), x.Covered, x.Counted, x.Containment)).ToList();

    private static SourcePart Source(PairResult p, int number)
    {
        var subDoc = p.SubmissionDoc ?? throw new InvalidOperationException("a check report needs the texts of its pairs");
        var srcDoc = p.SourceDoc ?? throw new InvalidOperationException("a check report needs the texts of its pairs");
        var json = ReportModels.Pair(p);
        var notes = new List<string>();
        if (p.SameAuthor)
        {
            notes.Add("cùng tác giả");
        }
        if (p.SameSchool)
        {
            notes.Add("cùng trường");
        }
        if (p.Folded)
        {
            notes.Add("so khớp không dấu");
        }
        var subRanges = p.Score.Passages.Select(x => subDoc.Document.CharRange(x.SubmissionStart, x.SubmissionEnd)).ToList();
        var srcRanges = p.Score.Passages.Select(x => srcDoc.Document.CharRange(x.SourceStart, x.SourceEnd)).ToList();
        var passages = p.Score.Passages.Select((x, i) => new PassagePart(i + 1, x.Seeds == 0,
            DocumentStructure.LabelVi(subDoc.Document.SectionAt(subRanges[i].Start).Kind), Excerpt(subDoc.Document.Text, subRanges[i].Start, subRanges[i].End),
            DocumentStructure.LabelVi(srcDoc.Document.SectionAt(srcRanges[i].Start).Kind), Excerpt(srcDoc.Document.Text, srcRanges[i].Start, srcRanges[i].End))).ToList();
        var src = p.Source;
        return new SourcePart(number, ReportModels.SourceName(src), src.Meta("title"), src.Meta("author"), src.Meta("school"),
            ViFormat.Date(src.Submitted) ?? src.Year?.ToString(CultureInfo.InvariantCulture), p.Verdict, p.Score.Containment, p.Score.ContainmentSource,
            notes, p.SharedPictures.Count > 0 ? ReportModels.PicturesVi(p.SharedPictures) : null, json.ValueSwaps, json.OnlyValuesChanged,
            SectionsOf(p.Sections.Where(x => x.Covered > 0)), passages,
            number <= SideBySideSources ? new SideBySide(subDoc.Document.Text, subRanges, srcDoc.Document.Text, srcRanges) : null);
    }

    private static string Excerpt(string text, int start, int end)
    {
        string s = text[start..end].Replace('\n', ' ');
        return s.Length <= ExcerptLength ? s : s[..(ExcerptLength / 2)] + " … " + s[^(ExcerptLength / 2)..];
    }
}
