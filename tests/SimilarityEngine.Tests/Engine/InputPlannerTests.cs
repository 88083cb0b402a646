using SimilarityEngine.Engine;

namespace SimilarityEngine.Tests;

/// <summary>A folder given to ingest, screen or extract: every file in it is read or named in one warning (the peer-suite
/// run over pdf.js's test folder found 459 .link files left without a word).</summary>
public sealed class InputPlannerTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void Folder_FilesThatAreNotDocuments_CountedByKindInOneWarning()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "sub"));
        foreach (var name in new[] { "a.docx", "b.pdf", "sub/c.txt", "x.link", "sub/y.link", "ảnh.jpg", "README", "~$a.docx" })
        {
            File.WriteAllText(Path.Combine(_dir.FullName, name), "x");
        }

        var plan = InputPlanner.Expand([_dir.FullName]);

        Assert.Equal(["a", "b", "sub/c"], plan.Files.Select(f => f.Name.Replace('\\', '/')).Order(StringComparer.Ordinal));
        string warning = Assert.Single(plan.Warnings);
        Assert.Contains("5 file(s) not read", warning, StringComparison.Ordinal);
        Assert.Contains(".link 2 (e.g. ", warning, StringComparison.Ordinal);
        Assert.Contains(".jpg 1 (e.g. ảnh.jpg)", warning, StringComparison.Ordinal);
        Assert.Contains("(no extension) 1 (e.g. README)", warning, StringComparison.Ordinal);
        Assert.Contains("~$ (Word's lock files) 1", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_OnlyDocuments_NoWarning()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "a.txt"), "x");
        Assert.Empty(InputPlanner.Expand([_dir.FullName]).Warnings);
    }
}
