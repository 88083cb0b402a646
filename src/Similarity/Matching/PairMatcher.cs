using SimilarityEngine.Similarity.Alignment;

namespace SimilarityEngine.Similarity.Matching;

/// <summary>How much of a pair is shared.</summary>
/// <param name="Containment">Share of the submission's counted syllables covered by passages.</param>
/// <param name="ContainmentSource">Share of the source's counted syllables covered.</param>
/// <param name="Resemblance">Covered syllables of both over counted syllables of both.</param>
/// <param name="MatchedSyllables">Counted syllables of the submission inside passages.</param>
/// <param name="Passages">The aligned passages, by position in the submission.</param>
public sealed record PairScore(double Containment, double ContainmentSource, double Resemblance, int MatchedSyllables,
    IReadOnlyList<Passage> Passages);

/// <summary>How much of one SKKN section of a submission is covered.</summary>
/// <param name="Section">The section.</param>
/// <param name="Counted">Its counted syllables.</param>
/// <param name="Covered">Those inside passages.</param>
public sealed record SectionShare(Text.SectionKind Section, int Counted, int Covered)
{
    /// <summary>Covered over counted.</summary>
    public double Containment => Counted == 0 ? 0 : (double)Covered / Counted;
}

/// <summary>What a pair is judged to be.</summary>
public enum Verdict
{
    /// <summary>Nothing worth showing.</summary>
    None,
    /// <summary>Below the recycled threshold: shown in check only.</summary>
    Minor,
    /// <summary>Containment of either side at or above the recycled threshold.</summary>
    Recycled,
    /// <summary>Both containments at or above the near-duplicate threshold.</summary>
    NearDuplicate,
}

/// <summary>Thresholds for verdicts.</summary>
/// <param name="NearDuplicate">Both containments at least this: near-duplicate.</param>
/// <param name="Recycled">Either containment at least this: recycled.</param>
/// <param name="Minor">Containment at least this (and a passage): minor.</param>
public sealed record VerdictOptions(double NearDuplicate = 0.7, double Recycled = 0.15, double Minor = 0.01)
{
    /// <summary>The defaults above.</summary>
    public static VerdictOptions Default { get; } = new();

    /// <summary>The verdict for <paramref name="score"/>.</summary>
    public Verdict Judge(PairScore score)
    {
        if (score.Passages.Count == 0)
        {
            return Verdict.None;
        }
        if (score.Containment >= NearDuplicate && score.ContainmentSource >= NearDuplicate)
        {
            return Verdict.NearDuplicate;
        }
        if (Math.Max(score.Containment, score.ContainmentSource) >= Recycled)
        {
            return Verdict.Recycled;
        }
        return score.Containment >= Minor || score.ContainmentSource >= Minor ? Verdict.Minor : Verdict.None;
    }

    /// <summary>The verdict's name in reports and CSV.</summary>
    public static string Name(Verdict v) => v switch
    {
        Verdict.NearDuplicate => "near-duplicate",
        Verdict.Recycled => "recycled",
        Verdict.Minor => "minor",
        _ => "none",
    };
}

/// <summary>Aligns two masked reports and scores the result.</summary>
public sealed class PairMatcher
{
    private readonly IPassageAligner _aligner;
    private readonly double _paragraphFill;
    private readonly ParaphraseExtender? _paraphrase;
    private readonly double _unaccentedShare;

    /// <summary>Creates a matcher with <paramref name="aligner"/> (default <see cref="SeedExtendAligner"/>).</summary>
    /// <param name="aligner">The passage aligner.</param>
    /// <param name="paragraphFill">A paragraph whose counted syllables are covered at least this much counts as copied
    /// whole (edits inside a copied paragraph are still copying); 0 turns this off.</param>
    /// <param name="paraphrase">The stage that extends passages to heavily edited paragraphs; null: none.</param>
    /// <param name="unaccentedShare">A pair is aligned without marks when either report has at least this share of its
    /// words typed without them (<see cref="Fingerprints.FingerprintOptions.UnaccentedShare"/>).</param>
    public PairMatcher(IPassageAligner? aligner = null, double paragraphFill = 0, ParaphraseExtender? paraphrase = null,
        double unaccentedShare = 0.05)
    {
        _aligner = aligner ?? new SeedExtendAligner();
        _paragraphFill = paragraphFill;
        _paraphrase = paraphrase;
        _unaccentedShare = unaccentedShare;
    }

