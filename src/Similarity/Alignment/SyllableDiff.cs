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
        var ops = Script(a, b);
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

    // A value: a number that is not the number of a list item or a section ("Biện pháp 4", "2."), or a capitalised word
    // that neither opens a sentence nor is a common word written with a capital (a name: a person, a school, a place).
    private static bool HoldsValue(string text, List<Word> words, int from, int to)
    {
        for (int w = from; w < to; w++)
        {
            var word = words[w];
            bool digit = false;
            for (int c = word.Start; c < word.End; c++)
            {
                digit |= char.IsDigit(text[c]);
            }
            if (digit ? Numbers(text, words, w) : char.IsUpper(text[word.Start]) && !OpensSentence(text, word.Start) && !s_common.Contains(Lower(text, word)))
            {
                return true;
            }
        }
        return false;
    }

    // VI: words that open clauses and headings ("Khi", "Những", "Các"): written with a capital after a list mark or in a
    // title, they are not names
    private static readonly HashSet<string> s_common = new(StringComparer.Ordinal)
    {
        "khi", "những", "các", "trong", "để", "với", "và", "nhưng", "nếu", "vì", "do", "theo", "sau", "trước", "từ", "tại", "qua",
        "đối", "về", "có", "không", "là", "này", "đó", "một", "cũng", "hay", "hoặc", "thì", "mà", "đã", "sẽ", "đang", "được",
        "bị", "cho", "của", "ngoài", "bên", "giáo", "viên", "học", "sinh", "em", "tôi", "chúng", "ta", "họ", "mỗi", "mọi",
        "nhiều", "ít", "rất", "như", "bằng", "hơn", "nhất", "lại", "ra", "vào", "lên", "xuống", "đây", "kia", "ấy", "nào",
        "gì", "sao", "thế", "vậy", "nên", "cần", "phải", "muốn", "biết", "hãy", "đừng", "chưa", "vẫn", "còn", "đều", "chỉ",
        "ngay", "luôn", "thường", "hiện", "nay", "năm", "ngày", "tháng", "lớp", "trường", "bài", "phần", "mục", "chương",
        "biện", "pháp", "giải", "bước", "ví", "dụ", "hình", "bảng", "câu", "hoạt", "động", "kết", "quả", "luận", "đề", "tài",
    };

    // VI: what numbers a list item or a part of a report ("Biện pháp 4", "Bước 2", "Bảng 3"): renumbered when a copy
    // reorders them, which is not a value changed
    private static readonly HashSet<string> s_numbered = new(StringComparer.Ordinal)
    {
        "pháp", "bước", "phần", "mục", "chương", "bảng", "hình", "biểu", "đồ", "sơ", "câu", "bài", "dụ",
        "giai", "đoạn", "điều", "khoản", "trang", "hoạt", "động", "nhiệm", "vụ", "phụ", "lục", "minh", "họa", "hoạ", "ý",
        "cách", "thứ", "lần", "nhóm", "dạng", "chủ", "đề",
    };

    // Numbers in the changed words that are values, not the numbers of an item: a number standing alone before "." or ")"
    // at the start of a line or sentence ("2.", "3)"), or after a word that numbers parts ("Biện pháp 4", "Bước 2").
    private static bool Numbers(string text, List<Word> words, int w)
    {
        var word = words[w];
        bool small = word.End - word.Start <= 2 && word.Key.All(char.IsDigit);
        if (!small)
        {
            return true;
        }
        int after = word.End;
        if (after < text.Length && text[after] is '.' or ')' && OpensSentence(text, word.Start))
        {
            return false;
        }
        return !(w > 0 && s_numbered.Contains(Lower(text, words[w - 1])) && OnlySpacesBetween(text, words[w - 1].End, word.Start));
    }

    // the word as written, in lower case (its key has no marks when the pair is compared without them)
    private static string Lower(string text, Word word) => text[word.Start..word.End].ToLowerInvariant();

    private static bool OnlySpacesBetween(string text, int from, int to)
    {
        for (int c = from; c < to; c++)
        {
            if (!char.IsWhiteSpace(text[c]) || text[c] == '\n')
            {
                return false;
            }
        }
        return true;
    }

    private static bool OpensSentence(string text, int at)
    {
        for (int c = at - 1; c >= 0; c--)
        {
            char ch = text[c];
            if (char.IsWhiteSpace(ch) && ch is not '\n' and not '\t')
            {
                continue;
            }
            // a line, a table cell, a sentence, a quotation or a list item ("a)", "•", "+") starts here
            return ch is '.' or '!' or '?' or '\n' or '\t' or ':' or ';' or '"' or '“' or '(' or '-' or '–' or '—' or '•' or '·' or '+' or '*' or '…' or '>'
                || (ch == ')' && c >= 1 && c - ListMarkStart(text, c) <= 3);
        }
        return true;
    }

    // the start of a list mark ending at the ')' at <paramref name="close"/>: "a)", "1)", "iv)"
    private static int ListMarkStart(string text, int close)
    {
        int c = close - 1;
        while (c >= 0 && char.IsLetterOrDigit(text[c]))
        {
            c--;
        }
        return c < 0 || char.IsWhiteSpace(text[c]) || text[c] == '(' ? c + 1 : -100;
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
            // "2022 - 2023", "2022-2023", "2022–2023": a school year is one value, compared as one word
            if (i - s == 4 && IsDigits(text, s, i) && YearRangeEnd(text, i) is int end)
            {
                i = end;
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

    private static bool IsDigits(string text, int from, int to)
    {
        for (int c = from; c < to; c++)
        {
            if (!char.IsAsciiDigit(text[c]))
            {
                return false;
            }
        }
        return true;
    }

    // the end of the second year of a range whose first year ends at <paramref name="at"/>, or null
    private static int? YearRangeEnd(string text, int at)
    {
        int c = at;
        while (c < text.Length && text[c] == ' ')
        {
            c++;
        }
        if (c >= text.Length || text[c] is not ('-' or '–' or '—' or '/'))
        {
            return null;
        }
        c++;
        while (c < text.Length && text[c] == ' ')
        {
            c++;
        }
        int start = c;
        while (c < text.Length && char.IsAsciiDigit(text[c]))
        {
            c++;
        }
        return c - start == 4 && (c == text.Length || !char.IsLetterOrDigit(text[c])) ? c : null;
    }

    /// <summary>Words in a row both sides share that anchor the comparison between edits.</summary>
    private const int AnchorWords = 6;

    /// <summary>How far ahead an anchor is looked for after an edit, in words on each side.</summary>
    private const int AnchorWindow = 512;

    // Edit script of the whole passage: the words both sides share in a row are taken as they come, and the banded LCS
    // runs only on the stretch between an edit and the next run of AnchorWords shared words (an anchor). PERF: simeng
    // screen lists the values swapped in every flagged pair: one LCS over whole passages cost 13 ms of CPU per pair of
    // eval-dev; copies share long runs, so the stretches left to the LCS are short.
    private static List<byte> Script(List<Word> a, List<Word> b)
    {
        var ops = new List<byte>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            if (string.Equals(a[i].Key, b[j].Key, StringComparison.Ordinal))
            {
                ops.Add(0);
                i++;
                j++;
                continue;
            }
            var (ai, bj) = NextAnchor(a, b, i, j);
            ops.AddRange(Lcs(a.GetRange(i, ai - i), b.GetRange(j, bj - j)));
            (i, j) = (ai, bj);
        }
        for (; i < a.Count; i++)
        {
            ops.Add(1);
        }
        for (; j < b.Count; j++)
        {
            ops.Add(2);
        }
        return ops;
    }

    // The nearest run of AnchorWords words both sides share after (i, j), within the window; the ends when there is none.
    private static (int, int) NextAnchor(List<Word> a, List<Word> b, int i, int j)
    {
        int bEnd = Math.Min(b.Count, j + AnchorWindow);
        var starts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int y = j; y + AnchorWords <= bEnd; y++)
        {
            starts.TryAdd(b[y].Key, y);
        }
        int aEnd = Math.Min(a.Count, i + AnchorWindow);
        (int, int)? best = null;
        for (int x = i; x + AnchorWords <= aEnd; x++)
        {
            if (!starts.TryGetValue(a[x].Key, out int first))
            {
                continue;
            }
            for (int y = first; y + AnchorWords <= bEnd; y++)
            {
                if (best is { } bb && x + y >= bb.Item1 + bb.Item2)
                {
                    break;
                }
                if (Run(a, b, x, y))
                {
                    best = (x, y);
                    break;
                }
            }
            if (best is { } found && x > found.Item1 + found.Item2 - j)
            {
                break;
            }
        }
        return best ?? (a.Count, b.Count);
    }

    private static bool Run(List<Word> a, List<Word> b, int x, int y)
    {
        for (int k = 0; k < AnchorWords; k++)
        {
            if (!string.Equals(a[x + k].Key, b[y + k].Key, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
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
