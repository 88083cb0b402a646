using System.Text;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Benchmarks;

/// <summary>Benchmark inputs made from corpus-samples, deterministically.</summary>
public static class Inputs
{
    private static string? s_base;

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SimilarityEngine.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The canonical text of every .docx sample, joined.</summary>
    public static string SampleText()
    {
        if (s_base is not null)
        {
            return s_base;
        }
        var reader = new DocumentReader();
        var root = Path.Combine(RepoRoot(), "corpus-samples");
        var sb = new StringBuilder();
        foreach (var f in Directory.EnumerateFiles(root, "*.docx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sb.Append(reader.Read(f).Text).Append('\n');
        }
        return s_base = sb.ToString();
    }

    /// <summary>Sample text grown to <paramref name="chars"/> characters by shuffling its paragraphs with a fixed seed.</summary>
    public static string Text(int chars, int seed = 42)
    {
        var paras = SampleText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rng = new Random(seed);
        var sb = new StringBuilder(chars + 1000);
        while (sb.Length < chars)
        {
            sb.Append(paras[rng.Next(paras.Length)]).Append('\n');
        }
        return sb.ToString(0, chars);
    }

    /// <summary>The same text as TCVN3 characters.</summary>
    public static string Tcvn3(int chars) => LegacyEncoder.EncodeTcvn3(Text(chars));
}
