using System.IO.Compression;
using System.Text.Json;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Extractors;
using SimilarityEngine.Similarity.Pictures;

namespace SimilarityEngine.Tests;

/// <summary>Pictures embedded in reports (class photos, charts, scanned tables) are hashed at ingest, exactly and
/// perceptually; reports sharing one are shown next to the text evidence; logos that many reports carry are not.</summary>
public sealed class PictureReuseTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    // A synthetic "photo": a lit gradient with a few soft discs and blocks placed by the seed.
    internal static byte[] Photo(int seed, int width = 480, int height = 360, int brightness = 0)
    {
        var rng = new Random(seed);
        var shapes = Enumerable.Range(0, 7).Select(_ => (X: rng.NextDouble(), Y: rng.NextDouble(), R: 0.08 + (rng.NextDouble() * 0.2), V: rng.Next(-90, 90), Disc: rng.Next(2) == 0)).ToList();
        double gx = rng.NextDouble() - 0.5;
        double gy = rng.NextDouble() - 0.5;
        var grey = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double u = (double)x / width;
                double v = (double)y / height;
                double value = 128 + (120 * ((gx * u) + (gy * v)));
                foreach (var s in shapes)
                {
                    bool inside = s.Disc ? ((u - s.X) * (u - s.X)) + ((v - s.Y) * (v - s.Y)) < s.R * s.R : Math.Abs(u - s.X) < s.R && Math.Abs(v - s.Y) < s.R / 2;
                    value += inside ? s.V : 0;
                }
                grey[(y * width) + x] = (byte)Math.Clamp(value + brightness, 0, 255);
            }
        }
        return Png(grey, width, height);
    }

    // The same picture at half the size (box filter), as a copy re-saved by another program.
    internal static byte[] HalfSize(int seed, int brightness)
    {
        var full = StbImageSharp.ImageResult.FromMemory(Photo(seed, brightness: brightness), StbImageSharp.ColorComponents.Grey);
        int w = full.Width / 2;
        int h = full.Height / 2;
        var half = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int s = full.Data[(2 * y * full.Width) + (2 * x)] + full.Data[(2 * y * full.Width) + (2 * x) + 1]
                        + full.Data[(((2 * y) + 1) * full.Width) + (2 * x)] + full.Data[(((2 * y) + 1) * full.Width) + (2 * x) + 1];
                half[(y * w) + x] = (byte)(s / 4);
            }
        }
        return Png(half, w, h);
    }

    // An 8-bit grey PNG: signature, IHDR, one zlib IDAT of unfiltered rows, IEND.
    internal static byte[] Png(byte[] grey, int width, int height)
    {
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0);
                z.Write(grey, y * width, width);
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth; colour type 0 (grey), default compression, filter and interlace
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        s.Write(head);
        s.Write(data);
        uint crc = 0xFFFFFFFF;
        foreach (byte b in head.AsSpan(4).ToArray().Concat(data))
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }
        var tail = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tail, ~crc);
        s.Write(tail);
    }

    [Fact]
    public void Hash_SamePhotoResizedAndBrighter_Near_OtherPhotosFar_FlatNone()
    {
        var a = PictureHashing.Of(Photo(1))!.Value;
        var resized = PictureHashing.Of(HalfSize(1, brightness: 12))!.Value;
        Assert.NotEqual(a.Exact, resized.Exact);
        Assert.InRange(PictureHash.Distance(a.Perceptual, resized.Perceptual), 0, PictureHash.MaxDistance);
        for (int seed = 2; seed < 12; seed++)
        {
            var other = PictureHashing.Of(Photo(seed))!.Value;
            Assert.True(PictureHash.Distance(a.Perceptual, other.Perceptual) > PictureHash.MaxDistance + 4, $"seed {seed}");
        }
        Assert.Null(PictureHashing.Of(Png(Enumerable.Repeat((byte)200, 300 * 200).ToArray(), 300, 200))); // a blank box
        Assert.Null(PictureHashing.Of(Photo(3, 40, 40))); // an icon
        Assert.Null(PictureHashing.Of([1, 2, 3])); // not a picture
    }

    [Fact]
    public void Docx_PicturesHashedInOrder_AndSurviveTheIndex()
    {
        string docx = PictureOcrTests.DocxWithPictures(Path.Combine(_dir.FullName, "a.docx"), "Ảnh hoạt động của lớp.", [Photo(1), Photo(2)], "Hết.");
        var doc = new DocumentReader().Read(docx);
        Assert.Equal(2, doc.Source.Pictures!.Count);
        Assert.Equal(PictureHashing.Of(Photo(2))!.Value, doc.Source.Pictures[1]);
    }

    [Trait("Category", "Slow")] // 12 s on a quiet machine
    [Fact]
    public async Task Check_ReportsSharingAPhoto_ListedAsEvidence_LogosOfManyReportsNot()
    {
        byte[] logo = Photo(99, 200, 200);
        string Report(string name, string text, params byte[][] pictures) =>
            PictureOcrTests.DocxWithPictures(Path.Combine(_dir.FullName, name), text, pictures, "Xin chân thành cảm ơn.");
        // A: the class photo P1 and the school's logo; C: another photo and the same logo; D: A's text copied with A's photo
        Report("a.docx", $"{ParaphraseTests.P1}\n{ParaphraseTests.P2}", Photo(1), logo);
        Report("c.docx", ParaphraseTests.Unrelated, Photo(5), logo);
        Report("e.docx", ParaphraseTests.P3, Photo(6), logo);
        string manifest = Path.Combine(_dir.FullName, "manifest.csv");
        File.WriteAllText(manifest, "id,file,submitted,year\na,a.docx,2023-03-01,2023\nc,c.docx,2023-04-01,2023\ne,e.docx,2023-05-01,2023\n");
        string index = Path.Combine(_dir.FullName, "index");
        var (ic, _, ie) = await CliRunner.Run("ingest", "--manifest", manifest, "--index", index, "--quiet");
        Assert.True(ic == 0, ie);

        // B: unrelated text, A's photo re-saved at half size and brighter, and the logo
        string b = Report("b.docx", ParaphraseTests.P4, HalfSize(1, brightness: 12), logo);
        string json = Path.Combine(_dir.FullName, "b.json");
        var (bc, bo, be) = await CliRunner.Run("check", b, "--index", index, "--json", json, "--common-docs", "2", "--quiet");
        Assert.True(bc == 0, be);
        using (var r = JsonDocument.Parse(File.ReadAllText(json)))
        {
            Assert.Equal(0, r.RootElement.GetProperty("sources").GetArrayLength());
            var matches = r.RootElement.GetProperty("picture_matches");
            Assert.Equal(1, matches.GetArrayLength()); // not C or E: the logo is in three reports, more than the cut-off of 2
            Assert.Equal("a", matches[0].GetProperty("source").GetProperty("id").GetString());
            var shared = matches[0].GetProperty("shared_pictures");
            Assert.Equal(1, shared.GetArrayLength());
            Assert.False(shared[0].GetProperty("exact").GetBoolean());
            Assert.Equal(1, shared[0].GetProperty("submission_picture").GetInt32());
            Assert.Equal(1, shared[0].GetProperty("source_picture").GetInt32());
        }
        Assert.Contains("1 ảnh dùng chung", bo, StringComparison.Ordinal);

        // D copies A's text and photo file: the pair carries the exact shared photo next to its passages
        string d = Report("d.docx", $"Báo cáo của một trường khác, chép lại.\n{ParaphraseTests.P1}\n{ParaphraseTests.P2}", Photo(1));
        var (dc, _, de) = await CliRunner.Run("check", d, "--index", index, "--json", json, "--quiet");
        Assert.True(dc == 0, de);
        using (var r = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var source = r.RootElement.GetProperty("sources")[0];
            Assert.Equal("a", source.GetProperty("source").GetProperty("id").GetString());
            Assert.True(source.GetProperty("shared_pictures")[0].GetProperty("exact").GetBoolean());
        }
    }
}
