using System.Globalization;
using System.Text;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Ingest.Text;

/// <summary>Canonical text and, for every character of it, the offset of the character it came from.</summary>
/// <param name="Text">NFC, one tone convention, invisible characters removed, white space collapsed; lines are paragraphs.</param>
/// <param name="Map">Map[i] is the offset in the extracted text of canonical character i; Map[Text.Length] is the extracted length.</param>
public sealed record NormalizedText(string Text, int[] Map)
{
    /// <summary>The extracted-text range [start, end) behind canonical range [start, end).</summary>
    public (int Start, int End) ToOriginal(int start, int end)
    {
        start = Math.Clamp(start, 0, Text.Length);
        end = Math.Clamp(end, start, Text.Length);
        int os = Map[start];
        int oe = end == start ? os : Map[end - 1] + 1;
        return (os, Math.Max(os, Math.Min(oe, Map[^1])));
    }
}

/// <summary>Normalises extracted Vietnamese text to the engine's canonical form, keeping an offset map.</summary>
/// <remarks>Order: invisible characters dropped, look-alikes mapped, white space collapsed, combining sequences
/// composed to NFC, then tone marks placed by <see cref="ToneStyle.Traditional"/> (hòa, khỏe, thủy) — the
/// convention most Vietnamese keyboards produce, so most text needs no change.</remarks>
public static class TextNormalizer
{
    /// <summary>Normalises <paramref name="raw"/>.</summary>
    public static NormalizedText Normalize(string raw, ToneStyle style = ToneStyle.Traditional)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var sb = new StringBuilder(raw.Length);
        var map = new List<int>(raw.Length + 1);
        var cluster = new StringBuilder();
        int i = 0;
        bool pendingSpace = false;
        bool pendingNewline = false;
        int pendingAt = 0; // where the white space that becomes the pending separator starts
        int leaderEnd = 0;
        while (i < raw.Length)
        {
            char c = raw[i];
            if (IsInvisible(c))
            {
                i++;
                continue;
            }
            if (c is '\n' or '\r' or '\u2028' or '\u2029' or '\v' or '\f')
            {
                if (!pendingNewline && sb.Length > 0)
                {
                    pendingNewline = true;
                    pendingAt = i;
                }
                i++;
                continue;
            }
            bool leader = c is '.' or '…' && IsDotLeader(raw, i, out leaderEnd);
            if (leader || IsSpace(c))
            {
                if (!pendingSpace && !pendingNewline && sb.Length > 0)
                {
                    pendingAt = i;
                }
                i = leader ? leaderEnd : i + 1;
                pendingSpace = sb.Length > 0;
                continue;
            }
            int start = i;
            if (pendingNewline)
            {
                sb.Append('\n');
                map.Add(pendingAt);
            }
            else if (pendingSpace)
            {
                sb.Append(' ');
                map.Add(pendingAt);
            }
            pendingNewline = pendingSpace = false;
            // PERF: NormalizeBenchmarks — most characters have no combining mark after them: no cluster string
            if (!char.IsSurrogate(c) && (i + 1 >= raw.Length || (!IsCombining(raw[i + 1]) && !IsInvisible(raw[i + 1]))))
            {
                sb.Append(MapChar(c));
                map.Add(start);
                i++;
                continue;
            }
            // a base character and the combining marks that follow it compose together
            cluster.Clear();
            cluster.Append(MapChar(c));
            i++;
            if (char.IsHighSurrogate(c) && i < raw.Length && char.IsLowSurrogate(raw[i]))
            {
                cluster.Append(raw[i++]);
            }
            while (i < raw.Length && (IsCombining(raw[i]) || IsInvisible(raw[i])))
            {
                if (!IsInvisible(raw[i]))
                {
                    cluster.Append(raw[i]);
                }
                i++;
            }
            string composed = cluster.Length == 1 ? cluster.ToString() : cluster.ToString().Normalize(NormalizationForm.FormC);
            foreach (char ch in composed)
            {
                sb.Append(ch);
                map.Add(start);
            }
        }
        map.Add(raw.Length);
        // VI: tone placement moves a mark between vowels of one syllable; the length never changes.
        string text = VietnameseSyllable.NormalizeTones(sb.ToString(), style);
        return new NormalizedText(text, [.. map]);
    }

    private static bool IsCombining(char c) =>
        c is >= '\u0300' and <= '\u036F' || (c >= '\u0483' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark);

    /// <summary>Zero-width and format characters, the soft hyphen, and control characters other than line breaks and tabs.</summary>
    public static bool IsInvisible(char c) =>
        c < 0x20 ? c is not '\n' and not '\r' and not '\t'
        : c < 0x7F ? false
        : c < 0xA0 || c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u180E' ||
          (c >= 0x0600 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

    private static bool IsSpace(char c) => c == '\t' || c == ' ' || char.IsWhiteSpace(c) && c != '\n' && c != '\r';

    // Four or more dots (or ellipses) in a row: the leaders of a table of contents.
    private static bool IsDotLeader(string s, int i, out int end)
    {
        end = i;
        while (end < s.Length && (s[end] is '.' or '…' || (s[end] == ' ' && end + 1 < s.Length && s[end + 1] is '.' or '…')))
        {
            end++;
        }
        int dots = 0;
        for (int j = i; j < end; j++)
        {
            dots += s[j] == '…' ? 3 : s[j] == '.' ? 1 : 0;
        }
        return dots >= 4;
    }

    /// <summary>Maps dashes, quotes, look-alike letters from other scripts and Ð/ð to their canonical form.</summary>
    public static char MapChar(char c) => c switch
    {
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u00AB' or '\u00BB' or '\u2033' => '"',
        '\u00D0' => 'Đ',
        '\u00F0' => 'đ',
        // VI: U+01A3/U+01A2 (oi), which Vietnamese never uses, is what many PDF producers draw for ư/Ư
        'ƣ' => 'ư', 'Ƣ' => 'Ư',
        '\u0110' => 'Đ',
        // VI: Cyrillic and Greek letters that look Latin, sometimes used to defeat copy checks
        'а' => 'a', 'е' => 'e', 'о' => 'o', 'р' => 'p', 'с' => 'c', 'у' => 'y', 'х' => 'x', 'і' => 'i', 'ј' => 'j', 'ѕ' => 's',
        'А' => 'A', 'В' => 'B', 'Е' => 'E', 'К' => 'K', 'М' => 'M', 'Н' => 'H', 'О' => 'O', 'Р' => 'P', 'С' => 'C',
        'Т' => 'T', 'Х' => 'X', 'І' => 'I', 'Ј' => 'J', 'Ѕ' => 'S',
        'Α' => 'A', 'Β' => 'B', 'Ε' => 'E', 'Ζ' => 'Z', 'Η' => 'H', 'Ι' => 'I', 'Κ' => 'K', 'Μ' => 'M', 'Ν' => 'N',
        'Ο' => 'O', 'Ρ' => 'P', 'Τ' => 'T', 'Υ' => 'Y', 'Χ' => 'X', 'ο' => 'o',
        // VI: Greek small letters that look Latin, and those of them with a tonos that look like a Vietnamese sắc (ά → á)
        'α' => 'a', 'ι' => 'i', 'κ' => 'k', 'ν' => 'v', 'ρ' => 'p', 'υ' => 'u', 'χ' => 'x',
        'ά' => 'á', 'έ' => 'é', 'ί' => 'í', 'ό' => 'ó', 'ύ' => 'ú',
        'ѐ' => 'è', 'Ѐ' => 'È',
        '\u00A0' or '\u2007' or '\u202F' => ' ',
        _ => c,
    };

    /// <summary>Share of letter tokens that are valid Vietnamese syllables (the extraction-quality score); 0 for no letters.</summary>
    public static double Quality(string text, out int tokens)
    {
        tokens = 0;
        int valid = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }
            int s = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }
            if (i < text.Length && char.IsDigit(text[i]))
            {
                continue;
            }
            tokens++;
            if (VietnameseSyllable.IsValid(text.AsSpan(s, i - s)))
            {
                valid++;
            }
        }
        return tokens == 0 ? 0 : (double)valid / tokens;
    }
}
