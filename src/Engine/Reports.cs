using System.Globalization;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Engine;

/// <summary>The JSON shapes of check and screen reports.</summary>
public static class ReportModels
{
    /// <summary>One side of a passage: canonical and original (extracted-text) offsets, section and text.</summary>
    public sealed record Side(int Start, int End, int OriginalStart, int OriginalEnd, string Section, string Text);

    /// <summary>A word-level difference inside a passage; offsets are relative to each side's passage text.</summary>
    /// <param name="Kind">changed, inserted (submission only) or deleted (source only).</param>
    /// <param name="Value">A swapped value: a number or a name replaced while the words around it match.</param>
    /// <param name="SubmissionStart">Start in the submission's passage text.</param>
    /// <param name="SubmissionEnd">End in the submission's passage text.</param>
    /// <param name="SourceStart">Start in the source's passage text.</param>
    /// <param name="SourceEnd">End in the source's passage text.</param>
    /// <param name="SubmissionText">The submission's words of the span.</param>
    /// <param name="SourceText">The source's words of the span.</param>
    public sealed record DiffJson(string Kind, int SubmissionStart, int SubmissionEnd, int SourceStart, int SourceEnd, bool Value,
        string SubmissionText, string SourceText);

    /// <summary>A passage shared by submission and source, with its word-level differences (empty without text).</summary>
    /// <param name="Syllables">Its length in the submission.</param>
    /// <param name="Kind"><c>exact</c>: found by shared runs of words; <c>edited</c>: a paragraph copied and then edited or
    /// paraphrased too much for shared runs, found by the paraphrase stage.</param>
    /// <param name="Submission">The submission's side.</param>
    /// <param name="Source">The source's side.</param>
    /// <param name="Differences">Word-level differences.</param>
    public sealed record PassageJson(int Syllables, string Kind, Side Submission, Side Source, IReadOnlyList<DiffJson> Differences);

    /// <summary>The passage kind written in JSON.</summary>
    public static string KindOf(Passage passage) => passage?.Seeds == 0 ? "edited" : "exact";

    /// <summary>Containment of one SKKN section of the submission.</summary>
    /// <param name="Section">Its key (dat-van-de, co-so-ly-luan, thuc-trang, bien-phap, ket-qua, ket-luan, front, appendix …).</param>
    /// <param name="Label">Its name in Vietnamese.</param>
    /// <param name="CountedSyllables">Syllables of the section that count.</param>
    /// <param name="CoveredSyllables">Those inside passages.</param>
    /// <param name="Containment">Covered over counted.</param>
    public sealed record SectionJson(string Section, string Label, int CountedSyllables, int CoveredSyllables, double Containment);

    /// <summary>The section shares as JSON.</summary>
    public static IReadOnlyList<SectionJson> Sections(IEnumerable<SectionShare> shares) => shares.Select(s => new SectionJson(
        SectionKey(s.Section), DocumentStructure.LabelVi(s.Section), s.Counted, s.Covered, Math.Round(s.Containment, 4))).ToList();

