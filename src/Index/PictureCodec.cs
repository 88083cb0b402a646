using System.Buffers.Binary;
using SimilarityEngine.Similarity.Pictures;

namespace SimilarityEngine.Indexing;

/// <summary>Stores a report's picture hashes as 24 bytes each: exact, perceptual, width, height (little-endian).</summary>
internal static class PictureCodec
{
    private const int Size = 24;

    public static byte[] Encode(IReadOnlyList<PictureHash> pictures)
    {
        var bytes = new byte[pictures.Count * Size];
        for (int i = 0; i < pictures.Count; i++)
        {
            var s = bytes.AsSpan(i * Size, Size);
            BinaryPrimitives.WriteUInt64LittleEndian(s, pictures[i].Exact);
            BinaryPrimitives.WriteUInt64LittleEndian(s[8..], pictures[i].Perceptual);
            BinaryPrimitives.WriteInt32LittleEndian(s[16..], pictures[i].Width);
            BinaryPrimitives.WriteInt32LittleEndian(s[20..], pictures[i].Height);
        }
        return bytes;
    }

    public static PictureHash[] Decode(Lucene.Net.Util.BytesRef stored)
    {
        var bytes = stored.Bytes.AsSpan(stored.Offset, stored.Length);
        var pictures = new PictureHash[bytes.Length / Size];
        for (int i = 0; i < pictures.Length; i++)
        {
            var s = bytes.Slice(i * Size, Size);
            pictures[i] = new PictureHash(BinaryPrimitives.ReadUInt64LittleEndian(s), BinaryPrimitives.ReadUInt64LittleEndian(s[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(s[16..]), BinaryPrimitives.ReadInt32LittleEndian(s[20..]));
        }
        return pictures;
    }
}
