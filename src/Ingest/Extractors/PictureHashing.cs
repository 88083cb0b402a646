using System.Security.Cryptography;
using SimilarityEngine.Similarity.Pictures;
using StbImageSharp;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Hashes the pictures embedded in a document (photos, charts, scanned tables) so that reports sharing one can
/// be shown: exact (SHA-256 of the bytes) and perceptual (<see cref="DifferenceHash"/> of the decoded grey picture).</summary>
public static class PictureHashing
{
    /// <summary>Pictures smaller than this on either side (icons, bullets, rules) are not hashed.</summary>
    public const int MinSide = 64;

    /// <summary>Pictures with more pixels than this are not decoded.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Most pictures hashed per document.</summary>
    public const int MaxPictures = 500;

    /// <summary>The hash of a PNG or JPEG picture, or null when it is too small, too flat, too large or not decodable.</summary>
    public static PictureHash? Of(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (PictureOcr.Probe(bytes) is not { } size || size.Width < MinSide || size.Height < MinSide || (long)size.Width * size.Height > MaxPixels)
        {
            return null;
        }
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, ColorComponents.Grey);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException or OverflowException)
        {
            return null; // a damaged or exotic picture (CMYK, arithmetic coding): no hash, the text is unaffected
        }
        if (DifferenceHash.Compute(image.Data, image.Width, image.Height) is not ulong perceptual)
        {
            return null;
        }
        ulong exact = BitConverter.ToUInt64(SHA256.HashData(bytes), 0);
        return new PictureHash(exact, perceptual, image.Width, image.Height);
    }

    /// <summary>The hashes of <paramref name="pictures"/> that can be hashed, in order, at most <see cref="MaxPictures"/>.</summary>
    public static List<PictureHash> Of(IEnumerable<byte[]> pictures, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pictures);
        var hashes = new List<PictureHash>();
        foreach (var bytes in pictures)
        {
            ct.ThrowIfCancellationRequested();
            if (Of(bytes) is { } h)
            {
                hashes.Add(h);
                if (hashes.Count >= MaxPictures)
                {
                    break;
                }
            }
        }
        return hashes;
    }
}
