namespace SimilarityEngine.Similarity.Alignment;

/// <summary>A stretch of text shared by a submission and a source, in syllable indices (end exclusive).</summary>
public sealed record Passage(int SubmissionStart, int SubmissionEnd, int SourceStart, int SourceEnd, int Seeds)
{
    /// <summary>Length on the submission side, in syllables.</summary>
    public int SubmissionLength => SubmissionEnd - SubmissionStart;
}

/// <summary>Parameters of passage alignment.</summary>
/// <param name="MaxGap">Largest distance, in syllables, between two seeds of one passage (bridges edits).</param>
/// <param name="MinPassageSyllables">Shorter passages are dropped as chance matches.</param>
/// <param name="MinSeeds">Fewest shared shingles that make a passage.</param>
/// <param name="MaxOccurrences">A shingle that repeats more often than this inside the source is not used as a seed.</param>
/// <param name="ParagraphFill">A paragraph covered at least this much by passages counts as copied whole; 0 = off.</param>
/// <param name="ParaphraseDice">A paragraph whose syllable bigrams are at least this alike (Dice) to a paragraph of the
/// source is copied with edits (the paraphrase stage); 0 = off.</param>
/// <param name="ParaphraseMinSyllables">Paragraphs with fewer counted syllables are not compared by the paraphrase stage.</param>
/// <param name="ParaphraseMinSeedSyllables">The paraphrase stage runs only when the exact passages already cover this
/// many counted syllables of the submission.</param>
public sealed record AlignmentOptions(int MaxGap = 24, int MinPassageSyllables = 15, int MinSeeds = 2, int MaxOccurrences = 8,
    double ParagraphFill = 0.6, double ParaphraseDice = 0.25, int ParaphraseMinSyllables = 12, int ParaphraseMinSeedSyllables = 30)
{
    /// <summary>The defaults above.</summary>
    public static AlignmentOptions Default { get; } = new();
}

/// <summary>One side of an alignment: shingle hashes and which of them may seed a passage.</summary>
public readonly ref struct AlignmentSide
{
    /// <summary>Creates a side.</summary>
    public AlignmentSide(ReadOnlySpan<ulong> shingles, ReadOnlySpan<bool> usable)
    {
        Shingles = shingles;
        Usable = usable;
    }

    /// <summary>Shingle hashes by first-syllable index.</summary>
    public ReadOnlySpan<ulong> Shingles { get; }

    /// <summary>False where the shingle is boilerplate or excluded text.</summary>
    public ReadOnlySpan<bool> Usable { get; }
}

/// <summary>Finds the passages two documents share.</summary>
public interface IPassageAligner
{
    /// <summary>Aligns <paramref name="submission"/> against <paramref name="source"/>.</summary>
    IReadOnlyList<Passage> Align(AlignmentSide submission, AlignmentSide source, int k);
}
