using SimilarityEngine.Engine;

namespace SimilarityEngine.Tests;

/// <summary>Small files the engine and the server rewrite (job results, error lists, the quarantine, report files) are
/// replaced whole or not at all, and leave no temporary file behind.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void Write_ReplacesTheWholeFile_InUtf8WithoutAMark_NoTemporaryFileLeft()
    {
        string path = Path.Combine(_dir.FullName, "ket-qua.json");
        AtomicFile.WriteAllText(path, "cũ");
        AtomicFile.WriteAllText(path, "{\"kết luận\": \"gần như trùng lặp\"}");
        Assert.Equal("{\"kết luận\": \"gần như trùng lặp\"}", File.ReadAllText(path));
        Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]);
        Assert.Equal([path], Directory.GetFiles(_dir.FullName));
    }

    [Fact]
    public void Write_ThatCannotFinish_LeavesTheOldFileAndNoTemporaryFile()
    {
        // the target is a folder: the rename fails after the temporary file was written
        string folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "la-thu-muc")).FullName;
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(folder, "x"));
        Assert.Empty(Directory.GetFiles(_dir.FullName));
        // the folder is missing: nothing is written anywhere
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(Path.Combine(_dir.FullName, "khong-co", "a.txt"), "x"));
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TwoWritersOfOneFile_EachWriteWhole_NoTemporaryFileLeft()
    {
        string path = Path.Combine(_dir.FullName, "trang-thai.json");
        string a = new('a', 200_000), b = new('b', 300_000);
        var writers = new[] { a, b }.Select(text => Task.Run(() =>
        {
            for (int i = 0; i < 30; i++)
            {
                AtomicFile.WriteAllText(path, text);
            }
        }));
        await Task.WhenAll(writers);
        string last = File.ReadAllText(path);
        Assert.True(last == a || last == b, $"a file of {last.Length} characters: a mix of two writes");
        Assert.Equal([path], Directory.GetFiles(_dir.FullName));
    }
}
