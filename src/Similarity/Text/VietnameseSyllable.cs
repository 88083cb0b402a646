using System.Text;

namespace SimilarityEngine.Similarity.Text;

/// <summary>Where the tone mark goes in the open syllables "oa", "oe", "uy".</summary>
public enum ToneStyle
{
    /// <summary>Traditional ("kiểu cũ"): hòa, khỏe, thủy. The engine's canonical convention.</summary>
    Traditional,

    /// <summary>Modern ("kiểu mới"): hoà, khoẻ, thuỷ.</summary>
    Modern,
}

/// <summary>Vietnamese syllable knowledge: tone marks, tone placement, validity and diacritic folding.</summary>
/// <remarks>Tone placement follows the rule in shared notes (vietnamese.md §2.2): a vowel with a quality
/// mark (ă â ê ô ơ ư) takes the tone; else the last vowel when a consonant ends the syllable; else the
/// middle of three vowels; of two, the first, except "oa", "oe", "uy", which depend on <see cref="ToneStyle"/>.</remarks>
public static class VietnameseSyllable
{
    /// <summary>Tone numbers: 0 level, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng.</summary>
    public const int ToneCount = 6;

    private static readonly string[] s_rows =
    [
        "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
        "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
        "AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
        "OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
    ];

    // char -> (row << 3 | tone) + 1; 0 means "not a vowel".
    private static readonly ushort[] s_vowelInfo = BuildVowelInfo();
    private static readonly char[] s_fold = BuildFold();

    private static ushort[] BuildVowelInfo()
    {
        var info = new ushort[0x1F00];
        for (int r = 0; r < s_rows.Length; r++)
        {
            for (int t = 0; t < ToneCount; t++)
            {
                info[s_rows[r][t]] = (ushort)(((r << 3) | t) + 1);
            }
        }
        return info;
    }

    private static char[] BuildFold()
    {
        var fold = new char[0x1F00];
        for (int i = 0; i < fold.Length; i++)
        {
            fold[i] = (char)i;
        }
        string plain = "aaaeeiooouuyAAAEEIOOOUUY";
        for (int r = 0; r < s_rows.Length; r++)
        {
            for (int t = 0; t < ToneCount; t++)
            {
                fold[s_rows[r][t]] = plain[r];
            }
        }
        fold['đ'] = 'd';
        fold['Đ'] = 'D';
        return fold;
    }

    /// <summary>True when <paramref name="c"/> is a Vietnamese vowel letter, toned or not.</summary>
    public static bool IsVowel(char c) => c < s_vowelInfo.Length && s_vowelInfo[c] != 0;

    /// <summary>The tone (0–5) carried by a vowel letter, or 0.</summary>
    public static int ToneOf(char c) => c < s_vowelInfo.Length && s_vowelInfo[c] != 0 ? (s_vowelInfo[c] - 1) & 7 : 0;

    /// <summary>The vowel without its tone mark (quality marks kept): ộ → ô.</summary>
    public static char StripTone(char c)
    {
        if (c >= s_vowelInfo.Length || s_vowelInfo[c] == 0)
        {
            return c;
        }
        int row = (s_vowelInfo[c] - 1) >> 3;
        return s_rows[row][0];
    }

    /// <summary>The vowel <paramref name="c"/> (any tone) carrying <paramref name="tone"/> instead.</summary>
    public static char WithTone(char c, int tone)
    {
        if (c >= s_vowelInfo.Length || s_vowelInfo[c] == 0)
        {
            return c;
        }
        int row = (s_vowelInfo[c] - 1) >> 3;
        return s_rows[row][tone];
    }

    /// <summary>Removes tone and quality marks and maps đ to d: "Đặt" → "Dat".</summary>
    public static char Fold(char c) => c < s_fold.Length ? s_fold[c] : c;

    /// <summary>True when <paramref name="c"/> carries a Vietnamese mark (tone or quality mark) or is đ/Đ: what text typed
    /// without marks lacks.</summary>
    public static bool IsMarked(char c) => c < s_fold.Length && s_fold[c] != c;

    /// <summary>True when <paramref name="token"/> (letters only), read without its marks, can be a Vietnamese syllable:
    /// "truong", "nguoi", "duoc" are ("trường", "người", "được"); "became", "craft", "and" are not. Tells Vietnamese typed
    /// without marks from English and other foreign text.</summary>
    public static bool IsValidFolded(ReadOnlySpan<char> token)
    {
        if (token.Length == 0 || token.Length > 8)
        {
            return false;
        }
        Span<char> s = stackalloc char[token.Length];
        for (int i = 0; i < token.Length; i++)
        {
            char c = Fold(Lower(token[i]));
            if (c is < 'a' or > 'z')
            {
                return false;
            }
            s[i] = c;
        }
        int v = 0;
        while (v < s.Length && !IsVowel(s[v]))
        {
            v++;
        }
        if (v == s.Length)
        {
            return false;
        }
        ReadOnlySpan<char> onset = s[..v];
        int nStart = v;
        if (v > 0 && v + 1 < s.Length && IsVowel(s[v + 1]) && ((s[v - 1] == 'q' && s[v] == 'u') || (s[v - 1] == 'g' && v == 1 && s[v] == 'i')))
        {
            onset = s[..(v + 1)];
            nStart = v + 1;
        }
        else if (onset is "g" && s[v] == 'i')
        {
            onset = "gi";
        }
        int e = nStart;
        while (e < s.Length && IsVowel(s[e]))
        {
            e++;
        }
        return s_onsetLookup.Contains(onset) && s_foldedNucleusLookup.Contains(s[nStart..e]) && s_codaLookup.Contains(s[e..]);
    }

