using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using SimilarityEngine.Ingest.Legacy;
using SimilarityEngine.Ingest.Text;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Benchmarks;

/// <summary>Normalisation: our one-pass normaliser with offset map vs the obvious chain of string passes (no map).</summary>
[MemoryDiagnoser]
public partial class NormalizeBenchmarks
{
    [Params(10_000, 1_000_000)]
    public int Chars { get; set; }

    private string _text = "";

    [GlobalSetup]
    public void Setup() => _text = Inputs.Text(Chars).Normalize(NormalizationForm.FormD);

    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Spaces();

    [Benchmark(Baseline = true)]
    public string Obvious()
    {
        string s = _text.Normalize(NormalizationForm.FormC).Replace("\u200B", "", StringComparison.Ordinal).Replace("\u00AD", "", StringComparison.Ordinal);
        s = Spaces().Replace(s, " ");
        return VietnameseSyllable.NormalizeTones(s, ToneStyle.Traditional);
    }

    [Benchmark]
    public int OnePassWithOffsetMap() => TextNormalizer.Normalize(_text).Map.Length;
}

/// <summary>TCVN3 decoding: a 256-entry table vs a dictionary lookup per character.</summary>
[MemoryDiagnoser]
public class LegacyDecodeBenchmarks
{
    [Params(10_000, 1_000_000)]
    public int Chars { get; set; }

    private string _text = "";
    private Dictionary<char, char> _map = [];

    [GlobalSetup]
    public void Setup()
    {
        _text = Inputs.Tcvn3(Chars);
        for (int b = 0x80; b < 0x100; b++)
        {
            _map[(char)b] = LegacyDecoder.DecodeTcvn3(((char)b).ToString())[0];
        }
    }

    [Benchmark(Baseline = true)]
    public string DictionaryPerChar()
    {
        var sb = new StringBuilder();
        foreach (char c in _text)
        {
            sb.Append(_map.TryGetValue(c, out char d) ? d : c);
        }
        return sb.ToString();
    }

    [Benchmark]
    public string Table() => LegacyDecoder.DecodeTcvn3(_text);
}

/// <summary>Syllable tokenising: span scan with hashing in one pass vs Regex + lower-case strings + string hashes.</summary>
[MemoryDiagnoser]
public partial class TokenizeBenchmarks
{
    [Params(10_000, 1_000_000)]
    public int Chars { get; set; }

    private string _text = "";
    private readonly SyllableList _list = new();

    [GlobalSetup]
    public void Setup() => _text = Inputs.Text(Chars);

    [GeneratedRegex(@"\w+")]
    private static partial Regex Words();

    [Benchmark(Baseline = true)]
    public int RegexAndStrings()
    {
        int h = 0;
        foreach (Match m in Words().Matches(_text))
        {
            h ^= m.Value.ToLowerInvariant().GetHashCode(StringComparison.Ordinal);
        }
        return h;
    }

    [Benchmark]
    public int SpanTokenizer()
    {
        _list.Clear();
        SyllableTokenizer.Tokenize(_text, _list);
        return _list.Count;
    }
}
