using System.Globalization;
using System.Text;

namespace SimilarityEngine.Tests;

/// <summary>Text as typed without Vietnamese marks: what the no-diacritics evasion and old keyboards produce.</summary>
internal static class Unaccented
{
    /// <summary>Drops tone and quality marks and maps đ to d: "Trường học là nơi" → "Truong hoc la noi".</summary>
    public static string Strip(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            sb.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
