using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SimilarityEngine.Engine;
using SimilarityEngine.Similarity.Corpus;

namespace SimilarityEngine.Web.Pages.Archive;

/// <summary>Full-text search of the archive.</summary>
public sealed class IndexModel(IOptions<ServeOptions> options, SimEngine engine, Jobs.SearchGate gate) : PageModel
{
    /// <summary>The query.</summary>
    public ArchiveQuery Query { get; private set; } = new();

    /// <summary>The hits.</summary>
    public IReadOnlyList<ArchiveHit> Hits { get; private set; } = [];

    /// <summary>Hits per page.</summary>
    public const int PageSize = 20;

    /// <summary>The page shown (1-based).</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>True when another page follows.</summary>
    public bool HasNext { get; private set; }

    /// <summary>The address of another page of the same search.</summary>
    public string PageLink(int page)
    {
        var args = new List<string>();
        void Add(string k, object? v)
        {
            if (v is not null && v.ToString() is { Length: > 0 } text)
            {
                args.Add(k + "=" + Uri.EscapeDataString(text));
            }
        }
        Add("q", Query.Text);
        Add("title", Query.Title);
        Add("author", Query.Author);
        Add("school", Query.School);
        Add("district", Query.District);
        Add("year", Query.Year);
        Add("trang", page); // not "page": Razor Pages keeps that name for the page's own route value
        return "/archive?" + string.Join("&", args);
    }

    /// <summary>Searches; 50 hits a page.</summary>
    public async Task OnGetAsync(string? q, string? title, string? author, string? school, string? district, int? year, int? trang)
    {
        Query = new ArchiveQuery(q, title, author, school, district, year);
        PageNumber = Math.Clamp(trang ?? 1, 1, 10_000);
        var hits = await gate.Run(() => engine.Search(options.Value.Index, Query, PageSize + 1, (PageNumber - 1) * PageSize), HttpContext.RequestAborted);
        HasNext = hits.Count > PageSize;
        Hits = hits.Take(PageSize).ToList();
    }
}
