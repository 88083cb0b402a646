namespace SimilarityEngine.Similarity.Text;

/// <summary>Finds Vietnamese typed without its marks ("Truong hoc la noi hoc sinh duoc phat trien"), paragraph by
/// paragraph.</summary>
/// <remarks>VI: in running Vietnamese prose more than 70 % of the words carry a tone or quality mark or đ (on eval-dev's
/// texts 75–85 %); text typed without marks has none, but its words are still well-formed syllables once read without
/// marks ("truong", "nguoi"), which English or other foreign text mostly is not ("became", "craft").</remarks>
public static class UnaccentedText
{
    /// <summary>A paragraph with fewer words than this is not judged (headings, names, table cells).</summary>
    public const int MinWords = 4;

    /// <summary>A paragraph with a smaller share of marked words than this is unmarked (prose has over 0.7).</summary>
    public const double MaxMarkedShare = 0.25;

    /// <summary>An unmarked paragraph is Vietnamese when at least this share of its words are syllables read without marks.</summary>
    public const double MinValidShare = 0.8;

    /// <summary>The words (letter syllables) of the paragraphs judged, and those of them in paragraphs typed without
    /// marks.</summary>
    /// <param name="text">The text the syllables were taken from.</param>
    /// <param name="syllables">Its syllables.</param>
    /// <param name="paragraphStarts">Index of the first syllable of each paragraph, ascending, starting at 0.</param>
    public static (int Words, int Unaccented) Count(string text, SyllableList syllables, ReadOnlySpan<int> paragraphStarts)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(syllables);
        int words = 0;
        int unaccented = 0;
        for (int p = 0; p < paragraphStarts.Length; p++)
        {
            int b = p + 1 < paragraphStarts.Length ? paragraphStarts[p + 1] : syllables.Count;
            Paragraph(text, syllables, paragraphStarts[p], b, ref words, ref unaccented);
        }
        return (words, unaccented);
    }

    /// <summary>As <see cref="Count(string, SyllableList, ReadOnlySpan{int})"/>, with paragraphs at the line breaks of
    /// <paramref name="text"/>.</summary>
    public static (int Words, int Unaccented) Count(string text, SyllableList syllables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(syllables);
        int words = 0;
        int unaccented = 0;
        int a = 0;
        var starts = syllables.Starts;
        for (int i = 1; i <= syllables.Count; i++)
        {
            if (i == syllables.Count || text.AsSpan(syllables.EndOf(i - 1), starts[i] - syllables.EndOf(i - 1)).Contains('\n'))
            {
                Paragraph(text, syllables, a, i, ref words, ref unaccented);
                a = i;
            }
        }
        return (words, unaccented);
    }

    /// <summary>The share of <paramref name="text"/>'s words in paragraphs typed without marks.</summary>
    /// <remarks>PERF: FingerprintBenchmarks.IngestPath — reads the letter runs directly (no syllable hashes); the same
    /// judgement as <see cref="Count(string, SyllableList)"/>.</remarks>
    public static double Share(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int words = 0;
        int unaccented = 0;
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl;
            Line(text.AsSpan(start, end - start), ref words, ref unaccented);
            start = end + 1;
        }
        return words == 0 ? 0 : (double)unaccented / words;
    }

    // One paragraph's word runs: letters only (a run holding a digit is a number, not a word).
    private static void Line(ReadOnlySpan<char> line, ref int words, ref int unaccented)
    {
        int letters = 0;
        int withMarks = 0;
        for (int i = 0; i < line.Length;)
        {
            if (!SyllableTokenizer.IsWordChar(line[i]))
            {
                i++;
                continue;
            }
            int s = i;
            bool allLetters = true;
            bool marked = false;
            while (i < line.Length && SyllableTokenizer.IsWordChar(line[i]))
            {
                char c = line[i];
                allLetters &= char.IsLetter(c);
                marked |= VietnameseSyllable.IsMarked(VietnameseSyllable.Lower(c));
                i++;
            }
            if (allLetters)
            {
                letters++;
                withMarks += marked ? 1 : 0;
            }
        }
        if (letters < MinWords)
        {
            return;
        }
        words += letters;
        if (withMarks >= MaxMarkedShare * letters)
        {
            return;
        }
        int valid = 0;
        for (int i = 0; i < line.Length;)
        {
            if (!SyllableTokenizer.IsWordChar(line[i]))
            {
                i++;
                continue;
            }
            int s = i;
            bool allLetters = true;
            while (i < line.Length && SyllableTokenizer.IsWordChar(line[i]))
            {
                allLetters &= char.IsLetter(line[i]);
                i++;
            }
            if (allLetters && VietnameseSyllable.IsValidFolded(line[s..i]))
            {
                valid++;
            }
        }
        if (valid >= MinValidShare * letters)
        {
            unaccented += letters;
        }
    }

    private static void Paragraph(string text, SyllableList syllables, int a, int b, ref int words, ref int unaccented)
    {
        // PERF: FingerprintBenchmarks.IngestPath — a syllable holding a digit hashes to the number placeholder in every form:
        // the letters of a word need not be read again, except in the (rare) paragraphs typed without marks
        var marked = syllables.Marked;
        var folded = syllables.FoldedHashes;
        int letters = 0;
        int withMarks = 0;
        for (int i = a; i < b; i++)
        {
            if (folded[i] != SyllableTokenizer.NumberPlaceholder)
            {
                letters++;
                withMarks += marked[i] ? 1 : 0;
            }
        }
        if (letters < MinWords)
        {
            return;
        }
        words += letters;
        if (withMarks >= MaxMarkedShare * letters)
        {
            return;
        }
        var starts = syllables.Starts;
        var lengths = syllables.Lengths;
        int valid = 0;
        for (int i = a; i < b; i++)
        {
            if (folded[i] != SyllableTokenizer.NumberPlaceholder && VietnameseSyllable.IsValidFolded(text.AsSpan(starts[i], lengths[i])))
            {
                valid++;
            }
        }
        if (valid >= MinValidShare * letters)
        {
            unaccented += letters;
        }
    }
}
