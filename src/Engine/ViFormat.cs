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

    /// <summary>A share as a percentage with one decimal and a no-break space: 82,6 %.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", s_numbers) + "\u00A0%";

    /// <summary>A fraction with the given decimals: 0,97.</summary>
    public static string Decimal(double value, int decimals = 2) => value.ToString("0." + new string('0', decimals), s_numbers);

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
}
