namespace SimilarityEngine.Similarity.Alignment;

/// <summary>What a span of a passage's word-level comparison is.</summary>
public enum DiffKind
{
    /// <summary>The same words on both sides.</summary>
    Same,
    /// <summary>Words replaced by other words.</summary>
    Changed,
    /// <summary>Words only the submission has.</summary>
    Inserted,
    /// <summary>Words only the source has.</summary>
    Deleted,
}

/// <summary>One span of a word-level comparison, with character offsets into each side's text.</summary>
/// <param name="Kind">What the span is.</param>
/// <param name="SubmissionStart">Start in the submission's text.</param>
/// <param name="SubmissionEnd">End (exclusive) in the submission's text; equal to the start for <see cref="DiffKind.Deleted"/>.</param>
/// <param name="SourceStart">Start in the source's text.</param>
/// <param name="SourceEnd">End (exclusive) in the source's text; equal to the start for <see cref="DiffKind.Inserted"/>.</param>
/// <param name="IsValue">A <see cref="DiffKind.Changed"/> span of at most a few words holding a number or a name on both
/// sides (class, year, count, school, person): the kind of edit that disguises a copy.</param>
public readonly record struct DiffSpan(DiffKind Kind, int SubmissionStart, int SubmissionEnd, int SourceStart, int SourceEnd, bool IsValue);

/// <summary>Compares two passages word by word (syllables, numbers), case-insensitively, ignoring punctuation and spacing.</summary>
/// <remarks>Longest common subsequence of words (Hirschberg/Wagner–Fischer) restricted to a diagonal band around the
/// passage alignment, which both sides already share; the band keeps time and memory linear in the passage length.</remarks>
public static class SyllableDiff
{
    /// <summary>Most words in a changed span that can still be a swapped value.</summary>
    public const int MaxValueWords = 4;

    private readonly record struct Word(int Start, int End, string Key);

    /// <summary>The spans of <paramref name="submission"/> against <paramref name="source"/>, in order; adjacent non-equal
    /// words are merged into one span.</summary>
    public static IReadOnlyList<DiffSpan> Compare(string submission, string source) => Compare(submission, source, folded: false);