    private static bool HasQualityMark(char baseLower) => baseLower is 'ă' or 'â' or 'ê' or 'ô' or 'ơ' or 'ư';

    /// <summary>Moves the tone mark of one syllable (letters only, NFC) to where <paramref name="style"/> puts it.
    /// Repairs misplaced marks ("qúy" → "quý", "gìa" → "già"). Length never changes.</summary>
    /// <returns>True when a character changed.</returns>
    public static bool NormalizeTone(Span<char> syllable, ToneStyle style)
    {
        int n = syllable.Length;
        if (n == 0 || n > 12)
        {
            return false;
        }
        int tone = 0;
        int tonedCount = 0;
        for (int i = 0; i < n; i++)
        {
            int t = ToneOf(syllable[i]);
            if (t != 0)
            {
                tonedCount++;
                if (tone == 0)
                {
                    tone = t;
                }
            }
        }
        if (tone == 0 || tonedCount > 1)
        {
            return false; // nothing to place, or not a well-formed syllable: leave it alone
        }
        int target = TonePosition(syllable, style);
        if (target < 0)
        {
            return false;
        }
        if (ToneOf(syllable[target]) == tone)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            syllable[i] = StripTone(syllable[i]);
        }
        syllable[target] = WithTone(syllable[target], tone);
        return true;
    }

    /// <summary>Index of the vowel that should carry the tone, or -1 when the syllable has no nucleus.</summary>
    public static int TonePosition(ReadOnlySpan<char> syllable, ToneStyle style)
    {
        int n = syllable.Length;
        int i = 0;
        while (i < n && !IsVowel(syllable[i]))
        {
            i++;
        }
        if (i == n)
        {
            return -1;
        }
        char first = VietnameseSyllable.Lower(StripTone(syllable[i]));
        // VI: "qu" and "gi" onsets swallow their vowel letter ("quý", "già", "giữa").
        if (i > 0 && i + 1 < n && IsVowel(syllable[i + 1]))
        {
            char onsetLast = VietnameseSyllable.Lower(syllable[i - 1]);
            if ((onsetLast == 'q' && first == 'u') || (onsetLast == 'g' && i == 1 && first == 'i'))
            {
                i++;
            }
        }
        int start = i;
        while (i < n && IsVowel(syllable[i]))
        {
            i++;
        }
        int end = i; // nucleus [start, end)
        bool hasCoda = end < n;
        int lastMarked = -1;
        for (int j = start; j < end; j++)
        {
            if (HasQualityMark(VietnameseSyllable.Lower(StripTone(syllable[j]))))
            {
                lastMarked = j;
            }
        }
        if (lastMarked >= 0)
        {
            return lastMarked;
        }
        int len = end - start;
        if (hasCoda || len == 1)
        {
            return end - 1;
        }
        if (len >= 3)
        {
            return start + 1;
        }
        char a = VietnameseSyllable.Lower(StripTone(syllable[start]));
        char b = VietnameseSyllable.Lower(StripTone(syllable[start + 1]));
        bool glideFirst = (a == 'o' && (b == 'a' || b == 'e')) || (a == 'u' && b == 'y');
        return glideFirst && style == ToneStyle.Modern ? start + 1 : start;
    }

    private static readonly HashSet<string> s_onsets =
    [
        "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
        "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
    ];

    private static readonly HashSet<string> s_nuclei =
    [
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
        "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo",
        "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
        "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "oao",
    ];

    private static readonly HashSet<string> s_codas = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

    // Nuclei that never end a syllable, and nuclei whose last letter is already a glide (no consonant may follow).
    private static readonly HashSet<string> s_needCoda = ["ă", "â", "oă", "uâ", "iê", "yê", "uô", "ươ", "uyê"];

    private static readonly HashSet<string> s_glideFinal =
    [
        "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu", "ua", "ưa",
        "iêu", "yêu", "oai", "oay", "oeo", "uôi", "ươi", "ươu", "uya", "uyu", "oao",
    ];

    // PERF: MacroBenchmark ingest — char.ToLowerInvariant asks ICU for every non-ASCII letter; a table built from it once
    // answers the Basic Multilingual Plane up to U+1FFF (every Vietnamese letter) with the same result
    private static readonly char[] s_lower = BuildLower();

    private static char[] BuildLower()
    {
        var t = new char[0x2000];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = char.ToLowerInvariant((char)i);
        }
        return t;
    }

    /// <summary>The invariant lower case of <paramref name="c"/> (as <see cref="char.ToLowerInvariant"/>), by table.</summary>
    public static char Lower(char c) => c < 0x2000 ? s_lower[c] : char.ToLowerInvariant(c);

    /// <summary>True when <paramref name="token"/> (letters only) is a well-formed Vietnamese syllable.</summary>
    public static bool IsValid(ReadOnlySpan<char> token)
    {
        if (token.Length == 0 || token.Length > 8)
        {
            return false;
        }
        Span<char> s = stackalloc char[token.Length];
        int tones = 0;
        for (int i = 0; i < token.Length; i++)
        {
            char c = VietnameseSyllable.Lower(token[i]);
            if (ToneOf(c) != 0)
            {
                tones++;
            }
            s[i] = StripTone(c);
            if (!char.IsLetter(s[i]))
            {
                return false;
            }
        }
        if (tones > 1)
        {
            return false;
        }
        int v = 0;
        while (v < s.Length && !IsVowel(s[v]))
        {
            v++;
        }
        if (v == s.Length)
        {
            return false;
        }
        // PERF: extraction quality and legacy detection call this for every word: span lookups, no strings
        ReadOnlySpan<char> onset = s[..v];
        int nStart = v;
        bool qu = v > 0 && v + 1 < s.Length && IsVowel(s[v + 1]) && ((s[v - 1] == 'q' && s[v] == 'u') || (s[v - 1] == 'g' && v == 1 && s[v] == 'i'));
        if (qu)
        {
            onset = s[..(v + 1)];
            nStart = v + 1;
        }
        else if (onset is "g" && s[v] == 'i')
        {
            onset = "gi"; // "gì", "gìn": gi + i
        }
        if (onset is "q")
        {
            return false;
        }
        int e = nStart;
        while (e < s.Length && IsVowel(s[e]))
        {
            e++;
        }
        ReadOnlySpan<char> nucleus = s[nStart..e];
        ReadOnlySpan<char> coda = s[e..];
        if (!s_onsetLookup.Contains(onset) || !s_nucleusLookup.Contains(nucleus) || !s_codaLookup.Contains(coda))
        {
            return false;
        }
        if (coda.Length == 0 ? s_needCodaLookup.Contains(nucleus) : s_glideFinalLookup.Contains(nucleus))
        {
            return false;
        }
        // VI: "ơ" takes no velar or palatal coda ("ơng", "ơc" do not exist; they are "ương", "ước" with ư lost)
        return !(nucleus is "ơ" && coda is "ng" or "c" or "ch" or "nh");
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_onsetLookup = s_onsets.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_nucleusLookup = s_nuclei.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_codaLookup = s_codas.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_foldedNucleusLookup =
        s_nuclei.Select(n => new string(n.Select(Fold).ToArray())).ToHashSet().GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_needCodaLookup = s_needCoda.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_glideFinalLookup = s_glideFinal.GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool IsMark(char c) =>
        System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark;

    /// <summary>Most letters in one Vietnamese syllable ("nghiêng", "khuyếch").</summary>
    public const int MaxSyllableLetters = 7;

    private static bool HasInnerCapital(StringBuilder sb, int start, int length)
    {
        for (int k = start + 1; k < start + length; k++)
        {
            if (char.IsUpper(sb[k]) && char.IsLower(sb[k - 1]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Applies <see cref="NormalizeTone"/> to every letter run of <paramref name="text"/>.</summary>
    public static string NormalizeTones(string text, ToneStyle style)
    {
        var sb = new StringBuilder(text);
        char[] buf = new char[16];
        int i = 0;
        while (i < sb.Length)
        {
            if (!char.IsLetter(sb[i]))
            {
                i++;
                continue;
            }
            int s = i;
            bool marks = false;
            while (i < sb.Length && (char.IsLetter(sb[i]) || IsMark(sb[i])))
            {
                marks |= IsMark(sb[i]);
                i++;
            }
            int len = i - s;
            // a word still holding combining marks (that NFC could not compose) is left alone, and so is a run that cannot be
            // one syllable: VI: a syllable has at most 7 letters (nghiêng) and no capital after its first letter, so
            // "NhânViênMới" or "giáoviên" (words typed without spaces) keep their marks where they are
            if (len <= MaxSyllableLetters && !marks && !HasInnerCapital(sb, s, len))
            {
                sb.CopyTo(s, buf, 0, len);
                if (NormalizeTone(buf.AsSpan(0, len), style))
                {
                    for (int j = 0; j < len; j++)
                    {
                        sb[s + j] = buf[j];
                    }
                }
            }
        }
        return sb.ToString();
    }
}
