using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Macro;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Tests;

/// <summary>The fingerprint postings files beside the Lucene index: what they answer is what the reports' own fingerprints
/// say, whether it comes from the files, from files merged over many commits, or computed from the stored fields (a writer
/// killed before its file, a damaged file, a restored backup, an index of an earlier version).</summary>
public sealed class PostingsTests : IDisposable
{
    private const ulong Mask = (1UL << 48) - 1;
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static string ScreenManifest => TestPaths.Sample(Path.Combine("screen", "manifest.csv"));

    private string Generated(int size)
    {
        var sample = string.Join('\n', Directory.EnumerateFiles(TestPaths.Samples, "*.docx", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new Ingest.DocumentReader().Read(f).Text));
        var (folder, _, _) = new MacroBenchmark(_dir.FullName, sample, TextWriter.Null).Generate(size, seed: 11);
        return Path.Combine(folder, "manifest.csv");
    }

    private string Postings(string index) => Path.Combine(index, "postings");

    // every live report's fingerprints and folded stream (masked as the archive keeps them), read from its stored fields
    private static Dictionary<int, HashSet<ulong>> Truth(ReportIndexReader reader) =>
        reader.Keys().ToDictionary(k => k, k => StoredFingerprints.Keys(reader.ReadScreenRecord(k).Fingerprints).Select(h => h & Mask).ToHashSet());

    // the index's answers equal a brute-force count over the reports' own fingerprints
    private static void AssertAnswersMatchTruth(ReportIndexReader reader, Dictionary<int, HashSet<ulong>> truth)
    {
        var df = new Dictionary<ulong, int>();
        foreach (var fp in truth.Values.SelectMany(s => s))
        {
            df[fp] = df.GetValueOrDefault(fp) + 1;
        }
        Assert.Equal(df.Count, reader.FingerprintTerms);
        const int CutOff = 3;
        var census = reader.Census(CutOff);
        Assert.Equal(df.Count(p => p.Value > CutOff), census.CommonCount);
        Assert.Equal(df.Count(p => p.Value >= 2 && p.Value <= CutOff), census.SharedCount);
        foreach (var (fp, n) in df)
        {
            Assert.Equal(n > CutOff, census.IsCommon(fp));
            Assert.Equal(n >= 2 && n <= CutOff, census.IsShared(fp));
        }
        foreach (var (key, fps) in truth.Where((_, i) => i % 7 == 0))
        {
            var expected = new Dictionary<int, int>();
            foreach (var fp in fps.Where(f => df[f] <= 20))
            {
                foreach (var (other, theirs) in truth)
                {
                    if (theirs.Contains(fp))
                    {
                        expected[other] = expected.GetValueOrDefault(other) + 1;
                    }
                }
            }
            Assert.Equal(expected.OrderBy(p => p.Key), reader.FindCandidates(fps, 20).OrderBy(p => p.Key));
            Assert.Equal(fps.Where(f => df[f] > CutOff).Order(), reader.CommonAmong(fps, CutOff).Order());
            var one = fps.First();
            Assert.Equal(df[one], reader.DocFreq(one));
        }
    }

