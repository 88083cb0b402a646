using System.Globalization;
using System.Reflection;
using System.Text;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Ingest.Legacy;

/// <summary>Legacy Vietnamese 8-bit encodings a text may be in.</summary>
public enum LegacyEncoding
{
    /// <summary>Unicode: nothing to decode.</summary>
    None,
    /// <summary>TCVN3 (ABC): fonts .VnTime, .VnArial…; .Vn…H fonts are all capitals.</summary>
    Tcvn3,
    /// <summary>VNI-Windows: fonts VNI-Times, VNI-Helve…</summary>
    Vni,
    /// <summary>VISCII (RFC 1456): one byte per precomposed letter, six C0 controls reused for capitals.</summary>
    Viscii,
    /// <summary>VPS: one byte per precomposed letter, C0 controls and C1 reused.</summary>
    Vps,
}

/// <summary>Decodes TCVN3 and VNI text (legacy bytes read as Windows-1252/Latin-1 characters) to Unicode NFC.</summary>
/// <remarks>The tables are data: Legacy/tcvn3.tsv and Legacy/vni.tsv typed from the published code charts,
/// Legacy/viscii.tsv and Legacy/vps.tsv generated with iconv and GNU recode (see their headers).</remarks>
public static class LegacyDecoder
{
    private static readonly char[] s_tcvn3 = LoadSingleByte("tcvn3.tsv");
    private static readonly char[] s_viscii = LoadSingleByte("viscii.tsv");
    private static readonly char[] s_vps = LoadSingleByte("vps.tsv");
    private static readonly string?[] s_vniLetters = new string?[256];
    private static readonly string?[] s_vniModifiers = LoadVni();

    private static IEnumerable<string[]> ReadTable(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded table {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            yield return line.Split('\t');
        }
    }

