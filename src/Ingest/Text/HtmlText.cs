using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SimilarityEngine.Ingest.Text;

/// <summary>The readable text of HTML and MHT (web archive) content: block elements become lines, table cells tabs,
/// scripts, styles and comments are dropped, entities decoded. For text hidden in .docx altChunk parts.</summary>
public static partial class HtmlText
{
    [GeneratedRegex(@"<(script|style|head|title)\b.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InvisibleRegex();

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/tr|/h[1-6]|/table|/blockquote|p|div|li|tr|h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockRegex();

    [GeneratedRegex(@"<\s*/\s*t[dh]\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex CellRegex();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"[ \u00A0\t]*\n[ \u00A0\t\n]*")]
    private static partial Regex BlankLinesRegex();

    [GeneratedRegex(@"charset\s*=\s*[""']?([A-Za-z0-9_\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetRegex();

    /// <summary>The text of an HTML document given as bytes (charset from a BOM or a meta tag, else UTF-8).</summary>
    public static string FromHtmlBytes(ReadOnlySpan<byte> bytes) => FromHtml(Decode(bytes, null));

    /// <summary>The text of HTML markup.</summary>
    public static string FromHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        string s = InvisibleRegex().Replace(html, " ");
        s = s.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ');
        s = BlockRegex().Replace(s, "\n");
        s = CellRegex().Replace(s, "\t");
        s = TagRegex().Replace(s, "");
        s = WebUtility.HtmlDecode(s);
        var lines = BlankLinesRegex().Replace(s, "\n").Split('\n')
            .Select(l => string.Join('\t', l.Split('\t').Select(c => string.Join(' ', c.Split([' ', '\u00A0'], StringSplitOptions.RemoveEmptyEntries)))).Trim('\t'));
        return string.Join('\n', lines.Where(l => l.Trim().Length > 0));
    }

    /// <summary>The text of the HTML part of an MHT (MIME web archive).</summary>
    public static string FromMht(ReadOnlySpan<byte> bytes) => MhtHtml(bytes) is { } html ? FromHtml(html) : "";

    /// <summary>The HTML part of an MHT (MIME web archive), decoded, or null when it has none.</summary>
    public static string? MhtHtml(ReadOnlySpan<byte> bytes)
    {
        string all = Encoding.Latin1.GetString(bytes);
        var boundary = Regex.Match(all, @"boundary=""?([^""\r\n;]+)""?", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(2));
        var parts = boundary.Success ? all.Split("--" + boundary.Groups[1].Value) : [all];
        foreach (var part in parts)
        {
            int split = part.IndexOf("\r\n\r\n", StringComparison.Ordinal) is int a and >= 0 ? a + 4
                : part.IndexOf("\n\n", StringComparison.Ordinal) is int b and >= 0 ? b + 2 : -1;
            if (split < 0)
            {
                continue;
            }
            string headers = part[..split];
            if (!headers.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            string body = part[split..];
            byte[] raw = headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase) ? QuotedPrintable(body)
                : headers.Contains("base64", StringComparison.OrdinalIgnoreCase) ? Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))
                : Encoding.Latin1.GetBytes(body);
            string? charset = CharsetRegex().Match(headers) is { Success: true } m ? m.Groups[1].Value : null;
            return Decode(raw, charset);
        }
        return null;
    }

    private static byte[] QuotedPrintable(string body)
    {
        var bytes = new List<byte>(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == '=' && i + 2 < body.Length && Uri.IsHexDigit(body[i + 1]) && Uri.IsHexDigit(body[i + 2]))
            {
                bytes.Add(Convert.ToByte(body.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '=' && i + 1 < body.Length && body[i + 1] is '\r' or '\n')
            {
                i += body[i + 1] == '\r' && i + 2 < body.Length && body[i + 2] == '\n' ? 2 : 1; // soft line break
            }
            else
            {
                bytes.Add((byte)c);
            }
        }
        return [.. bytes];
    }

    private static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }
        charset ??= CharsetRegex().Match(Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 2048)])) is { Success: true } m ? m.Groups[1].Value : null;
        try
        {
            if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                return Encoding.GetEncoding(charset).GetString(bytes);
            }
        }
        catch (ArgumentException)
        {
            // an unknown charset: read as UTF-8
        }
        return Encoding.UTF8.GetString(bytes);
    }
}
