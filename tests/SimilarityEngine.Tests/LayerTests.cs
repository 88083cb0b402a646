using System.Reflection;

namespace SimilarityEngine.Tests;

/// <summary>The project graph stays one-way, as the compiled assemblies record it (an assembly references another only when
/// its code uses a type of it): front ends reach the archive through the Engine's port, renderers stay out of the Engine.</summary>
public sealed class LayerTests
{
    private static string[] References(Type inAssembly) =>
        inAssembly.Assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("SimilarityEngine.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Assemblies_ReferenceOnlyTheLayersBelowThem_WebNeverTheIndex()
    {
        // the web application: the Engine's API, the shared report components, the contracts; never the Lucene index
        var web = References(typeof(Web.WebApp));
        Assert.DoesNotContain("SimilarityEngine.Indexing", web);
        Assert.Contains("SimilarityEngine.Engine", web);
        Assert.Contains("SimilarityEngine.Reports", web);
        // the renderers sit above the Engine: the Engine knows none of them
        Assert.DoesNotContain("SimilarityEngine.Reports", References(typeof(Engine.SimEngine)));
        Assert.DoesNotContain("SimilarityEngine.Web", References(typeof(Reports.HtmlReport)));
        // matching is pure: no index, no file reading
        Assert.Empty(References(typeof(Similarity.Corpus.StoredReport)));
        Assert.DoesNotContain("SimilarityEngine.Indexing", References(typeof(Ingest.DocumentReader)));
    }
}
