using BenchmarkDotNet.Attributes;
using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Benchmarks;

/// <summary>Alignment and scoring of one pair: a report against an edited, reordered copy of it.</summary>
[MemoryDiagnoser]
public class AlignBenchmarks
{
    [Params(20_000, 100_000)]
    public int Chars { get; set; }

    private MaskedDocument _a = null!;
    private MaskedDocument _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        string source = Inputs.Text(Chars, seed: 1);
        // the copy: paragraphs reversed, every 13th word dropped
        var paras = source.Split('\n').Reverse().Select(p => string.Join(' ', p.Split(' ').Where((_, i) => i % 13 != 7)));
        string copy = string.Join('\n', paras);
        var filter = new BoilerplateFilter();
        _a = filter.Apply(MatchDocument.Prepare(copy), _ => false);
        _b = filter.Apply(MatchDocument.Prepare(source), _ => false);
    }

    /// <summary>Every shingle of one side compared with every shingle of the other, then merged into runs.</summary>
    [Benchmark(Baseline = true)]
    public int QuadraticSeeds()
    {
        var a = _a.Document.Shingles;
        var b = _b.Document.Shingles;
        int seeds = 0;
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < b.Length; j++)
            {
                if (a[i] == b[j] && _a.UsableShingles[i] && _b.UsableShingles[j])
                {
                    seeds++;
                    break;
                }
            }
        }
        return seeds;
    }

    [Benchmark]
    public double SeedExtendAndScore() => new PairMatcher().Match(_a, _b).Containment;
}

/// <summary>Candidate lookup: one report's fingerprints against an index of N reports, via postings vs scanning every report.</summary>
[MemoryDiagnoser]
public class CandidateBenchmarks
{
    [Params(200, 2000)]
    public int Reports { get; set; }

    private string _dir = "";
    private ReportIndexReader _reader = null!;
    private ulong[] _query = [];
    private List<HashSet<ulong>> _all = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("simeng-bench-").FullName;
        var fp = new Similarity.Fingerprints.TextFingerprinter();
        using (var w = ReportIndexWriter.Open(_dir))
        {
            for (int i = 0; i < Reports; i++)
            {
                string text = Inputs.Text(20_000, seed: 1000 + i);
                var prints = fp.Fingerprint(text).ToArray().Select(f => f.Hash).ToArray();
                _all.Add([.. prints]);
                w.Add(new StoredReport($"r{i}", 0, $"h{i}", text, [], "", null, 2024, new Dictionary<string, string>(), 1, []), prints);
            }
            w.Commit();
        }
        _reader = ReportIndexReader.Open(_dir);
        _query = fp.Fingerprint(Inputs.Text(20_000, seed: 1000 + Reports / 2)).ToArray().Select(f => f.Hash).Distinct().ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader.Dispose();
        Directory.Delete(_dir, true);
    }

    [Benchmark(Baseline = true)]
    public int ScanEveryReport()
    {
        int best = 0;
        foreach (var set in _all)
        {
            int shared = 0;
            foreach (var q in _query)
            {
                shared += set.Contains(q) ? 1 : 0;
            }
            best = Math.Max(best, shared);
        }
        return best;
    }

    [Benchmark]
    public int Postings() => _reader.FindCandidates(_query, int.MaxValue).Count;
}

/// <summary>How common each fingerprint of one large report is, against an index written in twenty commits: one DocFreq
/// look-up per fingerprint (what check did) vs the sorted query walked forward once through each postings file (CommonAmong).</summary>
[MemoryDiagnoser]
public class CommonFingerprintBenchmarks
{
    [Params(200_000, 2_000_000)]
    public int QueryChars { get; set; }

    private string _dir = "";
    private ReportIndexReader _reader = null!;
    private ulong[] _query = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("simeng-bench-").FullName;
        var fp = new Similarity.Fingerprints.TextFingerprinter();
        using (var w = ReportIndexWriter.Open(_dir))
        {
            for (int i = 0; i < 400; i++)
            {
                string text = Inputs.Text(20_000, seed: 3000 + i);
                w.Add(new StoredReport($"r{i}", 0, $"h{i}", text, [], "", null, 2024, new Dictionary<string, string>(), 1, []),
                    fp.Fingerprint(text).ToArray().Select(f => f.Hash));
                if (i % 20 == 19)
                {
                    w.Commit(); // about twenty segments, as an index grown by many ingests has
                }
            }
            w.Commit();
        }
        _reader = ReportIndexReader.Open(_dir);
        _query = fp.Fingerprint(Inputs.Text(QueryChars, seed: 7)).ToArray().Select(f => f.Hash).Distinct().ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader.Dispose();
        Directory.Delete(_dir, true);
    }

    [Benchmark(Baseline = true)]
    public int DocFreqPerFingerprint()
    {
        int n = 0;
        foreach (var q in _query)
        {
            n += _reader.DocFreq(q) > 10 ? 1 : 0;
        }
        return n;
    }

    [Benchmark]
    public int CommonAmongSorted() => _reader.CommonAmong(_query, 10).Count;
}
