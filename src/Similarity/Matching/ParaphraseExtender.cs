using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Similarity.Matching;

/// <summary>Extends a pair's passages to paragraphs that were copied and then edited too heavily for shingles to
/// survive: every 5th–8th syllable changed, synonyms swapped, sentences reordered.</summary>
/// <remarks>The second stage of the PAN text-alignment systems (Sanchez-Perez, Sidorov, Gelbukh: "A Winning Approach
/// to Text Alignment for Text Reuse Detection at PAN 2014"): seeds from exact matches, then units compared by a
/// bag-of-features similarity and joined to the passages. Our units are paragraphs (one line of the canonical text)
/// and the similarity is the Dice coefficient of their sets of syllable bigrams over counted syllables: order-aware
/// enough that two paragraphs on one topic do not match (0.03 at the 99th percentile on eval-dev's unrelated
/// pairs), loose enough that a paragraph with a fifth of its syllables edited still does (about 0.5). The stage runs
/// only on pairs whose shingle seeds already cover <see cref="AlignmentOptions.ParaphraseMinSeedSyllables"/> counted
/// syllables, so it extends copies and never makes one alone.</remarks>
public sealed class ParaphraseExtender
{
    private readonly AlignmentOptions _options;

    /// <summary>Creates the stage with <paramref name="options"/>.</summary>
    public ParaphraseExtender(AlignmentOptions? options = null) => _options = options ?? AlignmentOptions.Default;

    private readonly record struct Unit(int Start, int End, int Counted, ulong[] Bigrams);

    /// <summary>The passages of <paramref name="seeds"/> plus one passage per paragraph of the submission that the seeds
    /// cover less than <see cref="AlignmentOptions.ParagraphFill"/> and that has a paragraph in the source at least
    /// <see cref="AlignmentOptions.ParaphraseDice"/> alike; sorted by position in the submission.</summary>
    public IReadOnlyList<Passage> Extend(MaskedDocument submission, MaskedDocument source, IReadOnlyList<Passage> seeds)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(seeds);
        if (_options.ParaphraseDice <= 0 || seeds.Count == 0)
        {
            return seeds;
        }
        var covered = new bool[submission.Counted.Length];
        foreach (var p in seeds)
        {
            Array.Fill(covered, true, p.SubmissionStart, Math.Min(p.SubmissionEnd, covered.Length) - p.SubmissionStart);
        }
        int seeded = 0;
        for (int i = 0; i < covered.Length; i++)
        {
            seeded += covered[i] && submission.Counted[i] ? 1 : 0;
        }
        if (seeded < _options.ParaphraseMinSeedSyllables)
        {
            return seeds;
        }
        var sourceUnits = Units(source);
        if (sourceUnits.Count == 0)
        {
            return seeds;
        }
        List<Passage>? added = null;
        foreach (var unit in Units(submission))
        {
            int cov = 0;
            for (int i = unit.Start; i < unit.End; i++)
            {
                cov += covered[i] && submission.Counted[i] ? 1 : 0;
            }
            if (cov >= _options.ParagraphFill * unit.Counted)
            {
                continue;
            }
            double best = 0;
            int bestUnit = -1;
            for (int u = 0; u < sourceUnits.Count; u++)
            {
                double d = Dice(unit.Bigrams, sourceUnits[u].Bigrams);
                if (d > best)
                {
                    best = d;
                    bestUnit = u;
                }
            }
            if (bestUnit >= 0 && best >= _options.ParaphraseDice)
            {
                var s = sourceUnits[bestUnit];
                (added ??= []).Add(new Passage(unit.Start, unit.End, s.Start, s.End, 0));
            }
        }
        if (added is null)
        {
            return seeds;
        }
        added.AddRange(seeds);
        added.Sort(static (x, y) => x.SubmissionStart != y.SubmissionStart
            ? x.SubmissionStart.CompareTo(y.SubmissionStart)
            : x.SourceStart.CompareTo(y.SourceStart));
        return added;
    }

    // Paragraphs with enough counted syllables, each as the sorted distinct bigrams of its counted syllables.
    private List<Unit> Units(MaskedDocument doc)
    {
        var units = new List<Unit>();
        var starts = doc.Document.ParagraphStarts;
        var hashes = doc.Document.Syllables.Hashes;
        var counted = doc.Counted;
        var buffer = new List<ulong>();
        for (int p = 0; p < starts.Length; p++)
        {
            int a = starts[p];
            int b = p + 1 < starts.Length ? starts[p + 1] : counted.Length;
            int first = -1;
            int last = -1;
            int n = 0;
            ulong previous = 0;
            buffer.Clear();
            for (int i = a; i < b; i++)
            {
                if (!counted[i])
                {
                    continue;
                }
                if (n > 0)
                {
                    buffer.Add(SyllableTokenizer.Mix((previous * 0x9E3779B97F4A7C15UL) ^ hashes[i]));
                }
                previous = hashes[i];
                first = first < 0 ? i : first;
                last = i;
                n++;
            }
            if (n < _options.ParaphraseMinSyllables)
            {
                continue;
            }
            buffer.Sort();
            var distinct = new List<ulong>(buffer.Count);
            foreach (ulong h in buffer)
            {
                if (distinct.Count == 0 || distinct[^1] != h)
                {
                    distinct.Add(h);
                }
            }
            units.Add(new Unit(first, last + 1, n, [.. distinct]));
        }
        return units;
    }

    private static double Dice(ulong[] x, ulong[] y)
    {
        int i = 0;
        int j = 0;
        int shared = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return x.Length + y.Length == 0 ? 0 : 2.0 * shared / (x.Length + y.Length);
    }
}
