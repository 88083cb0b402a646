namespace SimilarityEngine.Similarity;

/// <summary>Searches in sorted data.</summary>
public static class Sorted
{
    /// <summary>Index of the first element not less than <paramref name="value"/> (the length when there is none).</summary>
    public static int LowerBound<T>(ReadOnlySpan<T> sorted, T value)
        where T : IComparable<T>
    {
        int lo = 0;
        int hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].CompareTo(value) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
