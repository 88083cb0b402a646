using System.Globalization;
using System.Text;
using SimilarityEngine.Engine;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Tests;

/// <summary>Families of copies count once towards the boilerplate cut-off: a report copied by more teachers than the
/// cut-off is flagged in every pair (it was masked whole as boilerplate), while text that many unrelated reports share
/// stays boilerplate, also when a family of copies holds it too.</summary>
public sealed class FamilyTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static readonly string s_report = new Ingest.DocumentReader().Read(TestPaths.Sample("screen/r1-doc-lop2.docx")).Text;

    private static string[] Vocabulary() =>
        string.Join('\n', Directory.EnumerateFiles(TestPaths.Samples, "*.docx", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => new Ingest.DocumentReader().Read(f).Text))
            .Split([' ', '\n', '\t', ',', '.', ':', ';', '(', ')', '"', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.All(char.IsLetter)).Distinct().ToArray();

    private readonly Random _rng = new(5);
    private string[]? _words;

    private string Para(int n)
    {
        _words ??= Vocabulary();
        return string.Join(' ', Enumerable.Range(0, n).Select(_ => _words[_rng.Next(_words.Length)])) + ".";
    }

    private ReportInput Write(string id, string text, int day)
    {
        string path = Path.Combine(_dir.FullName, "in", id + ".txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        var submitted = new DateOnly(2024, 1, 1).AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new ReportInput(id, path, submitted, 2024, new Dictionary<string, string>());
    }

    private static HashSet<(string, string)> AllPairs(IEnumerable<string> ids)
    {
        var list = ids.Order(StringComparer.Ordinal).ToList();
        var pairs = new HashSet<(string, string)>();
        for (int i = 0; i < list.Count; i++)
        {
            for (int j = i + 1; j < list.Count; j++)
            {
                pairs.Add((list[i], list[j]));
            }
        }
        return pairs;
    }

    private static HashSet<(string, string)> Unordered(IEnumerable<PairResult> pairs) =>
        pairs.Select(p => string.CompareOrdinal(p.Submission.Id, p.Source.Id) < 0 ? (p.Submission.Id, p.Source.Id) : (p.Source.Id, p.Submission.Id)).ToHashSet();

    [Fact]
    public void Share_CountsOverTheSmallerReport()
    {
        ulong[] a = [1, 2, 3, 4, 5, 6, 7, 8];
        ulong[] b = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20];
        Assert.Equal(0.5, CopyFamilies.Share(a, b));
        Assert.Equal(1.0, CopyFamilies.Share([2, 4], b));
        Assert.Equal(0.0, CopyFamilies.Share([], b));
    }

    [Fact]
    public void Signature_MeetsForHalfShared_NotForUnrelated()
    {
        var rng = new Random(3);
        ulong[] Keys(int n) => Enumerable.Range(0, n).Select(_ => (ulong)rng.NextInt64()).ToArray();
        static HashSet<ulong> Bands(ulong[] keys)
        {
            var bands = new ulong[CopyFamilies.Bands];
            int n = CopyFamilies.Signature(keys, bands);
            return bands.Take(n).ToHashSet();
        }
        int met = 0;
        int unrelatedMet = 0;
        for (int t = 0; t < 200; t++)
        {
            // two reports of 300 keys sharing 150 (share 0.5, resemblance 1/3): the weakest pair a family joins
            var common = Keys(150);
            var a = common.Concat(Keys(150)).ToArray();
            var b = common.Concat(Keys(150)).ToArray();
            met += Bands(a).Overlaps(Bands(b)) ? 1 : 0;
            unrelatedMet += Bands(Keys(300)).Overlaps(Bands(Keys(300))) ? 1 : 0;
        }
        Assert.True(met >= 190, $"half-shared pairs meeting in a band: {met} of 200");
        Assert.Equal(0, unrelatedMet);
    }

    [Fact]
    public void SoldReport_CopiedByTwelve_IsFlaggedInEveryPair_AndInCheck()
    {
        // one report handed to 12 teachers (more than the cut-off of 10): before families counted once, all its text was
        // boilerplate and screen flagged nothing
        var inputs = Enumerable.Range(1, 12).Select(i => Write($"copy{i:00}", s_report, i)).ToList();
        string index = Path.Combine(_dir.FullName, "idx");
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(index, inputs));
        var screen = engine.Screen(new ScreenRequest(index));
        Assert.Equal(AllPairs(inputs.Select(r => r.Id)), Unordered(screen.Flagged));
        Assert.All(screen.Flagged, p => Assert.Equal(Verdict.NearDuplicate, p.Verdict));

        // a 13th copy, checked: every earlier copy is a source
        string q = Path.Combine(_dir.FullName, "copy13.txt");
        File.WriteAllText(q, s_report + "\nTôi xin cam đoan sáng kiến này do tôi tự viết.\n", new UTF8Encoding(false));
        var check = engine.Check(new CheckRequest(index, q));
        Assert.Equal(inputs.Select(r => r.Id).Order(StringComparer.Ordinal), check.Sources.Select(p => p.Source.Id).Order(StringComparer.Ordinal));
        Assert.All(check.Sources, p => Assert.True(p.Score.Containment > 0.95, $"{p.Source.Id}: {p.Score.Containment}"));
    }

    [Fact]
    public void HalfCopyOfAFamilyMember_IsFlagged_InScreenAndCheck()
    {
        // 12 copies of one report, and a later report made of its first half and a half of its own
        var inputs = Enumerable.Range(1, 12).Select(i => Write($"copy{i:00}", s_report, i)).ToList();
        var lines = s_report.Split('\n');
        string half = string.Join('\n', lines.Take(lines.Length / 2)) + "\n" + string.Join('\n', Enumerable.Range(0, 3).Select(_ => Para(110)));
        var late = Write("half", half, 30);
        string index = Path.Combine(_dir.FullName, "idx");
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(index, [.. inputs, late]));
        var screen = engine.Screen(new ScreenRequest(index));
        var ofHalf = screen.Flagged.Where(p => p.Submission.Id == "half").ToList();
        Assert.Equal(inputs.Select(r => r.Id).Order(StringComparer.Ordinal), ofHalf.Select(p => p.Source.Id).Order(StringComparer.Ordinal));
        Assert.All(ofHalf, p => Assert.InRange(p.Score.Containment, 0.25, 0.75));

        // the same file checked against the 12 copies alone
        string only = Path.Combine(_dir.FullName, "only");
        engine.Ingest(new IngestRequest(only, inputs));
        var check = engine.Check(new CheckRequest(only, late.File));
        Assert.Equal(12, check.Sources.Count);
        Assert.All(check.Sources, p => Assert.InRange(p.Score.Containment, 0.25, 0.75));
    }

    [Fact]
    public void PassageOfManyUnrelatedReports_StaysBoilerplate_EvenWhenAFamilyHoldsItToo()
    {
        // a long passage (a law, say) in 12 copies of one report and in 14 unrelated reports: 26 reports, 15 once the
        // copies count once, still over the cut-off; the copies are flagged with each other, nothing else is
        string passage = Para(260);
        var copies = Enumerable.Range(1, 12).Select(i => Write($"copy{i:00}", s_report + "\n" + passage + "\n", i)).ToList();
        var unrelated = Enumerable.Range(1, 14).Select(i =>
            Write($"other{i:00}", "SÁNG KIẾN KINH NGHIỆM\nPHẦN I. ĐẶT VẤN ĐỀ\n" + string.Join('\n', Enumerable.Range(0, 4).Select(_ => Para(150))) + "\n" + passage + "\n", 20 + i)).ToList();
        string index = Path.Combine(_dir.FullName, "idx");
        var engine = new SimEngine();
        engine.Ingest(new IngestRequest(index, [.. copies, .. unrelated]));
        var screen = engine.Screen(new ScreenRequest(index));
        Assert.Equal(AllPairs(copies.Select(r => r.Id)), Unordered(screen.Flagged));
        // the passage is not counted as copied between copies either: they match on the report's own text
        Assert.All(screen.Flagged, p => Assert.Equal(Verdict.NearDuplicate, p.Verdict));

        // checked from outside, an unrelated report carrying the passage finds nothing
        string q = Path.Combine(_dir.FullName, "q.txt");
        File.WriteAllText(q, "SÁNG KIẾN KINH NGHIỆM\nPHẦN I. ĐẶT VẤN ĐỀ\n" + Para(150) + "\n" + Para(150) + "\n" + passage + "\n", new UTF8Encoding(false));
        Assert.Empty(engine.Check(new CheckRequest(index, q)).Sources);
    }
}
