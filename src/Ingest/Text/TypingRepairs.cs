using System.Text;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Ingest.Text;

/// <summary>Undoes ways of typing Vietnamese that hide a copy from a checker (and that old machines produce): letters spaced
/// apart ("t r ư ờ n g h ọ c"), VIQR ("Vie^.t Nam"), Telex keys left in the text ("truwowngf"). Each repair keeps the
/// offset map: a character of the result points at the character it was made from.</summary>
/// <remarks>Every repair is decided per paragraph and only where the result reads as Vietnamese: a run of spaced letters
/// is joined only when at least 80 % of its letters fall into valid syllables; VIQR and Telex are decoded only in
/// paragraphs where most of the words that are not Vietnamese as typed become Vietnamese syllables, so that English
/// words ("has", "is") are never read as Telex.</remarks>
public static class TypingRepairs
{
    /// <summary>Fewest single letters in a row that are taken for a spaced-out word.</summary>
    public const int MinSpacedLetters = 6;

    /// <summary>What was repaired.</summary>
    /// <param name="Text">The repaired text and its map to the extracted text.</param>
    /// <param name="SpacedWords">Syllables joined from spaced letters.</param>
    /// <param name="ViqrWords">Words decoded from VIQR.</param>
    /// <param name="TelexWords">Words decoded from Telex keys.</param>
    public sealed record Result(NormalizedText Text, int SpacedWords, int ViqrWords, int TelexWords);

    /// <summary>Repairs <paramref name="input"/> (canonical text, lines = paragraphs).</summary>
    public static Result Apply(NormalizedText input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // letters in text boxes of their own come out one a line: such lines make one line of spaced letters
        string text = JoinLetterLines(input.Text);
        // PERF: most text needs nothing: a cheap test before any rewriting
        if (!MayNeedRepair(text))
        {
            return new Result(input, 0, 0, 0);
        }
        var sb = new StringBuilder(text.Length);
        var map = new List<int>(text.Length + 1);
        int spaced = 0;
        int viqr = 0;
        int telex = 0;
        int start = 0;
        while (start <= text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl;
            var (line, lineMap) = (text[start..end], Enumerable.Range(start, end - start).ToList());
            (line, lineMap, int v) = DecodeViqr(line, lineMap);
            (line, lineMap, int t) = DecodeTelex(line, lineMap);
            (line, lineMap, int s) = JoinSpaced(line, lineMap);
            viqr += v;
            telex += t;
            spaced += s;
            sb.Append(line);
            foreach (int i in lineMap)
            {
                map.Add(input.Map[i]);
            }
            if (nl < 0)
            {
                break;
            }
            sb.Append('\n');
            map.Add(input.Map[nl]);
            start = nl + 1;
        }
        if (spaced + viqr + telex == 0)
        {
            return new Result(input, 0, 0, 0);
        }
        map.Add(input.Map[^1]);
        string repaired = VietnameseSyllable.NormalizeTones(sb.ToString(), ToneStyle.Traditional);
        return new Result(new NormalizedText(repaired, [.. map]), spaced, viqr, telex);
    }

    // Runs of at least MinSpacedLetters lines that each hold one letter, their line breaks made spaces (same length, so the
    // map stays valid).
    private static string JoinLetterLines(string text)
    {
        char[]? chars = null;
        int run = 0;
        int runStart = 0;
        int i = 0;
        while (i <= text.Length)
        {
            int nl = text.IndexOf('\n', i);
            int end = nl < 0 ? text.Length : nl;
            bool letter = end - i == 1 && char.IsLetter(text[i]);
            if (letter)
            {
                runStart = run == 0 ? i : runStart;
                run++;
            }
            if (!letter || nl < 0)
            {
                int runEnd = letter ? end : i - 1;
                if (run >= MinSpacedLetters)
                {
                    chars ??= text.ToCharArray();
                    for (int k = runStart; k < runEnd; k++)
                    {
                        chars[k] = chars[k] == '\n' ? ' ' : chars[k];
                    }
                }
                run = 0;
            }
            if (nl < 0)
            {
                break;
            }
            i = nl + 1;
        }
        return chars is null ? text : new string(chars);
    }

