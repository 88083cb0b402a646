using System.Numerics;

namespace SimilarityEngine.Similarity.Pictures;

/// <summary>A picture embedded in a report (photo, chart, scanned table), hashed for reuse detection.</summary>
/// <param name="Exact">The first 64 bits of the SHA-256 of its bytes: the same file pasted again.</param>
/// <param name="Perceptual">Its difference hash: the same picture re-saved, resized or recompressed.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PictureHash(ulong Exact, ulong Perceptual, int Width, int Height)
{
    /// <summary>Perceptual hashes at most this many bits apart are one picture.</summary>
    public const int MaxDistance = 6;

    /// <summary>Number of 16-bit bands of the perceptual hash indexed as terms: two hashes within 3 bits share a band.</summary>
    public const int Bands = 4;

    /// <summary>Bits in which two perceptual hashes differ.</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>The terms a picture is found by: its exact hash, then one per band of its perceptual hash (each band
    /// tagged with its number so that bands never meet across positions).</summary>
    public IEnumerable<ulong> Terms()
    {
        yield return ExactTerm(Exact);
        for (int b = 0; b < Bands; b++)
        {
            ulong band = (Perceptual >> (16 * b)) & 0xFFFF;
            yield return Text.SyllableTokenizer.Mix(0xB5AD4ECEDA1CE2A9UL * (ulong)(b + 1) ^ band) | 1UL;
        }
    }

    /// <summary>The term of an exact hash (even, so it never equals a band term).</summary>
    public static ulong ExactTerm(ulong exact) => Text.SyllableTokenizer.Mix(exact) & ~1UL;
}

/// <summary>A picture found in both reports of a pair.</summary>
/// <param name="SubmissionNumber">1-based position of the picture in the submission.</param>
/// <param name="SourceNumber">1-based position in the source.</param>
/// <param name="Distance">Bits apart in the perceptual hash (0 with <paramref name="Exact"/>).</param>
/// <param name="Exact">The same file.</param>
/// <param name="Width">The submission's picture width in pixels.</param>
/// <param name="Height">Its height.</param>
public sealed record SharedPicture(int SubmissionNumber, int SourceNumber, int Distance, bool Exact, int Width, int Height);

/// <summary>The difference hash of a picture and the pictures two reports share.</summary>
/// <remarks>dHash (N. Krawetz, "Kind of Like That", 2013): the grey picture is shrunk to 9 × 8 by box averaging and each
/// bit says whether a pixel is brighter than its right neighbour. It survives re-encoding, resizing and small changes of
/// brightness; flat pictures (rules, blank boxes) give no usable hash and are left out.</remarks>
public static class DifferenceHash
{
    /// <summary>The hash of a grey picture (one byte per pixel, rows of <paramref name="width"/>), or null when it is too flat
    /// to identify.</summary>
    public static ulong? Compute(ReadOnlySpan<byte> grey, int width, int height)
    {
        if (width < 9 || height < 8 || grey.Length < width * height)
        {
            return null;
        }
        Span<double> cell = stackalloc double[72];
        for (int cy = 0; cy < 8; cy++)
        {
            int y0 = cy * height / 8;
            int y1 = Math.Max(y0 + 1, (cy + 1) * height / 8);
            for (int cx = 0; cx < 9; cx++)
            {
                int x0 = cx * width / 9;
                int x1 = Math.Max(x0 + 1, (cx + 1) * width / 9);
                long sum = 0;
                for (int y = y0; y < y1; y++)
                {
                    var row = grey.Slice(y * width, width);
                    for (int x = x0; x < x1; x++)
                    {
                        sum += row[x];
                    }
                }
                cell[(cy * 9) + cx] = (double)sum / ((y1 - y0) * (x1 - x0));
            }
        }
        double mean = 0;
        foreach (double v in cell)
        {
            mean += v;
        }
        mean /= 72;
        double variance = 0;
        foreach (double v in cell)
        {
            variance += (v - mean) * (v - mean);
        }
        if (Math.Sqrt(variance / 72) < 4)
        {
            return null;
        }
        ulong hash = 0;
        for (int cy = 0; cy < 8; cy++)
        {
            for (int cx = 0; cx < 8; cx++)
            {
                hash = (hash << 1) | (cell[(cy * 9) + cx] > cell[(cy * 9) + cx + 1] ? 1UL : 0UL);
            }
        }
        return hash;
    }

    /// <summary>The pictures of <paramref name="submission"/> found in <paramref name="source"/> (each submission picture
    /// once, with its closest match), leaving out those <paramref name="isCommon"/> says many reports carry (logos, emblems).</summary>
    public static List<SharedPicture> Shared(IReadOnlyList<PictureHash> submission, IReadOnlyList<PictureHash> source, Func<PictureHash, bool>? isCommon = null)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(source);
        var shared = new List<SharedPicture>();
        if (submission.Count == 0 || source.Count == 0)
        {
            return shared;
        }
        for (int i = 0; i < submission.Count; i++)
        {
            var a = submission[i];
            int best = -1;
            int bestDistance = int.MaxValue;
            bool exact = false;
            for (int j = 0; j < source.Count; j++)
            {
                var b = source[j];
                if (a.Exact == b.Exact)
                {
                    best = j;
                    bestDistance = 0;
                    exact = true;
                    break;
                }
                int d = PictureHash.Distance(a.Perceptual, b.Perceptual);
                if (d <= PictureHash.MaxDistance && d < bestDistance)
                {
                    best = j;
                    bestDistance = d;
                }
            }
            if (best >= 0 && !(isCommon?.Invoke(a) ?? false))
            {
                shared.Add(new SharedPicture(i + 1, best + 1, bestDistance, exact, a.Width, a.Height));
            }
        }
        return shared;
    }
}
