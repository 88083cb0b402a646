using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Similarity.Fingerprints;

/// <summary>Parameters of shingling and winnowing.</summary>
/// <param name="K">Syllables per shingle (noise threshold: shorter shared runs are never seen).</param>
/// <param name="W">Winnowing window in shingles; every shared run of at least t = W + K − 1 syllables is found.</param>
/// <param name="MaxRepeatsInDocument">A shingle found this often inside one report is that report's own template and never a seed.</param>
/// <param name="FoldedW">Winnowing window of the folded stream: fingerprints of the report read without its marks (đ→d,
/// tones and quality marks dropped), through which text typed without marks finds its accented source and the other way.
/// Sparser than <paramref name="W"/> (every shared run of FoldedW + K − 1 = 54 syllables is still found) so that the stream
/// costs about a fifth of the main one.</param>
/// <param name="UnaccentedShare">A pair is aligned on its folded syllables when either report has at least this share of its
/// words in paragraphs typed without marks (<see cref="Matching.MatchDocument.UnaccentedShare"/>).</param>
public sealed record FingerprintOptions(int K = 5, int W = 10, int MaxRepeatsInDocument = 2, int FoldedW = 50, double UnaccentedShare = 0.05)
{
    /// <summary>k = 5, w = 10, so t = 14 syllables.</summary>
    public static FingerprintOptions Default { get; } = new();

    /// <summary>The guarantee threshold t = w + k − 1.</summary>
    public int GuaranteeThreshold => W + K - 1;
}

/// <summary>A winnowed fingerprint: a shingle hash and the index of its first syllable.</summary>
public readonly record struct Fingerprint(ulong Hash, int Position);

/// <summary>Hashes every run of k consecutive syllable hashes.</summary>
public static class ShingleHasher
{
    /// <summary>Number of shingles for <paramref name="syllables"/> syllables.</summary>
    public static int CountFor(int syllables, int k) => Math.Max(0, syllables - k + 1);

    /// <summary>Writes the hash of each k-syllable window into <paramref name="output"/>.</summary>
    /// <returns>The number of shingles written.</returns>
    /// <exception cref="ArgumentException">The output is shorter than <see cref="CountFor"/>.</exception>
    public static int Hash(ReadOnlySpan<ulong> syllables, int k, Span<ulong> output)
    {
        int count = CountFor(syllables.Length, k);
        if (output.Length < count)
        {
            throw new ArgumentException("Output span too short for the shingles.", nameof(output));
        }
        for (int i = 0; i < count; i++)
        {
            ulong h = 0x27D4EB2F165667C5UL;
            for (int j = 0; j < k; j++)
            {
                h = (h ^ syllables[i + j]) * 0x9E3779B97F4A7C15UL;
                h = (h << 31) | (h >> 33);
            }
            output[i] = SyllableTokenizer.Mix(h);
        }
        return count;
    }
}

/// <summary>Selects fingerprints from shingle hashes by robust winnowing.</summary>
/// <remarks>Schleimer, Wilkerson, Aiken: "Winnowing: local algorithms for document fingerprinting",
/// SIGMOD 2003. In every window of w consecutive shingles the minimum hash is selected (the rightmost on
/// ties); a selection is recorded once while it stays the minimum. Any run of at least w + k − 1 shared
/// syllables therefore shares at least one fingerprint.</remarks>
public static class WinnowingFingerprinter
{
    /// <summary>Writes the winnowed fingerprints of <paramref name="shingles"/> into <paramref name="output"/>.</summary>
    /// <returns>The number written; at most the number of shingles.</returns>
    /// <exception cref="ArgumentException">The output is shorter than the number of shingles.</exception>
    public static int Fingerprint(ReadOnlySpan<ulong> shingles, int w, Span<Fingerprint> output)
    {
        int n = shingles.Length;
        if (output.Length < n)
        {
            throw new ArgumentException("Output span must hold one fingerprint per shingle.", nameof(output));
        }
        if (n == 0)
        {
            return 0;
        }
        if (n <= w)
        {
            int m = 0;
            for (int i = 1; i < n; i++)
            {
                if (shingles[i] <= shingles[m])
                {
                    m = i;
                }
            }
            output[0] = new Fingerprint(shingles[m], m);
            return 1;
        }
        int count = 0;
        int last = -1;
        int min = 0;
        for (int i = 1; i < w - 1; i++)
        {
            if (shingles[i] <= shingles[min])
            {
                min = i;
            }
        }
        for (int end = w - 1; end < n; end++)
        {
            int start = end - w + 1;
            if (min < start)
            {
                // the old minimum left the window: rescan it
                min = start;
                for (int i = start + 1; i <= end; i++)
                {
                    if (shingles[i] <= shingles[min])
                    {
                        min = i;
                    }
                }
            }
            else if (shingles[end] <= shingles[min])
            {
                min = end;
            }
            if (min != last)
            {
                output[count++] = new Fingerprint(shingles[min], min);
                last = min;
            }
        }
        return count;
    }
}
