using System.Text;

namespace SimilarityEngine.Ingest.Legacy;

/// <summary>Encodes Unicode Vietnamese into TCVN3 or VNI (as the Latin-1 characters a legacy .docx holds).
/// Used to make test documents and to check that decoding inverts encoding.</summary>
public static class LegacyEncoder
{
    private static readonly Dictionary<char, char> s_tcvn3 = BuildTcvn3();
    private static readonly Dictionary<string, char> s_vniMods = BuildVniMods();

    private static Dictionary<char, char> BuildTcvn3()
    {
        var map = new Dictionary<char, char>();
        for (int b = 0xA1; b <= 0xFE; b++)
        {
            char d = LegacyDecoder.DecodeTcvn3(((char)b).ToString())[0];
            if (d != (char)b)
            {
                map[d] = (char)b;
            }
        }
        return map;
    }

    private static Dictionary<string, char> BuildVniMods()
    {
        var map = new Dictionary<string, char>(StringComparer.Ordinal);
        for (int b = 0xC0; b <= 0xFF; b++)
        {
            // decode "a" + byte; if it became a toned/marked a, the byte is a modifier
            string d = LegacyDecoder.DecodeVni("a" + (char)b).Normalize(NormalizationForm.FormD);
            if (d.Length > 1 && d[0] == 'a' && d[1..].All(ch => ch >= '\u0300' && ch <= '\u036F'))
            {
                string key = (b >= 0xE0 ? "l" : "u") + string.Concat(d[1..].Order());
                map.TryAdd(key, (char)b);
            }
        }
        return map;
    }

    private static readonly Dictionary<LegacyEncoding, Dictionary<char, char>> s_singleByte = new()
    {
        [LegacyEncoding.Viscii] = Invert(LegacyEncoding.Viscii),
        [LegacyEncoding.Vps] = Invert(LegacyEncoding.Vps),
    };

    private static Dictionary<char, char> Invert(LegacyEncoding encoding)
    {
        var table = LegacyDecoder.TableOf(encoding);
        var map = new Dictionary<char, char>();
        for (int b = 0; b < 256; b++)
        {
            if (table[b] != (char)b)
            {
                map.TryAdd(table[b], (char)b);
            }
        }
        return map;
    }

    /// <summary>Encodes to VISCII or VPS (each byte as the Latin-1 character of that code); letters without a code stay.</summary>
    public static string EncodeSingleByte(string text, LegacyEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        var map = s_singleByte[encoding];
        var sb = new StringBuilder(text.Length);
        foreach (char c in text.Normalize(NormalizationForm.FormC))
        {
            sb.Append(map.TryGetValue(c, out char b) ? b : c);
        }
        return sb.ToString();
    }

    /// <summary>Encodes to TCVN3. <paramref name="capitals"/>: write for a .Vn…H font (toned capitals as their lowercase codes).</summary>
    public static string EncodeTcvn3(string text, bool capitals = false)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c0 in text.Normalize(NormalizationForm.FormC))
        {
            char c = c0;
            if (s_tcvn3.TryGetValue(c, out char b))
            {
                sb.Append(b);
                continue;
            }
            char lower = char.ToLowerInvariant(c);
            if (lower != c && s_tcvn3.TryGetValue(lower, out b))
            {
                sb.Append(b); // VI: toned capitals have no code; the H font draws the lowercase code as a capital
                continue;
            }
            sb.Append(capitals ? char.ToLowerInvariant(c) : c);
        }
        return sb.ToString();
    }

    /// <summary>Encodes to VNI-Windows.</summary>
    public static string EncodeVni(string text)
    {
        var sb = new StringBuilder(text.Length * 2);
        foreach (char c in text.Normalize(NormalizationForm.FormC))
        {
            switch (c)
            {
                case 'đ': sb.Append('\u00F1'); continue;
                case 'Đ': sb.Append('\u00D1'); continue;
                case 'ĩ': sb.Append('\u00F3'); continue;
                case 'Ĩ': sb.Append('\u00D3'); continue;
                case 'ị': sb.Append('\u00F2'); continue;
                case 'Ị': sb.Append('\u00D2'); continue;
                case 'ỉ': sb.Append('\u00E6'); continue;
                case 'Ỉ': sb.Append('\u00C6'); continue;
                case 'ỵ': sb.Append('\u00EE'); continue;
                case 'Ỵ': sb.Append('\u00CE'); continue;
                case 'í' or 'ì' or 'Í' or 'Ì': sb.Append(c); continue;
            }
            string d = c.ToString().Normalize(NormalizationForm.FormD);
            if (d.Length == 1 || d[0] > 0x7F)
            {
                sb.Append(c);
                continue;
            }
            char baseLetter = d[0];
            string marks = d[1..];
            bool upper = char.IsUpper(baseLetter);
            if (marks.StartsWith('\u031B'))
            {
                // VI: ơ and ư are single bytes; their tone follows as a modifier
                sb.Append(char.ToLowerInvariant(baseLetter) == 'o' ? (upper ? '\u00D4' : '\u00F4') : (upper ? '\u00D6' : '\u00F6'));
                marks = marks[1..];
            }
            else
            {
                sb.Append(baseLetter);
            }
            if (marks.Length == 0)
            {
                continue;
            }
            string ordered = string.Concat(marks.Order());
            if (s_vniMods.TryGetValue((upper ? "u" : "l") + ordered, out char mod))
            {
                sb.Append(mod);
            }
            else
            {
                throw new ArgumentException($"'{c}' (U+{(int)c:X4}) has no VNI encoding", nameof(text));
            }
        }
        return sb.ToString();
    }
}
