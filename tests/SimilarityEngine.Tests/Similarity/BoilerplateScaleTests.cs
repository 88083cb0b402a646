using System.Globalization;
using System.Text;
using SimilarityEngine.Engine;
using SimilarityEngine.Macro;

namespace SimilarityEngine.Tests;

/// <summary>Boilerplate that scales: text a family of reports shares (more of them than the cut-off) stays masked however
/// many unrelated reports the archive holds, so the same reports flag the same pairs alone and inside a large archive.</summary>
public sealed class BoilerplateScaleTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static string[] Vocabulary()
    {
        var text = string.Join('\n', Directory.EnumerateFiles(TestPaths.Samples, "*.docx", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new Ingest.DocumentReader().Read(f).Text));
        return text.Split([' ', '\n', '\t', ',', '.', ':', ';', '(', ')', '"', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.All(char.IsLetter)).Distinct().ToArray();
    }

    /// <summary>15 reports with their own bodies and one shared paragraph (a regional template, say): 15 &gt; the cut-off of 10.</summary>
    private List<ReportInput> Family(string folder)
    {
        var words = Vocabulary();
        var rng = new Random(11);
        string Para(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[rng.Next(words.Length)])) + ".";
        string shared = Para(260);
        var inputs = new List<ReportInput>();
        Directory.CreateDirectory(folder);
        for (int i = 0; i < 15; i++)
        {
            var sb = new StringBuilder("SÁNG KIẾN KINH NGHIỆM\nPHẦN I. ĐẶT VẤN ĐỀ\n");
            for (int p = 0; p < 5; p++)
            {
                sb.Append(Para(150)).Append('\n');
            }
            sb.Append(shared).Append('\n');
            string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"family{i:00}.txt"));
            File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
            inputs.Add(new ReportInput(Path.GetFileNameWithoutExtension(path), path, null, 2024, new Dictionary<string, string>()));
        }
        return inputs;
    }

    private static HashSet<(string, string)> Flagged(string index, IReadOnlySet<string> ours) =>
        new SimEngine().Screen(new ScreenRequest(index)).Flagged
            .Where(p => ours.Contains(p.Submission.Id) || ours.Contains(p.Source.Id))
            .Select(p => (p.Submission.Id, p.Source.Id)).ToHashSet();

    [Fact]
    [Trait("Category", "Slow")]
    public void SameReports_FlagTheSamePairs_AloneAndInsideALargeUnrelatedArchive()
    {
        var family = Family(Path.Combine(_dir.FullName, "family"));
        var samples = Engine.Manifest.Read(TestPaths.Sample("screen/manifest.csv"));
        var ours = family.Concat(samples).Select(r => r.Id).ToHashSet();
        var engine = new SimEngine();

        string alone = Path.Combine(_dir.FullName, "alone");
        engine.Ingest(new IngestRequest(alone, [.. samples, .. family]));
        var flaggedAlone = Flagged(alone, ours);
        Assert.Equal(new HashSet<(string, string)> { ("r2", "r1"), ("r4", "r3") }, flaggedAlone);

        // 1,600 unrelated synthetic reports: with a cut-off of 1 % of the archive (17 > 15) the family's shared paragraph
        // would stop being boilerplate and its 105 pairs would be flagged
        var (folder, _, _) = new MacroBenchmark(_dir.FullName, string.Join(' ', Vocabulary()), TextWriter.Null).Generate(1600, seed: 9);
        var unrelated = Engine.Manifest.Read(Path.Combine(folder, "manifest.csv"));
        string inside = Path.Combine(_dir.FullName, "inside");
        engine.Ingest(new IngestRequest(inside, [.. unrelated, .. samples, .. family]));
        Assert.Equal(flaggedAlone, Flagged(inside, ours));
        Assert.Equal(10, EngineOptions.Default.Boilerplate.CutOff(1620));
    }
}