    /// <summary>True when the pair is compared without marks: either report is (partly) typed without them.</summary>
    public bool Folds(MaskedDocument submission, MaskedDocument source)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(source);
        return Math.Max(submission.Document.UnaccentedShare, source.Document.UnaccentedShare) >= _unaccentedShare;
    }

    private void FillParagraphs(bool[] covered, MaskedDocument doc)
    {
        if (_paragraphFill <= 0)
        {
            return;
        }
        var starts = doc.Document.ParagraphStarts;
        for (int p = 0; p < starts.Length; p++)
        {
            int a = starts[p];
            int b = p + 1 < starts.Length ? starts[p + 1] : covered.Length;
            int counted = 0;
            int cov = 0;
            for (int i = a; i < b; i++)
            {
                if (doc.Counted[i])
                {
                    counted++;
                    cov += covered[i] ? 1 : 0;
                }
            }
            if (counted > 0 && cov < counted && cov >= _paragraphFill * counted)
            {
                Array.Fill(covered, true, a, b - a);
            }
        }
    }

    /// <summary>Scores <paramref name="submission"/> against <paramref name="source"/>.</summary>
    public PairScore Match(MaskedDocument submission, MaskedDocument source)
    {
        if (Folds(submission, source))
        {
            // VI: one side typed without marks: both sides are compared as read without marks (đ→d, tones dropped)
            submission = submission.Folded();
            source = source.Folded();
        }
        var passages = _aligner.Align(
            new AlignmentSide(submission.Document.Shingles, submission.UsableShingles),
            new AlignmentSide(source.Document.Shingles, source.UsableShingles),
            submission.Document.K);
        if (_paraphrase is not null)
        {
            passages = _paraphrase.Extend(submission, source, passages);
        }
        return Score(submission, source, passages);
    }

    /// <summary>Scores a pair from passages already aligned (e.g. what is left after a reviewer excluded some).</summary>
    public PairScore Score(MaskedDocument submission, MaskedDocument source, IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(passages);
        var covA = Cover(submission, passages.Select(p => (p.SubmissionStart, p.SubmissionEnd)));
        var covB = Cover(source, passages.Select(p => (p.SourceStart, p.SourceEnd)));
        int a = CountCovered(covA, submission.Counted);
        int b = CountCovered(covB, source.Counted);
        double ca = submission.CountedSyllables == 0 ? 0 : (double)a / submission.CountedSyllables;
        double cb = source.CountedSyllables == 0 ? 0 : (double)b / source.CountedSyllables;
        int denom = submission.CountedSyllables + source.CountedSyllables;
        double r = denom == 0 ? 0 : (double)(a + b) / denom;
        return new PairScore(ca, cb, r, a, passages);
    }

    /// <summary>Share of the submission covered by any of several sources' passages (the similarity index), counted the
    /// same way as each pair's containment, so it is never below the largest of them.</summary>
    public double Union(MaskedDocument submission, IEnumerable<PairScore> scores)
    {
        var cov = Cover(submission, scores.SelectMany(s => s.Passages).Select(p => (p.SubmissionStart, p.SubmissionEnd)));
        return submission.CountedSyllables == 0 ? 0 : (double)CountCovered(cov, submission.Counted) / submission.CountedSyllables;
    }

    /// <summary>Per SKKN section of <paramref name="submission"/>: its counted syllables and how many of them the passages
    /// cover, counted exactly as containment (so the covered counts add up to the covered total). Sections without counted
    /// syllables are left out.</summary>
    public IReadOnlyList<SectionShare> Sections(MaskedDocument submission, IEnumerable<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(passages);
        var covered = Cover(submission, passages.Select(p => (p.SubmissionStart, p.SubmissionEnd)));
        var doc = submission.Document;
        var counted = new Dictionary<Text.SectionKind, (int Counted, int Covered)>();
        var order = new List<Text.SectionKind>();
        var starts = doc.Syllables.Starts;
        for (int i = 0; i < submission.Counted.Length; i++)
        {
            if (!submission.Counted[i])
            {
                continue;
            }
            var kind = doc.SectionAt(starts[i]).Kind;
            if (!counted.TryGetValue(kind, out var c))
            {
                order.Add(kind);
            }
            counted[kind] = (c.Counted + 1, c.Covered + (covered[i] ? 1 : 0));
        }
        return order.Select(k => new SectionShare(k, counted[k].Counted, counted[k].Covered)).ToList();
    }

    // Syllables inside the ranges, then whole paragraphs that are covered enough.
    private bool[] Cover(MaskedDocument doc, IEnumerable<(int Start, int End)> ranges)
    {
        var covered = new bool[doc.Counted.Length];
        foreach (var (start, end) in ranges)
        {
            for (int i = start; i < end && i < covered.Length; i++)
            {
                covered[i] = true;
            }
        }
        FillParagraphs(covered, doc);
        return covered;
    }

    private static int CountCovered(bool[] covered, bool[] counted)
    {
        int n = 0;
        for (int i = 0; i < covered.Length; i++)
        {
            n += covered[i] && counted[i] ? 1 : 0;
        }
        return n;
    }
}