    /// <summary>A section's key in JSON and CSV.</summary>
    public static string SectionKey(SectionKind kind) => kind switch
    {
        SectionKind.Front => "front",
        SectionKind.TableOfContents => "table-of-contents",
        SectionKind.DatVanDe => "dat-van-de",
        SectionKind.CoSoLyLuan => "co-so-ly-luan",
        SectionKind.ThucTrang => "thuc-trang",
        SectionKind.BienPhap => "bien-phap",
        SectionKind.KetQua => "ket-qua",
        SectionKind.KetLuan => "ket-luan",
        SectionKind.References => "references",
        SectionKind.Appendix => "appendix",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The section holding most of the covered syllables, or null.</summary>
    public static SectionShare? LargestShare(IEnumerable<SectionShare> shares) =>
        shares.Where(s => s.Covered > 0).OrderByDescending(s => s.Covered).FirstOrDefault();

    /// <summary>A report's identity and metadata; <paramref name="Collection"/> names the reference collection of a
    /// document added with <c>simeng collection add</c> (null for a submitted report).</summary>
    public sealed record ReportRef(string Id, string File, string? Submitted, int? Year, string? Author, string? School, string? Title,
        string? District, string? Collection = null);

    /// <summary>One pair.</summary>
    public sealed record PairJson(ReportRef Submission, ReportRef Source, string Verdict, double Containment, double ContainmentSource,
        double Resemblance, int MatchedSyllables, int SubmissionCountedSyllables, bool SameAuthor, bool SameSchool, IReadOnlyList<PassageJson> Passages,
        IReadOnlyList<string> ValueSwaps, bool OnlyValuesChanged, IReadOnlyList<SectionJson> Sections, IReadOnlyList<SharedPictureJson> SharedPictures)
    {
        /// <summary>True when the pair was compared without Vietnamese marks (one side typed without them).</summary>
        public bool ComparedWithoutMarks { get; init; }

        /// <summary>The submission's signs of dodging the checker (codes, <see cref="EvasionReport.EvasionJson.Signals"/>).</summary>
        public IReadOnlyList<string>? SubmissionEvasion { get; init; }

        /// <summary>The source's signs of dodging the checker.</summary>
        public IReadOnlyList<string>? SourceEvasion { get; init; }
    }

    /// <summary>A picture found in both reports.</summary>
    /// <param name="SubmissionPicture">1-based position among the submission's pictures.</param>
    /// <param name="SourcePicture">1-based position among the source's pictures.</param>
    /// <param name="Exact">The same file.</param>
    /// <param name="Distance">Bits apart in the perceptual hash (of 64; 0 when exact).</param>
    /// <param name="Width">Width in pixels (submission's).</param>
    /// <param name="Height">Height in pixels.</param>
    public sealed record SharedPictureJson(int SubmissionPicture, int SourcePicture, bool Exact, int Distance, int Width, int Height);

    /// <summary>An earlier report sharing pictures, but no text worth showing, with the submission.</summary>
    public sealed record PictureMatchJson(ReportRef Source, IReadOnlyList<SharedPictureJson> SharedPictures);

    /// <summary>Shared pictures as JSON.</summary>
    public static IReadOnlyList<SharedPictureJson> Pictures(IEnumerable<Similarity.Pictures.SharedPicture> shared) =>
        shared.Select(s => new SharedPictureJson(s.SubmissionNumber, s.SourceNumber, s.Exact, s.Distance, s.Width, s.Height)).ToList();

    /// <summary>"2 ảnh dùng chung (1 giống hệt)": how reports name shared pictures to reviewers.</summary>
    public static string PicturesVi(IReadOnlyCollection<Similarity.Pictures.SharedPicture> shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        int exact = shared.Count(s => s.Exact);
        return $"{shared.Count} ảnh dùng chung ({exact} giống hệt tệp, {shared.Count - exact} giống về hình)";
    }

    /// <summary>A span of the submission left out of the scores: cover, table-of-contents, references, quotation, or
    /// boilerplate (the SKKN template, official texts, passages common in the archive).</summary>
    public sealed record ExcludedJson(int Start, int End, string Reason, string Text);

    /// <summary>The check report.</summary>
    public sealed record CheckJson(int Schema, EngineStamp Engine, ReportRef Submission, bool InIndex, double Quality, IReadOnlyList<string> Warnings,
        int CountedSyllables, double SimilarityIndex, IReadOnlyList<PairJson> Sources, IReadOnlyList<ExcludedJson> Excluded,
        IReadOnlyList<SectionJson> Sections, IReadOnlyList<PictureMatchJson> PictureMatches)
    {
        /// <summary>The submission's signs of dodging the checker, found and undone while reading it (null in reports made
        /// before they were recorded).</summary>
        public EvasionReport.EvasionJson? Evasion { get; init; }

        /// <summary>How well each page of the submission was read: where its text came from and the share of its words
        /// that are Vietnamese syllables (empty for formats without pages; null in reports made before it was recorded).</summary>
        public IReadOnlyList<Ingest.PageQuality>? Pages { get; init; }

        /// <summary>The reviewers' decisions (web application): every exclusion, in force or undone, and the index before
        /// them; absent when nobody decided anything.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public ReviewJson? Review { get; init; }
    }

    /// <summary>The reviewers' decisions on a check.</summary>
    /// <param name="SimilarityIndexBefore">The index as the check computed it (the report's index is after the exclusions).</param>
    /// <param name="Exclusions">Every exclusion, oldest first, undone ones included and marked.</param>
    public sealed record ReviewJson(double SimilarityIndexBefore, IReadOnlyList<ExclusionJson> Exclusions);

    /// <summary>One exclusion: a source (passage null) or one of its passages (1-based), why, by whom, when; and its undoing.</summary>
    public sealed record ExclusionJson(string Source, int? Passage, string Reason, string User, DateTime At, bool InForce,
        string? UndoneBy, DateTime? UndoneAt, string? UndoReason);

    /// <summary>A screened report that shows signs of dodging the checker, flagged or not.</summary>
    public sealed record ScreenEvasionJson(string Id, EvasionReport.EvasionJson Evasion);

    /// <summary>The screen report.</summary>
    public sealed record ScreenJson(int Schema, EngineStamp Engine, int? Year, int Screened, int PairsCompared, IReadOnlyList<PairJson> Pairs,
        IReadOnlyList<IReadOnlyList<string>> Clusters)
    {
        /// <summary>The screened reports with signs of dodging the checker (null in reports made before they were recorded).</summary>
        public IReadOnlyList<ScreenEvasionJson>? Evasions { get; init; }
    }

    /// <summary>The stats report.</summary>
    public sealed record StatsJson(int Schema, string Index, string Commit, int Reports, IReadOnlyDictionary<string, int> ByYear,
        long Fingerprints, long SizeBytes, long TextBytes, long TextCharacters);

    /// <summary>The stats report as JSON.</summary>
    public static StatsJson Stats(StatsResult r) => new(JsonContracts.Schema, r.Index, r.Commit, r.Reports, r.ByYear, r.Fingerprints,
        r.SizeBytes, r.TextBytes, r.TextCharacters);

    /// <summary>Reference of a stored report.</summary>
    public static ReportRef Ref(StoredReport r) => new(r.Id, r.File, r.Submitted, r.Year, r.Meta("author"), r.Meta("school"), r.Meta("title"),
        r.Meta("district"), r.Collection);

    /// <summary>A pair as JSON.</summary>
    public static PairJson Pair(PairResult p, bool withText = true)
    {
        if (withText && !p.HasTexts)
        {
            throw new InvalidOperationException($"the texts of the pair {p.Submission.Id} / {p.Source.Id} were not kept (a screened pair)");
        }
        var passages = p.Score.Passages.Select((x, i) =>
        {
            var (subPlace, srcPlace) = p.Places is { } places ? places[i]
                : (PassagePlace.Of(p.Submission, p.SubmissionDoc!, x.SubmissionStart, x.SubmissionEnd),
                    PassagePlace.Of(p.Source, p.SourceDoc!, x.SourceStart, x.SourceEnd));
            var sub = MakeSide(subPlace, withText ? p.SubmissionDoc!.Document.Text : null);
            var src = MakeSide(srcPlace, withText ? p.SourceDoc!.Document.Text : null);
            return new PassageJson(x.SubmissionLength, KindOf(x), sub, src, withText ? Differences(sub.Text, src.Text, p.Folded) : []);
        }).ToList();
        var (swaps, onlyValues) = withText ? Swaps(passages.SelectMany(x => x.Differences)) : (p.ValueSwaps ?? [], p.OnlyValuesChanged);
        return new(Ref(p.Submission), Ref(p.Source), VerdictOptions.Name(p.Verdict),
            Math.Round(p.Score.Containment, 4), Math.Round(p.Score.ContainmentSource, 4), Math.Round(p.Score.Resemblance, 4),
            p.Score.MatchedSyllables, p.SubmissionCounted, p.SameAuthor, p.SameSchool, passages,
            swaps, onlyValues, Sections(p.Sections), Pictures(p.SharedPictures))
        {
            ComparedWithoutMarks = p.Folded,
            SubmissionEvasion = p.Submission.Evasion.Codes,
            SourceEvasion = p.Source.Evasion.Codes,
        };
    }

    /// <summary>The values swapped among a pair's differences ("source → submission", each once, at most 50), and whether
    /// the passages differ by nothing else.</summary>
    public static (IReadOnlyList<string> Swaps, bool OnlyValues) Swaps(IEnumerable<DiffJson> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var diffs = differences.ToList();
        var swaps = diffs.Where(d => d.Value).Select(d => $"{d.SourceText} → {d.SubmissionText}").Distinct().Take(50).ToList();
        return (swaps, swaps.Count > 0 && diffs.All(d => d.Value));
    }

    /// <summary>The word-level differences of a passage's two texts (see <see cref="SyllableDiff"/>).</summary>
    public static IReadOnlyList<DiffJson> Differences(string submission, string source, bool folded = false) =>
        SyllableDiff.Compare(submission, source, folded).Where(d => d.Kind != DiffKind.Same)
            .Select(d => new DiffJson(d.Kind.ToString().ToLowerInvariant(), d.SubmissionStart, d.SubmissionEnd, d.SourceStart, d.SourceEnd,
                d.IsValue, submission[d.SubmissionStart..d.SubmissionEnd], source[d.SourceStart..d.SourceEnd]))
            .ToList();

    private static Side MakeSide(PassagePlace place, string? text) =>
        new(place.Start, place.End, place.OriginalStart, place.OriginalEnd, place.Section, text is null ? "" : text[place.Start..place.End]);

    /// <summary>Maps a canonical range to the extracted text through the offset map.</summary>
    public static (int Start, int End) ToOriginal(int[] map, int start, int end)
    {
        if (map.Length == 0)
        {
            return (start, end);
        }
        start = Math.Clamp(start, 0, map.Length - 1);
        end = Math.Clamp(end, start, map.Length - 1);
        int os = map[start];
        int oe = end == start ? os : map[end - 1] + 1;
        return (os, Math.Max(os, oe));
    }

    /// <summary>The check report as JSON.</summary>
    public static CheckJson Check(CheckResult r) => new(JsonContracts.Schema, r.Stamp, Ref(r.Submission), r.InIndex, Math.Round(r.Submission.Quality, 4),
        r.Submission.Warnings, r.SubmissionDoc.CountedSyllables, Math.Round(r.SimilarityIndex, 4), r.Sources.Select(p => Pair(p)).ToList(),
        r.SubmissionDoc.Document.Excluded.Select(e => new ExcludedJson(e.Start, e.End, e.Reason, r.SubmissionDoc.Document.Text[e.Start..e.End]))
            .Concat(BoilerplateRuns(r.SubmissionDoc)).OrderBy(e => e.Start).ToList(), Sections(r.Sections),
        r.PictureMatches.Select(m => new PictureMatchJson(Ref(m.Source), Pictures(m.Shared))).ToList())
    {
        Evasion = EvasionReport.Json(r.Submission.Evasion),
        Pages = r.Pages,
    };

    /// <summary>Shortest run of boilerplate syllables listed as an excluded span.</summary>
    public const int MinBoilerplateRun = 8;

    // Runs of template, official-text or archive-common syllables (reason "boilerplate"), outside the spans already listed.
    private static IEnumerable<ExcludedJson> BoilerplateRuns(MaskedDocument d)
    {
        var b = d.Boilerplate;
        var ex = d.Document.ExcludedSyllables;
        for (int i = 0; i < b.Length;)
        {
            if (!b[i] || ex[i])
            {
                i++;
                continue;
            }
            int j = i;
            while (j < b.Length && b[j] && !ex[j])
            {
                j++;
            }
            if (j - i >= MinBoilerplateRun)
            {
                var (s, e) = d.Document.CharRange(i, j);
                yield return new ExcludedJson(s, e, "boilerplate", d.Document.Text[s..e]);
            }
            i = j;
        }
    }

    /// <summary>The screen report as JSON.</summary>
    public static ScreenJson Screen(ScreenResult r) => new(JsonContracts.Schema, r.Stamp, r.Year, r.Screened, r.PairsCompared,
        r.Flagged.Select(p => Pair(p, withText: false)).ToList(), r.Clusters)
    {
        Evasions = r.Evasions.Select(e => new ScreenEvasionJson(e.Id, EvasionReport.Json(e.Evasion))).ToList(),
    };

    /// <summary>How a source is named to reviewers: its id, and its collection when it belongs to one.</summary>
    public static string SourceName(StoredReport source) => SourceName(source?.Id ?? "", source?.Collection);

    /// <summary>How a source is named to reviewers, from its id and collection (null for a submitted report).</summary>
    public static string SourceName(string id, string? collection) => collection is null ? id : $"{id} ({CollectionVi(collection)})";

    /// <summary>"bộ tài liệu tham khảo “sgk”": a reference collection named in Vietnamese.</summary>
    public static string CollectionVi(string collection) => $"bộ tài liệu tham khảo “{collection}”";
}
