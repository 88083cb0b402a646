using System.Text.Json;
using SimilarityEngine.Cli;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;

namespace SimilarityEngine.Tests;

/// <summary>Reference collections: texts that are sources of matches but never submissions.</summary>
public sealed class CollectionTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();
    private string Index => Path.Combine(_dir.FullName, "index");

    public void Dispose() => _dir.Delete(true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.Run(args);

    private string Write(string relative, string text)
    {
        string path = Path.Combine(_dir.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task CollectionAdd_ReportCopyingABook_ReportedWithTheCollectionName_AndTheBookIsNeverACopier()
    {
        // the "textbook" and a website page that copied it: two documents of one collection sharing text
        string books = Path.Combine(_dir.FullName, "sgk");
        Write("sgk/chuong-1.txt", $"{ParaphraseTests.P1}\n{ParaphraseTests.P2}\n{ParaphraseTests.P3}\n{ParaphraseTests.P4}\n");
        Write("sgk/trang-web.txt", $"{ParaphraseTests.P2}\n{ParaphraseTests.P3}\n{ParaphraseTests.P4}\n");
        // a submitted report: two paragraphs of the book and one of its own
        string report = Write("bai/bai-nop.txt", $"Một số biện pháp giúp trẻ mẫu giáo lớp Lá làm quen với toán\n{ParaphraseTests.P1}\n{ParaphraseTests.Unrelated}\n{ParaphraseTests.P3}\n");

        var (ac, _, ae) = await Run("collection", "add", "sgk-mau-giao", books, "--index", Index, "--quiet");
        Assert.True(ac == 0, ae);
        Assert.Contains("thêm 2,", ae, StringComparison.Ordinal);
        var (ic, _, ie) = await Run("ingest", Path.GetDirectoryName(report)!, "--index", Index, "--quiet");
        Assert.True(ic == 0, ie);

        var (lc, lo, _) = await Run("collection", "list", "--index", Index);
        Assert.Equal(0, lc);
        Assert.Contains("sgk-mau-giao\t2", lo, StringComparison.Ordinal);

        // screen: the report copied the book; the two collection documents are never paired, and neither is a copier
        string csv = Path.Combine(_dir.FullName, "pairs.csv");
        var (sc, _, se) = await Run("screen", "--index", Index, "--out", csv, "--quiet");
        Assert.True(sc == 0, se);
        var rows = File.ReadAllLines(csv);
        int column = Array.IndexOf(rows[0].Split(','), "source_collection");
        Assert.True(column > 0, rows[0]);
        var pairs = rows.Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Contains(pairs, p => p[0] == "bai-nop" && p[1] == "sgk-mau-giao:chuong-1" && p[column] == "sgk-mau-giao");
        Assert.DoesNotContain(pairs, p => p[0].StartsWith("sgk-mau-giao:", StringComparison.Ordinal));

        // check: the book is named with its collection, in the text report and in the JSON
        string json = Path.Combine(_dir.FullName, "check.json");
        var (cc, co, ce) = await Run("check", report, "--index", Index, "--json", json, "--quiet");
        Assert.True(cc == 0, ce);
        Assert.Contains("sgk-mau-giao:chuong-1 (bộ tài liệu tham khảo “sgk-mau-giao”)", co, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var source = doc.RootElement.GetProperty("sources")[0].GetProperty("source");
        Assert.Equal("sgk-mau-giao", source.GetProperty("collection").GetString());
        Assert.True(doc.RootElement.GetProperty("sources")[0].GetProperty("containment").GetDouble() > 0.5);

        using var reader = ReportIndexReader.Open(Index);
        var book = reader.All().Single(r => r.Id == "sgk-mau-giao:chuong-1");
        Assert.Equal("sgk-mau-giao", book.Collection);
        Assert.Null(book.Year);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-sgk")]
    [InlineData("sgk toán")]
    [InlineData("a/b")]
    public async Task CollectionAdd_BadName_RefusedWithExit2(string name)
    {
        string file = Write("x.txt", ParaphraseTests.P1);
        var (code, _, err) = await Run("collection", "add", name, file, "--index", Index, "--quiet");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("collection name", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Index));
    }

    [Fact]
    public void CollectionName_VietnameseLettersAllowed() => Assert.True(InputPlanner.IsCollectionName("sách-giáo-khoa_5"));
}
