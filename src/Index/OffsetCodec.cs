using Lucene.Net.Util;

namespace SimilarityEngine.Indexing;

/// <summary>Stores an offset map compactly: only the places where offset − index changes, as varints.</summary>
public static class OffsetCodec
{
    /// <summary>Encodes <paramref name="map"/>.</summary>
    public static byte[] Encode(int[] map)
    {
        using var ms = new MemoryStream();
        WriteVar(ms, map.Length);
        int prevDelta = 0;
        int prevIndex = 0;
        for (int i = 0; i < map.Length; i++)
        {
            int delta = map[i] - i;
            if (delta != prevDelta || i == 0)
            {
                WriteVar(ms, i - prevIndex);
                WriteVar(ms, ZigZag(delta - prevDelta));
                prevDelta = delta;
                prevIndex = i;
            }
        }
        return ms.ToArray();
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    public static int[] Decode(BytesRef? bytes)
    {
        if (bytes is null)
        {
            return [];
        }
        int pos = bytes.Offset;
        int end = bytes.Offset + bytes.Length;
        var data = bytes.Bytes;
        int n = ReadVar(data, ref pos);
        var map = new int[n];
        int index = 0;
        int delta = 0;
        int fill = 0;
        while (pos < end)
        {
            int gap = ReadVar(data, ref pos);
            int dd = UnZigZag(ReadVar(data, ref pos));
            int next = index + gap;
            for (; fill < next && fill < n; fill++)
            {
                map[fill] = fill + delta;
            }
            index = next;
            delta += dd;
        }
        for (; fill < n; fill++)
        {
            map[fill] = fill + delta;
        }
        return map;
    }

    private static int ZigZag(int v) => (v << 1) ^ (v >> 31);

    private static int UnZigZag(int v) => (int)((uint)v >> 1) ^ -(v & 1);

    private static void WriteVar(Stream s, int value)
    {
        uint v = (uint)value;
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }

    private static int ReadVar(byte[] data, ref int pos)
    {
        int shift = 0;
        uint v = 0;
        while (true)
        {
            byte b = data[pos++];
            v |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (int)v;
            }
            shift += 7;
        }
    }
}
