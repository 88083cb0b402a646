using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Extractors;

namespace SimilarityEngine.Tests;

/// <summary>.doc files are converted by LibreOffice in batches ahead of their extraction; the text is the same as one
/// conversion per file, and a file the batch cannot convert still gets its own clean error.</summary>
[Trait("Category", "Slow")]
public sealed class DocBatchTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    [SkippableFact]
    public void Batches_SameTextAsOneByOne_BrokenFileGetsItsOwnError()
    {
        TestPaths.RequireSoffice();
        var files = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            string f = Path.Combine(_dir.FullName, $"báo cáo {i}.doc"); // a space and Vietnamese letters in the name
            File.Copy(TestPaths.Sample("vi-features.doc"), f);
            files.Add(f);
        }
        // an OLE file that is no Word document: the header of a .doc, then garbage
        string broken = Path.Combine(_dir.FullName, "hỏng.doc");
        var bytes = File.ReadAllBytes(TestPaths.Sample("vi-features.doc"));
        Array.Fill(bytes, (byte)0x5A, 512, bytes.Length - 512);
        File.WriteAllBytes(broken, bytes);
        files.Add(broken);

        var reader = new DocumentReader();
        string expected = reader.Read(files[0]).Text; // one LibreOffice call for this file alone
        using var batches = reader.StartBatches(files);
        Assert.NotNull(batches);
        foreach (var f in files.Take(3))
        {
            Assert.Equal(expected, reader.Read(f, batches).Text);
        }
        Assert.Equal(3, batches!.Converted);
        var ex = Assert.Throws<DocumentFormatException>(() => reader.Read(broken, batches));
        Assert.Contains("LibreOffice could not convert", ex.Reason, StringComparison.Ordinal);
        // one line, without the Java launcher's start-up warning (Apache POI's PasswordProtected.doc gave two lines)
        Assert.DoesNotContain("javaldx", ex.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Reason);
    }

    [Fact]
    public void StartBatches_FewerThanTwoWordFiles_NoPool()
    {
        var reader = new DocumentReader();
        Assert.Null(reader.StartBatches([TestPaths.Sample("vi-features.doc"), TestPaths.Sample("vi-features.docx")]));
        Assert.Null(new DocumentReader(toolFinder: _ => null).StartBatches([TestPaths.Sample("vi-features.doc"), TestPaths.Sample("vi-features.doc")]));
    }
}
