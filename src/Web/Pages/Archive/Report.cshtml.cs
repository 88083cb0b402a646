using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SimilarityEngine.Engine;

namespace SimilarityEngine.Web.Pages.Archive;

/// <summary>One stored report with its matches in both directions.</summary>
public sealed class ReportModel(SimEngine engine, IOptions<ServeOptions> options) : PageModel
{
    /// <summary>The report and its matches.</summary>
    public ReportMatches? Matches { get; private set; }

    /// <summary>Pairs where it copied.</summary>
    public IReadOnlyList<ReportModels.PairJson> CopiedFrom { get; private set; } = [];

    /// <summary>Pairs where it was copied.</summary>
    public IReadOnlyList<ReportModels.PairJson> CopiedBy { get; private set; } = [];

    /// <summary>Shows the report.</summary>
    public IActionResult OnGet(string? id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || engine.MatchesOf(options.Value.Index, id, ct) is not { } m)
        {
            return NotFound();
        }
        Matches = m;
        CopiedFrom = m.CopiedFrom.Select(p => ReportModels.Pair(p, withText: false)).ToList();
        CopiedBy = m.CopiedBy.Select(p => ReportModels.Pair(p, withText: false)).ToList();
        return Page();
    }
}