    private static char[] LoadSingleByte(string table)
    {
        var map = new char[256];
        for (int i = 0; i < 256; i++)
        {
            map[i] = (char)i;
        }
        foreach (var f in ReadTable(table))
        {
            map[int.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = f[1][0];
        }
        return map;
    }

    private static string?[] LoadVni()
    {
        var mods = new string?[256];
        foreach (var f in ReadTable("vni.tsv"))
        {
            int b = int.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (f[1] == "L")
            {
                s_vniLetters[b] = f[2];
            }
            else
            {
                mods[b] = string.Concat(f[2].Split(' ').Select(h => (char)int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }
        return mods;
    }

    /// <summary>Maps a character back to the legacy byte it stands for: Latin-1 as is, Windows-1252 C1 look-alikes
    /// and the symbol-font private-use area (U+F000 + byte) back to their byte; -1 for anything else.</summary>
    public static int ToByte(char c)
    {
        if (c <= 0xFF)
        {
            return c;
        }
        if (c >= 0xF000 && c <= 0xF0FF)
        {
            return c - 0xF000;
        }
        return c switch
        {
            '€' => 0x80, '‚' => 0x82, 'ƒ' => 0x83, '„' => 0x84, '…' => 0x85, '†' => 0x86, '‡' => 0x87, 'ˆ' => 0x88,
            '‰' => 0x89, 'Š' => 0x8A, '‹' => 0x8B, 'Œ' => 0x8C, 'Ž' => 0x8E, '‘' => 0x91, '’' => 0x92, '“' => 0x93,
            '”' => 0x94, '•' => 0x95, '–' => 0x96, '—' => 0x97, '˜' => 0x98, '™' => 0x99, 'š' => 0x9A, '›' => 0x9B,
            'œ' => 0x9C, 'ž' => 0x9E, 'Ÿ' => 0x9F,
            _ => -1,
        };
    }

    /// <summary>True when every character of <paramref name="text"/> can be a legacy byte (so it may be legacy text).</summary>
    public static bool IsByteText(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (ToByte(c) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Decodes TCVN3. <paramref name="capitals"/>: the text was in a .Vn…H font, which draws every letter as a capital.</summary>
    public static string DecodeTcvn3(ReadOnlySpan<char> text, bool capitals = false)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            int b = ToByte(c);
            char d = b is >= 0 and < 256 ? s_tcvn3[b] : c;
            if (c == '\u001F')
            {
                d = 'ư'; // VI: Word's optional hyphen in .doc is TCVN3 byte 0xAD, 'ư'
            }
            sb.Append(d);
        }
        string s = sb.ToString();
        return capitals ? s.ToUpperInvariant() : s;
    }

    /// <summary>Decodes a one-byte-per-letter table (VISCII, VPS); characters that are no byte stay as they are.</summary>
    private static string DecodeSingleByte(ReadOnlySpan<char> text, char[] table)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            int b = ToByte(c);
            sb.Append(b >= 0 ? table[b] : c);
        }
        return sb.ToString();
    }

    /// <summary>The byte → letter table of a one-byte-per-letter encoding (TCVN3, VISCII, VPS), for the encoder.</summary>
    internal static char[] TableOf(LegacyEncoding encoding) => encoding switch
    {
        LegacyEncoding.Tcvn3 => s_tcvn3,
        LegacyEncoding.Viscii => s_viscii,
        LegacyEncoding.Vps => s_vps,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "not a one-byte-per-letter encoding"),
    };

    /// <summary>Decodes VNI-Windows (base letter followed by a modifier byte) to NFC.</summary>
    public static string DecodeVni(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            int b = ToByte(c);
            if (b >= 0 && s_vniLetters[b] is { } letter)
            {
                sb.Append(letter);
                continue;
            }
            if (b >= 0 && s_vniModifiers[b] is { } marks && sb.Length > 0 && IsBaseVowel(sb[^1]))
            {
                sb.Append(marks);
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsBaseVowel(char c) => "aeiouyAEIOUYơưƠƯ".Contains(c, StringComparison.Ordinal);

    /// <summary>Decodes <paramref name="text"/> from <paramref name="encoding"/>.</summary>
    public static string Decode(ReadOnlySpan<char> text, LegacyEncoding encoding, bool capitals = false) => encoding switch
    {
        LegacyEncoding.Tcvn3 => DecodeTcvn3(text, capitals),
        LegacyEncoding.Vni => DecodeVni(text),
        LegacyEncoding.Viscii => DecodeSingleByte(text, s_viscii),
        LegacyEncoding.Vps => DecodeSingleByte(text, s_vps),
        _ => text.ToString(),
    };

    /// <summary>The legacy encoding a font name says, and whether it is an all-capitals (.Vn…H) font.</summary>
    /// <remarks>Subset prefixes ("ABCDEF+") and style suffixes (",Bold", "-Bold") are ignored.</remarks>
    public static (LegacyEncoding Encoding, bool Capitals) FromFontName(string? font)
    {
        if (string.IsNullOrWhiteSpace(font))
        {
            return (LegacyEncoding.None, false);
        }
        string f = font.Trim();
        int plus = f.IndexOf('+', StringComparison.Ordinal);
        if (plus == 6)
        {
            f = f[(plus + 1)..];
        }
        int comma = f.IndexOfAny([',', ' ']);
        string family = comma > 0 && f.StartsWith("VN", StringComparison.OrdinalIgnoreCase) && !f.StartsWith("VNI", StringComparison.OrdinalIgnoreCase) ? f[..comma] : f;
        foreach (var suffix in new[] { "-Bold", "-Italic", "-BoldItalic", ",Bold", ",Italic", ",BoldItalic" })
        {
            if (family.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                family = family[..^suffix.Length];
            }
        }
        if (family.StartsWith(".Vn", StringComparison.OrdinalIgnoreCase) ||
            (family.StartsWith("Vn", StringComparison.OrdinalIgnoreCase) && family.Length > 2 && char.IsUpper(family[2]) && !family.StartsWith("VNI", StringComparison.OrdinalIgnoreCase)))
        {
            return (LegacyEncoding.Tcvn3, family.EndsWith('H'));
        }
        if (family.StartsWith("VNI", StringComparison.OrdinalIgnoreCase) && family.Length > 3 && family[3] is '-' or '_' or ' ')
        {
            return (LegacyEncoding.Vni, false);
        }
        return (LegacyEncoding.None, false);
    }
}

/// <summary>Decides by statistics whether text is legacy-encoded, when no font name says so.</summary>
public static class LegacyDetector
{
    /// <summary>Below this share of valid syllables, text as it stands is not taken for Unicode Vietnamese.</summary>
    public const double AsIsCeiling = 0.6;

    /// <summary>A decoding must score at least this share of valid syllables to be used.</summary>
    public const double DecodedFloor = 0.75;

    private static readonly LegacyEncoding[] s_candidates = [LegacyEncoding.Tcvn3, LegacyEncoding.Vni, LegacyEncoding.Viscii, LegacyEncoding.Vps];

    /// <summary>Detects the encoding of <paramref name="text"/> and returns the decoded text. Text holding a character that
    /// no legacy byte decodes to (Unicode Vietnamese) is answered at once, unscored (both scores NaN).</summary>
    public static (LegacyEncoding Encoding, string Text, double ScoreAsIs, double ScoreDecoded) Detect(string text)
    {
        // PERF: MacroBenchmark ingest — Unicode text (a letter no legacy byte can be) is answered before any scoring
        if (!IsByteTextOrDash(text))
        {
            return (LegacyEncoding.None, text, double.NaN, double.NaN);
        }
        double asIs = NonAsciiScore(text);
        if (asIs >= AsIsCeiling)
        {
            return (LegacyEncoding.None, text, asIs, asIs);
        }
        // the most common encodings first: a later one must score strictly better to win
        var best = (Encoding: LegacyEncoding.None, Text: text, Score: -1.0);
        foreach (var enc in s_candidates)
        {
            string decoded = LegacyDecoder.Decode(text, enc);
            double score = NonAsciiScore(decoded);
            if (score > best.Score)
            {
                best = (enc, decoded, score);
            }
        }
        if (best.Score >= DecodedFloor && best.Score > asIs + 0.2)
        {
            return (best.Encoding, best.Text, asIs, best.Score);
        }
        return (LegacyEncoding.None, text, asIs, asIs);
    }

    // Legacy bytes only, en and em dashes allowed (word processors replace hyphens by them).
    private static bool IsByteTextOrDash(string text)
    {
        foreach (char c in text)
        {
            if (c != '\u2013' && c != '\u2014' && !LegacyDecoder.IsByteText([c]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when the bytes drawn confirm what a font name says: the text could be legacy bytes and decoding it
    /// raises its share of valid Vietnamese syllables. A font named like a legacy one (vntex's <c>VNR12</c>, <c>VNBX12</c>
    /// look like TCVN3's <c>.VnTime</c>) whose text is already Unicode Vietnamese is not decoded.</summary>
    public static bool Confirms(string text, LegacyEncoding encoding, bool capitals)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (encoding == LegacyEncoding.None)
        {
            return false;
        }
        int foreign = 0;
        int nonAscii = 0;
        foreach (char c in text)
        {
            if (c > 0x7F && char.IsLetter(c))
            {
                nonAscii++;
                foreign += LegacyDecoder.ToByte(c) < 0 ? 1 : 0;
            }
        }
        // VI: Unicode Vietnamese letters such as ự, ờ, ấ (U+1E00–U+1EFF) are no legacy byte: a layer full of them is Unicode
        if (nonAscii > 0 && foreign > 0.1 * nonAscii)
        {
            return false;
        }
        double asIs = NonAsciiScore(text);
        double decoded = NonAsciiScore(LegacyDecoder.Decode(text, encoding, capitals));
        return decoded > asIs + 0.05 || (asIs < AsIsCeiling && decoded >= asIs);
    }

    /// <summary>Share of the tokens holding a non-ASCII letter that are valid Vietnamese syllables; 1 when there are none.</summary>
    public static double NonAsciiScore(string text)
    {
        int total = 0;
        int valid = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]) && text[i] != '\u00AD')
            {
                i++;
                continue;
            }
            int s = i;
            bool nonAscii = false;
            while (i < text.Length && (char.IsLetter(text[i]) || text[i] == '\u00AD'))
            {
                nonAscii |= text[i] > 0x7F;
                i++;
            }
            if (nonAscii)
            {
                total++;
                if (VietnameseSyllable.IsValid(text.AsSpan(s, i - s)))
                {
                    valid++;
                }
            }
        }
        return total == 0 ? 1.0 : (double)valid / total;
    }

    /// <summary>True when decoded TCVN3 text shows that its 'ư' was lost: plain 'ư' in under 0.5 % of at least 200 words.</summary>
    /// <remarks>VI: only the plain 'ư' is byte 0xAD (the soft hyphen that PDFs drop); toned ư and capital Ư are other bytes
    /// and survive. In running Vietnamese plain 'ư' is in 3.4–8 % of words (người, trường, được; ../shared/eval-dev ground
    /// truth: median 5.4 %, lowest 3.4 %), so a text at a tenth of the lowest lost it; a text that has it kept its glyphs.</remarks>
    public static bool ShowsLostU(string decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        int words = 0;
        int withU = 0;
        int i = 0;
        while (i < decoded.Length)
        {
            if (!char.IsLetter(decoded[i]))
            {
                i++;
                continue;
            }
            bool u = false;
            while (i < decoded.Length && char.IsLetter(decoded[i]))
            {
                u |= decoded[i] == 'ư';
                i++;
            }
            words++;
            withU += u ? 1 : 0;
        }
        return words >= 200 && withU < words * 0.005;
    }

    // a single letter that is a label ("b.", "c)", "a:") or stands between numbers ("64K x 4") is not a lost "bư", "xư"
    private static bool IsLabelOrSymbol(string text, int start, int end)
    {
        if (end - start != 1)
        {
            return false;
        }
        char after = end < text.Length ? text[end] : ' ';
        if (after is '.' or ')' or ':' or '/')
        {
            return true;
        }
        int before = start - 1;
        while (before >= 0 && text[before] == ' ')
        {
            before--;
        }
        int next = end;
        while (next < text.Length && text[next] == ' ')
        {
            next++;
        }
        return (before >= 0 && char.IsDigit(text[before])) || (next < text.Length && char.IsDigit(text[next]));
    }

    /// <summary>Repairs TCVN3 text whose 'ư' (byte 0xAD, a soft hyphen) was dropped: "Trờng" → "Trường". Call it only on a
    /// document that <see cref="ShowsLostU"/>; single letters that are labels ("b.", "c)") or stand next to numbers
    /// ("64K x 4 bit") are never changed.</summary>
    /// <returns>The repaired text and how many syllables were repaired.</returns>
    public static (string Text, int Repairs) RepairLostU(string decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        var sb = new StringBuilder(decoded.Length + 16);
        int repairs = 0;
        int i = 0;
        while (i < decoded.Length)
        {
            if (!char.IsLetter(decoded[i]))
            {
                sb.Append(decoded[i++]);
                continue;
            }
            int s = i;
            while (i < decoded.Length && char.IsLetter(decoded[i]))
            {
                i++;
            }
            var word = decoded.AsSpan(s, i - s);
            if (!IsLabelOrSymbol(decoded, s, i) && (!VietnameseSyllable.IsValid(word) || s_lostUPreferred.ContainsKey(word.ToString())) && TryInsertU(word, out string fixedWord))
            {
                sb.Append(fixedWord);
                repairs++;
            }
            else
            {
                sb.Append(word);
            }
        }
        return (sb.ToString(), repairs);
    }

    // VI: valid syllables that, in a TCVN3 text that lost its 'ư', are almost always the 'ư' word.
    private static readonly Dictionary<string, string> s_lostUPreferred = new(StringComparer.Ordinal)
    {
        ["ngời"] = "người", ["dới"] = "dưới", ["cời"] = "cười", ["tơi"] = "tươi", ["lới"] = "lưới", ["mơi"] = "mươi",
        ["lu"] = "lưu", ["nhng"] = "nhưng",
    };

    private static readonly HashSet<string> s_lostUOnsets =
        ["t", "th", "nh", "s", "c", "h", "l", "d", "r", "tr", "ch", "kh", "ph", "gi", "v", "x", "đ", "b", "n", "ng"];

    private static bool TryInsertU(ReadOnlySpan<char> word, out string result)
    {
        result = "";
        string w = word.ToString();
        if (s_lostUPreferred.TryGetValue(w, out var preferred))
        {
            result = preferred;
            return preferred != w;
        }
        int v = 0;
        while (v < word.Length && !VietnameseSyllable.IsVowel(word[v]))
        {
            v++;
        }
        if (v == 0)
        {
            return false;
        }
        bool upper = word.Length > 1 && char.IsUpper(word[^1]) && char.IsUpper(word[0]);
        if (v == word.Length)
        {
            // no vowel left at all: "t" → "tư", "nhng" → "nhưng"; not units and abbreviations ("km", "kg", "HS")
            string bare = w.EndsWith("ng", StringComparison.Ordinal) && w.Length > 2 ? w[..^2] : w;
            if (word.ContainsAnyInRange('A', 'Z') || !s_lostUOnsets.Contains(bare))
            {
                return false;
            }
            for (int split = 1; split <= Math.Min(3, word.Length); split++)
            {
                string c = string.Concat(word[..split], "ư", word[split..]);
                if (VietnameseSyllable.IsValid(c))
                {
                    result = c;
                    return true;
                }
            }
            return false;
        }
        string candidate = string.Concat(word[..v], upper ? "Ư" : "ư", word[v..]);
        if (VietnameseSyllable.IsValid(candidate))
        {
            result = candidate;
            return true;
        }
        return false;
    }
}