    // Letters Vietnamese never writes (Telex tone and vowel keys) and VIQR's signs: text without a few of them is neither.
    private static readonly System.Buffers.SearchValues<char> s_keys = System.Buffers.SearchValues.Create("fjwzFJWZ^`~");

    // PERF: FingerprintBenchmarks.IngestPath — most text needs no repair; vectorised searches decide that without a pass
    // per character: Telex or VIQR needs at least 3 of their keys, spaced letters a run of one-letter words.
    private static bool MayNeedRepair(string text)
    {
        var span = text.AsSpan();
        int keys = 0;
        for (int at = span.IndexOfAny(s_keys); at >= 0 && keys < 3;)
        {
            keys++;
            int next = span[(at + 1)..].IndexOfAny(s_keys);
            at = next < 0 ? -1 : at + 1 + next;
        }
        if (keys >= 3)
        {
            return true;
        }
        // words of one letter in a row, between spaces
        int singles = 0;
        int prev = -1;
        for (int sp = span.IndexOf(' '); sp >= 0;)
        {
            bool single = sp - prev == 2 && char.IsLetter(span[sp - 1]);
            singles = single ? singles + 1 : 0;
            if (singles >= MinSpacedLetters - 1)
            {
                return true;
            }
            prev = sp;
            int next = span[(sp + 1)..].IndexOf(' ');
            sp = next < 0 ? -1 : sp + 1 + next;
        }
        return false;
    }

    // ---- spaced letters ----

    // Runs of single letters separated by single spaces, joined into syllables (longest valid prefix first).
    private static (string, List<int>, int) JoinSpaced(string line, List<int> map)
    {
        var tokens = Tokens(line);
        if (tokens.Count < MinSpacedLetters)
        {
            return (line, map, 0);
        }
        var sb = new StringBuilder(line.Length);
        var outMap = new List<int>(map.Count);
        int words = 0;
        int at = 0;
        int t = 0;
        while (t < tokens.Count)
        {
            int u = t;
            while (u < tokens.Count && tokens[u].Length == 1 && char.IsLetter(line[tokens[u].Start])
                && (u == t || OnlySpaces(line, tokens[u - 1].Start + 1, tokens[u].Start)))
            {
                u++;
            }
            if (u - t >= MinSpacedLetters && Segment(line, tokens, t, u) is { } cuts)
            {
                Copy(line, map, at, tokens[t].Start, sb, outMap);
                for (int c = 0; c < cuts.Count; c++)
                {
                    if (c > 0)
                    {
                        // the space before the syllable's first letter stands for the gap between words
                        sb.Append(' ');
                        outMap.Add(map[tokens[cuts[c].From].Start - 1]);
                    }
                    for (int k = cuts[c].From; k < cuts[c].To; k++)
                    {
                        sb.Append(line[tokens[k].Start]);
                        outMap.Add(map[tokens[k].Start]);
                    }
                }
                words += cuts.Count;
                at = tokens[u - 1].Start + 1;
                t = u;
            }
            else
            {
                t = Math.Max(u, t + 1);
            }
        }
        if (words == 0)
        {
            return (line, map, 0);
        }
        Copy(line, map, at, line.Length, sb, outMap);
        return (sb.ToString(), outMap, words);
    }