    private static void CopyIndex(string from, string to, bool withPostings)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        if (withPostings)
        {
            Directory.CreateDirectory(Path.Combine(to, "postings"));
            foreach (var f in Directory.GetFiles(Path.Combine(from, "postings")))
            {
                File.Copy(f, Path.Combine(to, "postings", Path.GetFileName(f)));
            }
        }
    }

    [Fact]
    public void Postings_ManyCommitsMerged_AnswerWhatTheReportsHold_SameAsComputedFromStoredFields()
    {
        string index = Path.Combine(_dir.FullName, "index");
        new SimEngine().Ingest(new IngestRequest(index, Engine.Manifest.Read(Generated(300))) { CommitEvery = 5 });
        // 60 commits, one file each, merged by eights (small files into one): the last few stay apart, so lookups span runs
        int files = Directory.GetFiles(Postings(index), "*.fpp").Length;
        Assert.InRange(files, 2, 8);
        Assert.DoesNotContain(Directory.GetFiles(Postings(index)), f => !f.EndsWith(".fpp", StringComparison.Ordinal));
        string bare = Path.Combine(_dir.FullName, "bare");
        CopyIndex(index, bare, withPostings: false);
        using var a = ReportIndexReader.Open(index);
        using var b = ReportIndexReader.Open(bare);
        Assert.Equal(300, a.Count);
        Assert.Equal(0, a.PostingsComputed);
        Assert.Equal(300, b.PostingsComputed);
        var truth = Truth(a);
        AssertAnswersMatchTruth(a, truth);
        AssertAnswersMatchTruth(b, truth);
    }

    [Fact]
    public void Postings_ReplacedReport_ItsOldFingerprintsNoLongerCount()
    {
        string index = Path.Combine(_dir.FullName, "index");
        var engine = new SimEngine();
        var inputs = Engine.Manifest.Read(ScreenManifest);
        engine.Ingest(new IngestRequest(index, inputs));
        HashSet<ulong> before;
        using (var r = ReportIndexReader.Open(index))
        {
            before = Truth(r)[r.Ids().Single(i => i.Id == "r5").DocNumber];
        }
        // r5 again, with another text: the old version's postings stay in their file but name a replaced report
        string other = Path.Combine(_dir.FullName, "r5.txt");
        File.WriteAllText(other, "SÁNG KIẾN KINH NGHIỆM\n" + ParaphraseTests.P3 + "\n" + ParaphraseTests.P4 + "\n");
        engine.Ingest(new IngestRequest(index, [inputs.Single(i => i.Id == "r5") with { File = other }]) { Replace = true });
        using var reader = ReportIndexReader.Open(index);
        Assert.Equal(5, reader.Count);
        var truth = Truth(reader);
        AssertAnswersMatchTruth(reader, truth);
        var gone = before.Where(f => !truth.Values.Any(s => s.Contains(f))).ToList();
        Assert.NotEmpty(gone);
        Assert.All(gone, f => Assert.Equal(0, reader.DocFreq(f)));
        Assert.Empty(reader.FindCandidates(gone, int.MaxValue));
    }

    [Fact]
    public void Postings_WriterKilledBeforeItsFile_ReadersComputeIt_NextWriterWritesIt()
    {
        string index = Path.Combine(_dir.FullName, "index");
        new SimEngine().Ingest(new IngestRequest(index, Engine.Manifest.Read(Generated(60))) { CommitEvery = 7 });
        // the newest file gone: as if the process died between the Lucene commit and its postings file
        var newest = Directory.GetFiles(Postings(index), "*.fpp").Order(StringComparer.Ordinal).Last();
        File.Delete(newest);
        using (var reader = ReportIndexReader.Open(index))
        {
            Assert.InRange(reader.PostingsComputed, 1, 59);
            AssertAnswersMatchTruth(reader, Truth(reader));
        }
        using (ReportIndexWriter.Open(index))
        {
        }
        Assert.True(File.Exists(newest));
        using (var reader = ReportIndexReader.Open(index))
        {
            Assert.Equal(0, reader.PostingsComputed);
            AssertAnswersMatchTruth(reader, Truth(reader));
        }
    }

    [Fact]
    public void Postings_DamagedFile_CheckNamesIt_RepairWritesItAgain()
    {
        string index = Path.Combine(_dir.FullName, "index");
        new SimEngine().Ingest(new IngestRequest(index, Engine.Manifest.Read(ScreenManifest)));
        Assert.True(IndexMaintenance.Check(index).Clean);
        var file = Directory.GetFiles(Postings(index), "*.fpp").Single();
        var bytes = File.ReadAllBytes(file);
        bytes[^5] ^= 0x5A; // a record, not the header
        File.WriteAllBytes(file, bytes);
        var check = IndexMaintenance.Check(index);
        Assert.False(check.Clean);
        Assert.Equal([Path.GetFileName(file)], check.BrokenPostings);
        Assert.Contains("postings", check.Problem, StringComparison.Ordinal);
        Assert.Empty(check.BrokenSegments);
        var repair = IndexMaintenance.Repair(index);
        Assert.Equal(0, repair.Dropped);
        Assert.Equal([Path.GetFileName(file)], repair.RebuiltPostings);
        Assert.True(IndexMaintenance.Check(index).Clean);
        using var reader = ReportIndexReader.Open(index);
        Assert.Equal(0, reader.PostingsComputed);
        AssertAnswersMatchTruth(reader, Truth(reader));
    }

    [Fact]
    public void Postings_FileWithBadHeaderOrOfAnotherIndex_Ignored()
    {
        string index = Path.Combine(_dir.FullName, "index");
        string other = Path.Combine(_dir.FullName, "other");
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(index, Engine.Manifest.Read(ScreenManifest)));
        engine.Ingest(new IngestRequest(other, Engine.Manifest.Read(ScreenManifest).Take(2).ToList()));
        // the other index's file has a name this index would use (reports 0 and 1): its id keeps it out
        var theirs = Directory.GetFiles(Postings(other), "*.fpp").Single();
        var ours = Directory.GetFiles(Postings(index), "*.fpp").Single();
        File.Delete(ours);
        File.Copy(theirs, Path.Combine(Postings(index), Path.GetFileName(theirs)));
        using (var reader = ReportIndexReader.Open(index))
        {
            Assert.Equal(5, reader.PostingsComputed);
            AssertAnswersMatchTruth(reader, Truth(reader));
        }
        using (ReportIndexWriter.Open(index))
        {
            // deletes the stranger and writes this index's own file
        }
        var rewritten = Directory.GetFiles(Postings(index), "*.fpp").Single();
        var header = File.ReadAllBytes(rewritten);
        header[0] = (byte)'X';
        File.WriteAllBytes(rewritten, header);
        using (var reader = ReportIndexReader.Open(index))
        {
            Assert.Equal(5, reader.PostingsComputed);
            AssertAnswersMatchTruth(reader, Truth(reader));
        }
    }

    [Fact]
    public void Postings_IndexOfAnEarlierVersion_ScreenedAndChecked_ThenWrittenByTheNextWriter()
    {
        // corpus-samples/old-index: the five screen samples ingested by simeng 2790b3c (fingerprints as Lucene terms only)
        string index = Path.Combine(_dir.FullName, "old");
        CopyIndex(TestPaths.Sample("old-index"), index, withPostings: false);
        var engine = new SimEngine();
        Dictionary<int, int> before;
        var r2 = Engine.Manifest.Read(ScreenManifest).Single(i => i.Id == "r2");
        var r2Fingerprints = new MatchFingerprinter(new BoilerplateFilter()).Fingerprint(new Ingest.DocumentReader().Read(r2.File).Text, null, out _).ToArray()
            .Select(f => f.Hash).ToArray();
        using (var reader = ReportIndexReader.Open(index))
        {
            Assert.Equal(5, reader.Count);
            Assert.Equal(5, reader.PostingsComputed);
            before = reader.FindCandidates(r2Fingerprints, 20);
            Assert.NotEmpty(before);
        }
        var screen = engine.Screen(new ScreenRequest(index));
        Assert.Equal([("r2", "r1"), ("r4", "r3")], screen.Flagged.Select(p => (p.Submission.Id, p.Source.Id)).Order());
        Assert.Contains(engine.Check(new CheckRequest(index, r2.File)).Sources, s => s.Source.Id == "r1");
        using (ReportIndexWriter.Open(index))
        {
        }
        Assert.Single(Directory.GetFiles(Postings(index), "*.fpp"));
        using (var reader = ReportIndexReader.Open(index))
        {
            Assert.Equal(0, reader.PostingsComputed);
            Assert.Equal(before.OrderBy(p => p.Key), reader.FindCandidates(r2Fingerprints, 20).OrderBy(p => p.Key));
        }
        Assert.True(IndexMaintenance.Check(index).Clean);
    }

    [Fact]
    public void Backup_CopiesThePostingsFiles()
    {
        string index = Path.Combine(_dir.FullName, "index");
        new SimEngine().Ingest(new IngestRequest(index, Engine.Manifest.Read(ScreenManifest)));
        string backup = Path.Combine(_dir.FullName, "backup");
        IndexMaintenance.Backup(index, backup);
        Assert.Equal(Directory.GetFiles(Postings(index)).Select(Path.GetFileName), Directory.GetFiles(Postings(backup)).Select(Path.GetFileName));
        using var reader = ReportIndexReader.Open(backup);
        Assert.Equal(0, reader.PostingsComputed);
        AssertAnswersMatchTruth(reader, Truth(reader));
    }
}
