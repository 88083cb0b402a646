using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using SimilarityEngine.Ingest;

namespace SimilarityEngine.Tests;

/// <summary>Broken and hostile files, generated here: each gives a DocumentFormatException naming the file and the reason,
/// quickly, never a crash or a hang. The reliability table (ReliabilityTests) covers the rest of the suite.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();
    private readonly DocumentReader _reader = new();

    public void Dispose() => _dir.Delete(true);

    private string Write(string name, byte[] bytes)
    {
        string p = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    private void AssertFails(string path, string reasonPart)
    {
        var sw = Stopwatch.StartNew();
        var ex = Assert.Throws<DocumentFormatException>(() => _reader.Read(path));
        Assert.Equal(path, ex.SourcePath);
        Assert.Contains(reasonPart, ex.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Path.GetFileName(path), ex.Message, StringComparison.Ordinal);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}");
    }

    [Fact]
    public void RandomBytesAsPdf_Refused() => AssertFails(Write("random.pdf", Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray()), "not a .pdf");

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void TruncatedPdf_Refused(int keepThirds)
    {
        var bytes = File.ReadAllBytes(TestPaths.Sample("vi-features.pdf"));
        // cut before the cross-reference table and trailer: nothing says where the objects are
        AssertFails(Write("truncated.pdf", bytes[..(bytes.Length * keepThirds / 9)]), "truncated");
    }

    [Fact]
    public void ZipWithoutWordParts_Refused()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            using var w = new StreamWriter(zip.CreateEntry("hello.txt").Open());
            w.Write("xin chào");
        }
        AssertFails(Write("notword.docx", ms.ToArray()), "no Word document part");
    }

    [Fact]
    public void UnsupportedExtension_Refused() => AssertFails(Write("photo.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]), "unsupported");

    [Fact]
    public void MissingFile_Refused()
    {
        var ex = Assert.Throws<DocumentFormatException>(() => _reader.Read(Path.Combine(_dir.FullName, "none.docx")));
        Assert.Contains("not found", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OverSizeLimit_Refused()
    {
        var small = new DocumentReader(new IngestLimits(MaxFileBytes: 1000));
        var ex = Assert.Throws<DocumentFormatException>(() => small.Read(TestPaths.Sample("vi-features.pdf")));
        Assert.Contains("over the limit", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ExternalEntityInDocx_RefusedOrIgnored_NoFileRead()
    {
        // a document.xml that declares an external entity pointing at a local file
        string secret = Path.Combine(_dir.FullName, "secret.txt");
        File.WriteAllText(secret, "BÍ MẬT");
        using var ms = new MemoryStream();
        using (var src = ZipFile.OpenRead(TestPaths.Sample("vi-features.docx")))
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            foreach (var e in src.Entries)
            {
                var ne = zip.CreateEntry(e.FullName);
                using var o = ne.Open();
                if (e.FullName == "word/document.xml")
                {
                    string xml = new StreamReader(e.Open()).ReadToEnd();
                    xml = xml.Replace("<w:document ", $"<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file://{secret}\">]><w:document ", StringComparison.Ordinal)
                             .Replace("BÁO CÁO", "&xxe; BÁO CÁO", StringComparison.Ordinal);
                    o.Write(Encoding.UTF8.GetBytes(xml));
                }
                else
                {
                    e.Open().CopyTo(o);
                }
            }
        }
        string p = Write("xxe.docx", ms.ToArray());
        try
        {
            var d = _reader.Read(p);
            Assert.DoesNotContain("BÍ MẬT", d.Text, StringComparison.Ordinal);
        }
        catch (DocumentFormatException ex)
        {
            Assert.Equal(p, ex.SourcePath);
        }
    }
}
