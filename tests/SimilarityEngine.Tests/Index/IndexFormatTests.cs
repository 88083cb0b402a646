using System.Security.Cryptography;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using SimilarityEngine.Indexing;

namespace SimilarityEngine.Tests;

/// <summary>The index records its format version: a newer simeng upgrades an older index in place (on its first write or
/// with <c>simeng index upgrade</c>), an older simeng refuses a newer index with one line and changes nothing. Tested with
/// the indexes that earlier builds wrote (corpus-samples/old-index: format 1 without postings files, commit 2790b3c;
/// corpus-samples/index-bcbe1ec: the last build before versions were recorded, with postings files).</summary>
public sealed class IndexFormatTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static string ScreenManifest => TestPaths.Sample(Path.Combine("screen", "manifest.csv"));

    private string CopyOf(string sample)
    {
        string to = Path.Combine(_dir.FullName, sample);
        foreach (var f in System.IO.Directory.GetFiles(TestPaths.Sample(sample), "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(TestPaths.Sample(sample), f));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
        return to;
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        System.IO.Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    // slow: 'simeng doctor' converts a test .doc with LibreOffice (several seconds)
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("old-index")]
    [InlineData("index-bcbe1ec")]
    public async Task OlderIndex_ReadAsItIs_ThenUpgradedInPlaceByIndexUpgrade(string sample)
    {
        string index = CopyOf(sample);
        Assert.Equal(IndexFormat.Unversioned, IndexFormat.Read(index));
        using (var reader = ReportIndexReader.Open(index))
        {
            Assert.Equal(1, reader.FormatVersion);
            Assert.Equal(5, reader.Count);
        }
        var (doctorCode, doctorOut, _) = await CliRunner.Run("doctor", "--index", index, "--data", Path.Combine(_dir.FullName, "data"), "--urls", "http://127.0.0.1:1");
        Assert.Contains("định dạng cũ 1", doctorOut, StringComparison.Ordinal);
        Assert.Contains("simeng index upgrade --index " + index, doctorOut, StringComparison.Ordinal);
        _ = doctorCode;

        var (code, output, err) = await CliRunner.Run("index", "upgrade", "--index", index);
        Assert.True(code == 0, err);
        Assert.Contains("đã nâng từ định dạng 1 lên 2 (5 báo cáo", output, StringComparison.Ordinal);
        Assert.Equal(IndexFormat.Current, IndexFormat.Read(index));
        using (var reader = ReportIndexReader.Open(index))
        {
            Assert.Equal(IndexFormat.Current, reader.FormatVersion);
            Assert.Equal(0, reader.PostingsComputed);
        }
        Assert.True(IndexMaintenance.Check(index).Clean);
        var (again, againOut, _) = await CliRunner.Run("index", "upgrade", "--index", index);
        Assert.Equal(0, again);
        Assert.Contains("đã ở định dạng 2, không cần nâng cấp", againOut, StringComparison.Ordinal);

        string pairs = Path.Combine(_dir.FullName, "pairs.csv");
        var (screen, _, screenErr) = await CliRunner.Run("screen", "--index", index, "--out", pairs, "--quiet");
        Assert.True(screen == 0, screenErr);
        Assert.Equal(["r2,r1", "r4,r3"], File.ReadAllLines(pairs).Skip(1).Select(l => string.Join(',', l.Split(',').Take(2))).Order());
    }

    // reports written before the sequence number was a doc value, merged into one segment with reports that have it:
    // the sequence → document map (which the postings files name reports by) stays right for both
    [Fact]
    public void SequenceNumbers_OldReportsMergedWithNewOnes_EveryPairStillFound()
    {
        string index = CopyOf("index-bcbe1ec");
        var (reports, _) = SimilarityEngine.Engine.InputPlanner.ForIngest([], ScreenManifest);
        var engine = new SimilarityEngine.Engine.SimEngine();
        engine.Ingest(new SimilarityEngine.Engine.IngestRequest(index, reports.Select(r => r with { Id = "moi-" + r.Id }).ToList()));
        List<string> Pairs() => engine.Screen(new SimilarityEngine.Engine.ScreenRequest(index)).Flagged
            .Select(p => string.Join(',', new[] { p.Submission.Id, p.Source.Id }.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal).ToList();
        var before = Pairs();
        // the old r1 and its new copy are the same text: they pair up, as the copies among the old reports do
        Assert.Contains("moi-r1,r1", before);
        Assert.Contains("r1,r2", before);
        using (var dir = FSDirectory.Open(index))
        using (var w = new IndexWriter(dir, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            w.SetCommitData(new Dictionary<string, string>(DirectoryReader.ListCommits(dir)[^1].UserData));
            w.ForceMerge(1);
            w.Commit();
        }
        using (var dir = FSDirectory.Open(index))
        using (var reader = DirectoryReader.Open(dir))
        {
            // one segment holding both kinds: 5 reports with the doc value, 5 without
            var leaf = Assert.Single(reader.Leaves).AtomicReader;
            var with = leaf.GetDocsWithField("seq_dv");
            Assert.Equal(5, Enumerable.Range(0, leaf.MaxDoc).Count(with.Get));
            Assert.Equal(10, leaf.NumDocs);
        }
        Assert.Equal(before, Pairs());
    }

    [Fact]
    public async Task OlderIndex_UpgradedByTheFirstIngest()
    {
        string index = CopyOf("index-bcbe1ec");
        var (code, _, err) = await CliRunner.Run("ingest", "--manifest", ScreenManifest, "--index", index, "--quiet");
        Assert.True(code == 0, err);
        Assert.Equal(IndexFormat.Current, IndexFormat.Read(index));
        using var reader = ReportIndexReader.Open(index);
        Assert.Equal(5, reader.Count);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task NewerIndex_RefusedWithOneLine_AndLeftAsItWas()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var (made, _, madeErr) = await CliRunner.Run("ingest", "--manifest", ScreenManifest, "--index", index, "--quiet");
        Assert.True(made == 0, madeErr);
        // what a future simeng would leave: the same index with a higher version in a new commit point
        using (var dir = FSDirectory.Open(index))
        using (var w = new IndexWriter(dir, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            var data = new Dictionary<string, string>(DirectoryReader.ListCommits(dir)[^1].UserData) { ["format"] = "3" };
            w.SetCommitData(data);
            w.Commit();
        }
        File.Delete(Path.Combine(index, "simeng-verified.txt"));
        var before = Hashes(index);
        string sample = TestPaths.Sample(Path.Combine("screen", "r2-doc-lop2-ban-sao.docx"));
        foreach (var args in new[]
                 {
                     new[] { "screen", "--index", index, "--quiet" },
                     new[] { "check", sample, "--index", index },
                     new[] { "ingest", "--manifest", ScreenManifest, "--index", index, "--quiet" },
                     new[] { "index", "upgrade", "--index", index },
                     new[] { "index", "repair", "--index", index },
                 })
        {
            var (code, output, err) = await CliRunner.Run(args);
            Assert.Equal(2, code);
            var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("có định dạng 3, do một bản simeng mới hơn ghi; bản này chỉ đọc được tới định dạng 2", line, StringComparison.Ordinal);
            Assert.DoesNotContain("at SimilarityEngine", output + err, StringComparison.Ordinal);
        }
        Assert.Equal(before.Where(kv => !kv.Key.StartsWith("simeng-writer", StringComparison.Ordinal)),
            Hashes(index).Where(kv => !kv.Key.StartsWith("simeng-writer", StringComparison.Ordinal) && kv.Key != "simeng-verified.txt"));
        var (doctor, doctorOut, _) = await CliRunner.Run("doctor", "--index", index, "--data", Path.Combine(_dir.FullName, "data"), "--urls", "http://127.0.0.1:1");
        Assert.Equal(1, doctor);
        Assert.Contains("định dạng 3, mới hơn bản simeng này", doctorOut, StringComparison.Ordinal);
    }

    [Fact]
    public void NewIndex_RecordsTheCurrentVersion()
    {
        string index = Path.Combine(_dir.FullName, "new");
        using (var w = ReportIndexWriter.Open(index))
        {
            Assert.Equal(IndexFormat.Current, w.FormatBefore);
            w.Commit();
        }
        Assert.Equal(IndexFormat.Current, IndexFormat.Read(index));
    }
}