    /// <summary>As <see cref="Compare(string, string)"/>; with <paramref name="folded"/>, words are compared without their
    /// marks ("truong" is "trường"): the pair was matched that way because one side was typed without them.</summary>
    public static IReadOnlyList<DiffSpan> Compare(string submission, string source, bool folded)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(source);
        var a = Words(submission, folded);
        var b = Words(source, folded);
        var ops = Lcs(a, b);
        var spans = new List<DiffSpan>();
        int i = 0, j = 0, k = 0;
        while (k < ops.Count)
        {
            if (ops[k] == 0)
            {
                int i0 = i, j0 = j;
                while (k < ops.Count && ops[k] == 0)
                {
                    i++;
                    j++;
                    k++;
                }
                spans.Add(new DiffSpan(DiffKind.Same, a[i0].Start, a[i - 1].End, b[j0].Start, b[j - 1].End, false));
                continue;
            }
            int si = i, sj = j;
            while (k < ops.Count && ops[k] != 0)
            {
                if (ops[k] == 1)
                {
                    i++;
                }
                else
                {
                    j++;
                }
                k++;
            }
            int ni = i - si, nj = j - sj;
            int aStart = ni > 0 ? a[si].Start : (si > 0 ? a[si - 1].End : 0);
            int aEnd = ni > 0 ? a[i - 1].End : aStart;
            int bStart = nj > 0 ? b[sj].Start : (sj > 0 ? b[sj - 1].End : 0);
            int bEnd = nj > 0 ? b[j - 1].End : bStart;
            var kind = ni > 0 && nj > 0 ? DiffKind.Changed : ni > 0 ? DiffKind.Inserted : DiffKind.Deleted;
            bool value = kind == DiffKind.Changed && ni <= MaxValueWords && nj <= MaxValueWords
                && HoldsValue(submission, a, si, i) && HoldsValue(source, b, sj, j);
            spans.Add(new DiffSpan(kind, aStart, aEnd, bStart, bEnd, value));
        }
        return spans;
    }

    // A number, or a capitalised word that does not open a sentence (a name).
    private static bool HoldsValue(string text, List<Word> words, int from, int to)
    {
        for (int w = from; w < to; w++)
        {
            var word = words[w];
            for (int c = word.Start; c < word.End; c++)
            {
                if (char.IsDigit(text[c]))
                {
                    return true;
                }
            }
            if (char.IsUpper(text[word.Start]) && !OpensSentence(text, word.Start))
            {
                return true;
            }
        }
        return false;
    }

    private static bool OpensSentence(string text, int at)
    {
        for (int c = at - 1; c >= 0; c--)
        {
            char ch = text[c];
            if (char.IsWhiteSpace(ch) && ch != '\n')
            {
                continue;
            }
            return ch is '.' or '!' or '?' or '\n' or ':' or '"' or '“' or '(' or '-' or '–';
        }
        return true;
    }

    private static List<Word> Words(string text, bool folded)
    {
        var words = new List<Word>();
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }
            int s = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || char.GetUnicodeCategory(text[i]) == System.Globalization.UnicodeCategory.NonSpacingMark))
            {
                i++;
            }
            string key = text[s..i].ToLowerInvariant();
            if (folded)
            {
                key = string.Create(key.Length, key, static (span, k) =>
                {
                    for (int c = 0; c < k.Length; c++)
                    {
                        span[c] = Text.VietnameseSyllable.Fold(k[c]);
                    }
                });
            }
            words.Add(new Word(s, i, key));
        }
        return words;
    }

    // Edit script: 0 = same word, 1 = submission only, 2 = source only. LCS over a band of the DP table.
    private static List<byte> Lcs(List<Word> a, List<Word> b)
    {
        int n = a.Count, m = b.Count;
        int band = Math.Max(64, Math.Abs(n - m) + 128);
        int width = 2 * band + 1;
        // lengths[i][w]: LCS of a[..i], b[..j] with j = Centre(i) + w - band
        var len = new int[(n + 1) * width];
        var dir = new byte[(n + 1) * width];
        int Centre(int i) => n == 0 ? 0 : (int)((long)i * m / n);
        int Get(int i, int j)
        {
            if (i < 0 || j < 0)
            {
                return 0;
            }
            int w = j - Centre(i) + band;
            return w < 0 || w >= width || j > m ? -1 : len[i * width + w];
        }
        for (int i = 0; i <= n; i++)
        {
            int c = Centre(i);
            for (int w = 0; w < width; w++)
            {
                int j = c + w - band;
                if (j < 0 || j > m)
                {
                    continue;
                }
                int cell = i * width + w;
                if (i == 0 || j == 0)
                {
                    len[cell] = 0;
                    dir[cell] = (byte)(i == 0 ? 2 : 1);
                    continue;
                }
                if (string.Equals(a[i - 1].Key, b[j - 1].Key, StringComparison.Ordinal) && Get(i - 1, j - 1) >= 0)
                {
                    len[cell] = Get(i - 1, j - 1) + 1;
                    dir[cell] = 0;
                    continue;
                }
                int up = Get(i - 1, j);
                int left = Get(i, j - 1);
                if (up >= left)
                {
                    len[cell] = Math.Max(0, up);
                    dir[cell] = 1;
                }
                else
                {
                    len[cell] = left;
                    dir[cell] = 2;
                }
            }
        }
        var ops = new List<byte>(n + m);
        int x = n, y = m;
        while (x > 0 || y > 0)
        {
            int w = y - Centre(x) + band;
            byte d = x == 0 ? (byte)2 : y == 0 ? (byte)1 : w < 0 || w >= width ? (y > Centre(x) ? (byte)2 : (byte)1) : dir[x * width + w];
            ops.Add(d);
            if (d == 0)
            {
                x--;
                y--;
            }
            else if (d == 1)
            {
                x--;
            }
            else
            {
                y--;
            }
        }
        ops.Reverse();
        return ops;
    }
}
