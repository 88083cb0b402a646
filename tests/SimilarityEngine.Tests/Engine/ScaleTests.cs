using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Reports;
using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Tests;

/// <summary>Screening in bounded memory: fingerprints stored at ingest, the census of shared fingerprints, slim pairs,
/// the LRU of prepared reports.</summary>
public sealed class ScaleTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();
    private static string Manifest => TestPaths.Sample(Path.Combine("screen", "manifest.csv"));

    public void Dispose() => _dir.Delete(true);

    // every sample text, and one with a quotation, references and a repeated table row (ruled out by the report itself)
    private static IEnumerable<string> Texts()
    {
        var reader = new Ingest.DocumentReader();
        foreach (var f in Directory.EnumerateFiles(TestPaths.Samples, "*.docx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            yield return reader.Read(f).Text;
        }
        string row = "Lớp 5A có ba mươi hai học sinh tham gia đầy đủ các buổi học ngoại khóa trong năm học vừa qua";
        string report = "SÁNG KIẾN KINH NGHIỆM\nPHẦN I. ĐẶT VẤN ĐỀ\n" + ParaphraseTests.P1 + "\n" + row + "\n" + row + "\n" + row + "\n"
            + "Như Bác Hồ đã dạy: \"" + ParaphraseTests.P2 + "\"\n" + ParaphraseTests.P3 + "\nTÀI LIỆU THAM KHẢO\n1. " + ParaphraseTests.P4 + "\n";
        yield return report;
        // typed without marks, whole and in part (the folded stream, the wider gap between common fingerprints)
        yield return Unaccented.Strip(report);
        var lines = report.Split('\n');
        yield return string.Join('\n', lines.Select((l, i) => i % 2 == 0 ? Unaccented.Strip(l) : l));
    }

    [Fact]
    public void StoredFingerprints_UsableSet_IsWhatThePreparedReportGives()
    {
        var filter = new BoilerplateFilter();
        var fingerprinter = new MatchFingerprinter(filter);
        string[] masked = ["Trần Thị Mai", "Trường Tiểu học Hoa Sen"];
        int checkedTexts = 0;
        int ruledOutSeen = 0;
        foreach (string text in Texts())
        {
            var data = fingerprinter.Encode(text, masked);
            var doc = MatchDocument.Prepare(text, null, masked, foldedStream: true);
            // several corpus-common sets, so that gaps between common fingerprints are filled too
            foreach (int modulus in new[] { 1_000_000, 7, 3 })
            {
                bool IsCommon(ulong h) => h % (ulong)modulus == 0;
                var expected = CorpusMatcher.UsableFingerprints(filter.Apply(doc, IsCommon));
                var got = new List<ulong>();
                StoredFingerprints.Usable(data, IsCommon, FingerprintOptions.Default, got);
                Assert.Equal(expected.Order(), got.Distinct().Order());
            }
            var (fps, ruled) = StoredFingerprints.Decode(data);
            Assert.Equal(doc.Fingerprints, fps);
            ruledOutSeen += ruled.Count(r => r);
            checkedTexts++;
        }
        Assert.True(checkedTexts >= 5);
        Assert.True(ruledOutSeen > 0, "no fingerprint was ruled out: the template, repeat and quotation flags went untested");
    }

    [Fact]
    public void StoredFingerprints_DamagedData_FormatException()
    {
        var data = new MatchFingerprinter(new BoilerplateFilter()).Encode(ParaphraseTests.P1 + " " + ParaphraseTests.P2, null);
        Assert.Throws<FormatException>(() => StoredFingerprints.Decode(data.AsSpan(0, data.Length / 2)));
        Assert.Throws<FormatException>(() => StoredFingerprints.Decode([9, 1, 2]));
        Assert.Throws<FormatException>(() => StoredFingerprints.Decode([]));
    }

    [Fact]
    public void Screen_FromStoredFingerprints_SameAsFromTexts_AndPairsKeepNoText()
    {
        string stored = Path.Combine(_dir.FullName, "stored");
        string old = Path.Combine(_dir.FullName, "old");
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(stored, Engine.Manifest.Read(Manifest)));
        // the same reports stored as an index of an earlier version would be: terms only, no stored fingerprints
        using (var from = ReportIndexReader.Open(stored))
        using (var writer = ReportIndexWriter.Open(old))
        {
            var fp = new TextFingerprinter();
            foreach (var r in from.All())
            {
                writer.Add(r, fp.Fingerprint(r.Text, CorpusMatcher.MaskedValues(r)).ToArray().Select(x => x.Hash).ToArray());
            }
            writer.Commit();
        }
        using (var a = ReportIndexReader.Open(stored))
        using (var b = ReportIndexReader.Open(old))
        {
            var sa = ScreenSnapshot.Build(a, a.Keys(), EngineOptions.Default, null, default);
            var sb = ScreenSnapshot.Build(b, b.Keys(), EngineOptions.Default, null, default);
            Assert.Equal(0, sa.Recomputed);
            Assert.Equal(a.Count, sb.Recomputed);
            Assert.True(sa.Postings > 0);
            // an index of an earlier version holds no folded stream (text typed without marks finds its reports once they
            // are ingested again); everything else is the same
            Assert.True(sb.Postings < sa.Postings);
            for (int k = 0; k < sa.Entries.Count; k++)
            {
                Assert.Equal(sa.Entries[k], sb.Entries[k]);
                Assert.Subset(sa.Fingerprints(k).ToHashSet(), sb.Fingerprints(k).ToHashSet());
            }
        }
        var ra = engine.Screen(new ScreenRequest(stored));
        var rb = engine.Screen(new ScreenRequest(old));
        // the older index is screened correctly, and the reviewer is told why it was slower and what to do
        Assert.Equal(0, ra.Recomputed);
        Assert.Equal(ra.Screened, rb.Recomputed);
        Assert.DoesNotContain("phiên bản cũ", TextReport.Screen(ra), StringComparison.Ordinal);
        Assert.Contains($"{rb.Recomputed} báo cáo được nạp bằng phiên bản cũ", TextReport.Screen(rb), StringComparison.Ordinal);
        Assert.NotEmpty(ra.Flagged);
        Assert.Equal(ra.Flagged.Select(p => (p.Submission.Id, p.Source.Id, p.Score.Containment)), rb.Flagged.Select(p => (p.Submission.Id, p.Source.Id, p.Score.Containment)));
        // a screened pair keeps scores and places, not texts; its JSON places are those of the same pair from check
        foreach (var p in ra.Flagged)
        {
            Assert.False(p.HasTexts);
            Assert.Equal("", p.Submission.Text);
            Assert.Throws<InvalidOperationException>(() => ReportModels.Pair(p, withText: true));
            var slim = ReportModels.Pair(p, withText: false);
            var file = Engine.Manifest.Read(Manifest).Single(m => m.Id == p.Submission.Id).File;
            var check = engine.Check(new CheckRequest(stored, file)).Sources.Single(s => s.Source.Id == p.Source.Id);
            var full = ReportModels.Pair(check, withText: false);
            Assert.Equal(full.Passages.Select(x => (x.Submission, x.Source)), slim.Passages.Select(x => (x.Submission, x.Source)));
            Assert.Equal(full.SubmissionCountedSyllables, slim.SubmissionCountedSyllables);
        }
    }

    [Fact]
    public void LruCache_KeepsTheMostRecentlyUsed()
    {
        var cache = new LruCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        Assert.True(cache.TryGet("a", out _)); // a is now the most recent
        cache.Set("c", 3);
        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out int a));
        Assert.Equal(1, a);
        Assert.True(cache.TryGet("c", out _));
    }
}

public class LowerCaseTableTests
{
    [Fact]
    public void Lower_IsCharToLowerInvariant_ForEveryUtf16Unit()
    {
        for (int c = 0; c <= 0xFFFF; c++)
        {
            Assert.Equal(char.ToLowerInvariant((char)c), Similarity.Text.VietnameseSyllable.Lower((char)c));
        }
    }

    [Fact]
    public void LegacyDetect_UnicodeVietnamese_AnsweredWithoutDecoding()
    {
        var d = Ingest.Legacy.LegacyDetector.Detect("Trường Tiểu học Hoa Sen – năm học 2024–2025");
        Assert.Equal(Ingest.Legacy.LegacyEncoding.None, d.Encoding);
        Assert.True(double.IsNaN(d.ScoreAsIs));
    }
}
