using System.IO.Hashing;
using System.Text;
using BenchmarkDotNet.Attributes;
using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Benchmarks;

/// <summary>The fingerprint path, canonical text → winnowed fingerprints. Target ≥ 50 MB/s per core, no allocation per shingle.</summary>
[MemoryDiagnoser]
public class FingerprintBenchmarks
{
    [Params(12_000, 100_000, 1_000_000)]
    public int Chars { get; set; }

    private string _text = "";
    private readonly TextFingerprinter _fingerprinter = new();
    private readonly MatchFingerprinter _ingest = new(new BoilerplateFilter());

    [GlobalSetup]
    public void Setup()
    {
        _text = Inputs.Text(Chars);
        _fingerprinter.Fingerprint(_text); // warm the buffers: steady state
        _ingest.Encode(_text, s_masked);
    }

    /// <summary>Split, join k syllables into a string, hash its UTF-8 bytes, take each window's minimum with LINQ.</summary>
    [Benchmark(Baseline = true)]
    public int Obvious()
    {
        var words = _text.ToLowerInvariant().Split([' ', '\n', '\t', ',', '.', ':', ';', '(', ')', '"', '-'], StringSplitOptions.RemoveEmptyEntries);
        var shingles = new List<ulong>();
        for (int i = 0; i + 5 <= words.Length; i++)
        {
            shingles.Add(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(string.Join(' ', words, i, 5))));
        }
        var selected = new HashSet<(ulong, int)>();
        for (int i = 0; i + 6 <= shingles.Count; i++)
        {
            var window = shingles.Skip(i).Take(6).Select((h, j) => (h, i + j)).ToList();
            ulong min = window.Min(x => x.h);
            selected.Add(window.Last(x => x.h == min));
        }
        return selected.Count;
    }

    [Benchmark]
    public int TextFingerprinter() => _fingerprinter.Fingerprint(_text).Length;

    private static readonly string[] s_masked = ["Trần Thị Mai", "Trường Tiểu học Hoa Sen"];

    /// <summary>The same path with the report's author and school masked.</summary>
    [Benchmark]
    public int WithMasking() => _fingerprinter.Fingerprint(_text, s_masked).Length;

    /// <summary>Exactly what ingest (and screen, for reports stored without them) runs: <c>IngestService.Prepare</c> →
    /// <see cref="MatchFingerprinter.Encode"/>, i.e. fingerprints with the author and school masked, the ruled-out flags
    /// (template, repeats, quotations and references) and the stored encoding. Its one allocation per report is the
    /// encoded output (about 10 bytes per fingerprint) and the section list.</summary>
    [Benchmark]
    public int IngestPath() => _ingest.Encode(_text, s_masked).Length;
}

/// <summary>Winnowing alone: the monotone scan vs recomputing every window's minimum.</summary>
[MemoryDiagnoser]
public class WinnowingBenchmarks
{
    [Params(10_000, 1_000_000)]
    public int Shingles { get; set; }

    private ulong[] _hashes = [];
    private Fingerprint[] _out = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _hashes = Enumerable.Range(0, Shingles).Select(_ => (ulong)rng.NextInt64()).ToArray();
        _out = new Fingerprint[Shingles];
    }

    [Benchmark(Baseline = true)]
    public int EveryWindow()
    {
        int count = 0;
        int last = -1;
        for (int s = 0; s + 6 <= _hashes.Length; s++)
        {
            int min = s;
            for (int i = s + 1; i < s + 6; i++)
            {
                if (_hashes[i] <= _hashes[min])
                {
                    min = i;
                }
            }
            if (min != last)
            {
                _out[count++] = new Fingerprint(_hashes[min], min);
                last = min;
            }
        }
        return count;
    }

    [Benchmark]
    public int Robust() => WinnowingFingerprinter.Fingerprint(_hashes, 6, _out);
}
