using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;

namespace SimilarityEngine.Web.Pages.Archive;

/// <summary>Full-text search of the archive.</summary>
public sealed class IndexModel(IOptions<ServeOptions> options) : PageModel
{
    /// <summary>The query.</summary>
    public ArchiveQuery Query { get; private set; } = new();

    /// <summary>The hits.</summary>
    public IReadOnlyList<ArchiveHit> Hits { get; private set; } = [];

    /// <summary>Searches.</summary>
    public void OnGet(string? q, string? title, string? author, string? school, string? district, int? year)
    {
        Query = new ArchiveQuery(q, title, author, school, district, year);
        Hits = SimEngine.Search(options.Value.Index, Query, 100);
    }
}
