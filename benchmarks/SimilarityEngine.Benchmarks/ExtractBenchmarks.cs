using BenchmarkDotNet.Attributes;
using DocumentFormat.OpenXml.Packaging;
using SimilarityEngine.Ingest;
using UglyToad.PdfPig;

namespace SimilarityEngine.Benchmarks;

/// <summary>Extraction speed of one report: our .docx walker (reading order, fonts, legacy decoding) and PDF line builder,
/// each against the obvious one-call extraction (Body.InnerText, page.Text) that loses structure. Sizes and page counts
/// of the inputs are printed by the setup so throughput can be computed.</summary>
[MemoryDiagnoser]
public class ExtractBenchmarks
{
    [Params("vi-features.docx", "vi-tcvn3.docx", "vi-features.pdf", "vi-nfd.pdf")]
    public string File { get; set; } = "";

    private string _path = "";
    private readonly DocumentReader _reader = new();

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Inputs.RepoRoot(), "corpus-samples", File);
        var d = _reader.Read(_path);
        Console.WriteLine($"// {File}: {new FileInfo(_path).Length} bytes, {d.Source.Pages ?? 1} page(s), {d.Text.Length} characters extracted");
    }

    [Benchmark(Baseline = true)]
    public int Obvious()
    {
        if (_path.EndsWith(".docx", StringComparison.Ordinal))
        {
            using var doc = WordprocessingDocument.Open(_path, false);
            return doc.MainDocumentPart!.Document!.Body!.InnerText.Length;
        }
        using var pdf = PdfDocument.Open(_path);
        return pdf.GetPages().Sum(p => p.Text.Length);
    }

    [Benchmark]
    public int Ours() => _reader.Read(_path).Text.Length;
}