    private static bool OnlySpaces(string line, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (line[i] != ' ')
            {
                return false;
            }
        }
        return to > from;
    }

    // Splits letters [t, u) into syllables: of the ways to cut them into valid syllables, the one with the fewest syllables
    // and, among those, the fewest that start with a vowel ("là nơi", not "làn ơi": Vietnamese syllables mostly start with
    // a consonant). Null when under 80 % of the letters make valid syllables, or when the letters are a list (one letter a
    // syllable on average).
    private static List<(int From, int To)>? Segment(string line, List<(int Start, int Length)> tokens, int t, int u)
    {
        int n = u - t;
        var cost = new double[n + 1];
        var back = new int[n + 1];
        Array.Fill(cost, double.MaxValue);
        cost[0] = 0;
        Span<char> buf = stackalloc char[VietnameseSyllable.MaxSyllableLetters];
        for (int i = 0; i < n; i++)
        {
            if (cost[i] == double.MaxValue)
            {
                continue;
            }
            // a letter that starts no valid syllable is kept alone, at a high cost
            Relax(cost, back, i, i + 1, cost[i] + 5);
            for (int len = 1; len <= Math.Min(VietnameseSyllable.MaxSyllableLetters, n - i); len++)
            {
                for (int k = 0; k < len; k++)
                {
                    buf[k] = line[tokens[t + i + k].Start];
                }
                var syllable = buf[..len];
                if (!VietnameseSyllable.IsValid(syllable) || !SpelledRight(syllable) || (len > 1 && MixedCase(syllable)))
                {
                    continue;
                }
                double c = 1 + (VietnameseSyllable.IsVowel(VietnameseSyllable.Lower(syllable[0])) ? 0.6 : 0) + (len == 1 ? 0.5 : 0);
                Relax(cost, back, i, i + len, cost[i] + c);
            }
        }
        var cuts = new List<(int, int)>();
        int validLetters = 0;
        for (int i = n; i > 0; i = back[i])
        {
            int from = back[i];
            cuts.Add((t + from, t + i));
            // a letter kept alone at the high cost is not a valid syllable
            bool alone = i - from == 1 && !VietnameseSyllable.IsValid([line[tokens[t + from].Start]]);
            validLetters += alone ? 0 : i - from;
        }
        cuts.Reverse();
        // a list of single letters ("à á ả ã ạ", "a b c d") stays a list: words are longer than a letter on average
        return validLetters >= 0.8 * n && cuts.Count <= 0.6 * n ? cuts : null;
    }

    // VI: spelling of the onset before the vowel: gh, ngh and k only before i, e, ê (k also before y); g, ng and c never
    // before e, ê (nor c before i): "ghọc", "ngê", "ci" are not written. Decides "trường học" over "trườn ghọc".
    private static bool SpelledRight(ReadOnlySpan<char> syllable)
    {
        Span<char> s = stackalloc char[syllable.Length];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = VietnameseSyllable.StripTone(VietnameseSyllable.Lower(syllable[i]));
        }
        int v = 0;
        while (v < s.Length && !VietnameseSyllable.IsVowel(s[v]))
        {
            v++;
        }
        if (v == s.Length)
        {
            return false;
        }
        var onset = s[..v];
        bool front = s[v] is 'i' or 'e' or 'ê' or 'y';
        if (onset is "gh" or "ngh" or "k")
        {
            return front;
        }
        if (onset is "ng" or "c")
        {
            return !front;
        }
        return !(onset is "g" && s[v] is 'e' or 'ê');
    }

    private static void Relax(double[] cost, int[] back, int from, int to, double c)
    {
        if (c < cost[to])
        {
            cost[to] = c;
            back[to] = from;
        }
    }

    private static bool MixedCase(ReadOnlySpan<char> s)
    {
        for (int k = 1; k < s.Length; k++)
        {
            if (char.IsUpper(s[k]) && char.IsLower(s[k - 1]))
            {
                return true;
            }
        }
        return false;
    }

    // ---- VIQR ----

    private static int ToneOfViqr(char c) => c switch
    {
        '\'' => 2,
        '`' => 1,
        '?' => 3,
        '~' => 4,
        '.' => 5,
        _ => 0,
    };

    // Words written with VIQR marks, decoded, in a paragraph where enough words show VIQR's own signs (^ ( + inside words,
    // or a tone sign followed by a letter).
    private static (string, List<int>, int) DecodeViqr(string line, List<int> map)
    {
        var chunks = Chunks(line);
        int signed = 0;
        foreach (var (s, len) in chunks)
        {
            if (HasViqrSign(line.AsSpan(s, len)))
            {
                signed++;
            }
        }
        if (signed < 2 || signed * 5 < chunks.Count)
        {
            return (line, map, 0);
        }
        var sb = new StringBuilder(line.Length);
        var outMap = new List<int>(map.Count);
        int words = 0;
        int at = 0;
        foreach (var (s, len) in chunks)
        {
            if (ViqrWord(line, s, len) is not { } decoded)
            {
                continue;
            }
            Copy(line, map, at, s, sb, outMap);
            foreach (var (ch, from) in decoded)
            {
                sb.Append(ch);
                outMap.Add(map[from]);
            }
            at = s + len;
            words++;
        }
        if (words == 0)
        {
            return (line, map, 0);
        }
        Copy(line, map, at, line.Length, sb, outMap);
        return (sb.ToString(), outMap, words);
    }

    private static bool HasViqrSign(ReadOnlySpan<char> w)
    {
        for (int i = 1; i < w.Length; i++)
        {
            char p = char.ToLowerInvariant(w[i - 1]);
            char c = w[i];
            if ((c == '^' && p is 'a' or 'e' or 'o') || (c == '(' && p == 'a') || (c == '+' && p is 'o' or 'u'))
            {
                return true;
            }
            if (ToneOfViqr(c) != 0 && VietnameseSyllable.IsVowel(p) && i + 1 < w.Length && char.IsLetter(w[i + 1]))
            {
                return true;
            }
        }
        return false;
    }

    // One whitespace-delimited chunk decoded from VIQR, with the position each character came from; null when it holds no
    // VIQR sign or does not become Vietnamese.
    private static List<(char Ch, int From)>? ViqrWord(string line, int s, int len)
    {
        var outChars = new List<(char, int)>(len);
        bool changed = false;
        int letters = 0;
        for (int i = s; i < s + len; i++)
        {
            char c = line[i];
            char prev = outChars.Count > 0 ? outChars[^1].Item1 : '\0';
            char pl = char.ToLowerInvariant(prev);
            bool upper = char.IsUpper(prev);
            char? modified = c switch
            {
                '^' when pl == 'a' => upper ? 'Â' : 'â',
                '^' when pl == 'e' => upper ? 'Ê' : 'ê',
                '^' when pl == 'o' => upper ? 'Ô' : 'ô',
                '(' when pl == 'a' => upper ? 'Ă' : 'ă',
                '+' when pl == 'o' => upper ? 'Ơ' : 'ơ',
                '+' when pl == 'u' => upper ? 'Ư' : 'ư',
                _ => null,
            };
            if (modified is char m)
            {
                outChars[^1] = (m, outChars[^1].Item2);
                changed = true;
                continue;
            }
            if ((c is 'd' or 'D') && (prev is 'd' or 'D') && letters == 1)
            {
                outChars[^1] = (prev == 'D' ? 'Đ' : 'đ', outChars[^1].Item2);
                changed = true;
                continue;
            }
            int tone = ToneOfViqr(c);
            // a tone sign after a vowel; '.' and '?' at the end of a word are punctuation unless the word holds other signs
            bool end = i + 1 == s + len || !char.IsLetter(line[i + 1]);
            if (tone != 0 && VietnameseSyllable.IsVowel(prev) && VietnameseSyllable.ToneOf(prev) == 0 && !(end && c is '.' or '?' && !changed))
            {
                outChars[^1] = (VietnameseSyllable.WithTone(prev, tone), outChars[^1].Item2);
                changed = true;
                continue;
            }
            outChars.Add((c, i));
            letters += char.IsLetter(c) ? 1 : 0;
        }
        if (!changed)
        {
            return null;
        }
        var word = new string(outChars.Where(x => char.IsLetter(x.Item1)).Select(x => x.Item1).ToArray());
        return VietnameseSyllable.IsValid(word) ? outChars : null;
    }

    // ---- Telex ----

    // Words left with Telex keys, decoded, in a paragraph where most words that are not Vietnamese as typed become so.
    private static (string, List<int>, int) DecodeTelex(string line, List<int> map)
    {
        var tokens = Tokens(line);
        var decoded = new List<(int Start, int Length, List<(char, int)> Chars)>();
        int candidates = 0;
        foreach (var (s, len) in tokens)
        {
            var word = line.AsSpan(s, len);
            if (len < 2 || VietnameseSyllable.IsValid(word) || !IsAsciiLetters(word))
            {
                continue;
            }
            candidates++;
            if (TelexWord(line, s, len) is { } chars)
            {
                decoded.Add((s, len, chars));
            }
        }
        // VI: English words such as "has" or "is" are Telex for "há", "í": a paragraph is Telex only when most of its
        // non-Vietnamese words decode and they are a good part of it
        if (decoded.Count < 3 || decoded.Count < 0.7 * candidates || decoded.Count < 0.2 * tokens.Count)
        {
            return (line, map, 0);
        }
        var sb = new StringBuilder(line.Length);
        var outMap = new List<int>(map.Count);
        int at = 0;
        foreach (var (s, len, chars) in decoded)
        {
            Copy(line, map, at, s, sb, outMap);
            foreach (var (ch, from) in chars)
            {
                sb.Append(ch);
                outMap.Add(map[from]);
            }
            at = s + len;
        }
        Copy(line, map, at, line.Length, sb, outMap);
        return (sb.ToString(), outMap, decoded.Count);
    }

    private static bool IsAsciiLetters(ReadOnlySpan<char> w)
    {
        foreach (char c in w)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }
        return true;
    }

    private static int ToneOfTelex(char c) => char.ToLowerInvariant(c) switch
    {
        's' => 2,
        'f' => 1,
        'r' => 3,
        'x' => 4,
        'j' => 5,
        _ => 0,
    };

    // One word typed with Telex keys, decoded: dd aa aw ee oo ow uw (w after u or o), then one tone key; null when the
    // result is not a Vietnamese syllable with a mark.
    private static List<(char, int)>? TelexWord(string line, int s, int len)
    {
        var outChars = new List<(char Ch, int From)>(len);
        int tone = 0;
        for (int i = s; i < s + len; i++)
        {
            char c = line[i];
            char lc = char.ToLowerInvariant(c);
            char prev = outChars.Count > 0 ? outChars[^1].Ch : '\0';
            char pl = char.ToLowerInvariant(prev);
            bool upper = char.IsUpper(prev);
            char? merged = (pl, lc) switch
            {
                ('d', 'd') when outChars.Count == 1 => upper ? 'Đ' : 'đ',
                ('a', 'a') => upper ? 'Â' : 'â',
                ('a', 'w') => upper ? 'Ă' : 'ă',
                ('e', 'e') => upper ? 'Ê' : 'ê',
                ('o', 'o') => upper ? 'Ô' : 'ô',
                ('o', 'w') => upper ? 'Ơ' : 'ơ',
                ('u', 'w') => upper ? 'Ư' : 'ư',
                _ => null,
            };
            if (merged is char m)
            {
                outChars[^1] = (m, outChars[^1].From);
                continue;
            }
            // a tone key after the first vowel (typed at the end of the word or right after its vowel)
            if (tone == 0 && ToneOfTelex(c) != 0 && outChars.Exists(x => VietnameseSyllable.IsVowel(x.Ch)) && !(lc == 's' && i + 1 < s + len))
            {
                tone = ToneOfTelex(c);
                continue;
            }
            if (lc == 'w')
            {
                return null;
            }
            outChars.Add((c, i));
        }
        if (tone != 0)
        {
            int v = outChars.FindLastIndex(x => VietnameseSyllable.IsVowel(x.Ch));
            if (v < 0)
            {
                return null;
            }
            outChars[v] = (VietnameseSyllable.WithTone(outChars[v].Ch, tone), outChars[v].From);
        }
        var word = new string(outChars.Select(x => x.Ch).ToArray());
        bool marked = word.Any(VietnameseSyllable.IsMarked);
        return marked && VietnameseSyllable.IsValid(word) ? outChars : null;
    }

    // ---- helpers ----

    // Letter runs (letters and combining marks).
    private static List<(int Start, int Length)> Tokens(string line)
    {
        var list = new List<(int, int)>();
        int i = 0;
        while (i < line.Length)
        {
            if (!char.IsLetter(line[i]))
            {
                i++;
                continue;
            }
            int s = i;
            while (i < line.Length && char.IsLetter(line[i]))
            {
                i++;
            }
            list.Add((s, i - s));
        }
        return list;
    }

    // Whitespace-delimited chunks.
    private static List<(int Start, int Length)> Chunks(string line)
    {
        var list = new List<(int, int)>();
        int i = 0;
        while (i < line.Length)
        {
            if (line[i] == ' ')
            {
                i++;
                continue;
            }
            int s = i;
            while (i < line.Length && line[i] != ' ')
            {
                i++;
            }
            list.Add((s, i - s));
        }
        return list;
    }

    private static void Copy(string line, List<int> map, int from, int to, StringBuilder sb, List<int> outMap)
    {
        for (int i = from; i < to; i++)
        {
            sb.Append(line[i]);
            outMap.Add(map[i]);
        }
    }
}
