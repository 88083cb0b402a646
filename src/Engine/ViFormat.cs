using System.Globalization;

namespace SimilarityEngine.Engine;

/// <summary>Numbers, percentages and dates as Vietnamese readers write them (text and HTML reports): <c>3.498</c>,
/// <c>82,6 %</c>, <c>05/09/2024</c>. Machine outputs (CSV, JSON) stay invariant.</summary>
/// <remarks>The format is fixed here rather than taken from the vi-VN culture data, which depends on the ICU version.</remarks>
public static class ViFormat
{
    private static readonly NumberFormatInfo s_numbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ".",
        NumberGroupSizes = [3],
    };

    /// <summary>A whole number with '.' between thousands: 3.498.</summary>
    public static string Number(long value) => value.ToString("#,0", s_numbers);

    /// <summary>A UTC time as Vietnamese readers write it, in Vietnam's time: 07/12/2026 21:38; empty when null.</summary>
    public static string DateTime(System.DateTime? utc) => utc is { } t
        ? TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(t, DateTimeKind.Utc), Vietnam).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)
        : "";

    /// <summary>Vietnam's time zone (UTC+7, no daylight saving), whatever the server's.</summary>
    public static TimeZoneInfo Vietnam { get; } = FindVietnam();

    private static TimeZoneInfo FindVietnam()
    {
        foreach (var id in new[] { "Asia/Ho_Chi_Minh", "SE Asia Standard Time" })
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
            }
        }
        return TimeZoneInfo.CreateCustomTimeZone("UTC+7", TimeSpan.FromHours(7), "UTC+7", "UTC+7");
    }

    /// <summary>A share as a percentage with one decimal and a no-break space: 82,6 %.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", s_numbers) + "\u00A0%";

    /// <summary>A fraction with the given decimals: 0,97.</summary>
    public static string Fraction(double value, int decimals = 2) => value.ToString("0." + new string('0', decimals), s_numbers);

    /// <summary>A yyyy-MM-dd date (or an ISO timestamp) as dd/MM/yyyy; other text unchanged.</summary>
    public static string? Date(string? iso)
    {
        if (iso is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt))
        {
            bool hasTime = iso.Contains('T', StringComparison.Ordinal);
            return hasTime ? dt.ToUniversalTime().ToString("dd/MM/yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)
                : dt.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        }
        return iso;
    }

    /// <summary>Text safe to print on a terminal or in a text report: control characters, line and paragraph separators and
    /// every bidirectional-formatting character (which could reorder or forge a printed line: an id with U+202E, U+2067 …)
    /// written as escapes (\n, \u202E). <paramref name="keepNewlines"/> keeps '\n'.</summary>
    public static string Safe(string? text, bool keepNewlines = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        System.Text.StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if ((char.IsControl(c) && !(keepNewlines && c == '\n')) || IsInvisibleFormatting(c))
            {
                sb ??= new System.Text.StringBuilder(text, 0, i, text.Length + 8);
                sb.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:X4}" });
            }
            else
            {
                sb?.Append(c);
            }
        }
        return sb?.ToString() ?? text;
    }

    // Line and paragraph separators, bidirectional marks, embeddings, overrides and isolates, and other format characters
    // (zero-width ones) that change how a line looks without showing themselves.
    private static bool IsInvisibleFormatting(char c) =>
        c is '\u2028' or '\u2029' or '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')
        || (c >= '\u00AD' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);
}
