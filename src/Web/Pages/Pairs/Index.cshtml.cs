using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SimilarityEngine.Engine;

namespace SimilarityEngine.Web.Pages.Pairs;

/// <summary>Two archived reports side by side (a screen's flagged pair, an archive report's match): computed from the
/// archive, no upload needed. The later report is the submission.</summary>
public sealed class IndexModel(SimEngine engine, IOptions<ServeOptions> options) : PageModel
{
    /// <summary>The pair, with its texts; null when the two share nothing.</summary>
    public ReportModels.PairJson? Pair { get; private set; }

    /// <summary>The two ids asked for.</summary>
    public (string A, string B) Asked { get; private set; }

    /// <summary>Shows the pair.</summary>
    public IActionResult OnGet(string? a, string? b, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b) || a == b)
        {
            return BadRequest();
        }
        Asked = (a, b);
        var pair = engine.ComparePair(options.Value.Index, a, b, ct);
        if (pair is null)
        {
            return NotFound();
        }
        Pair = pair.Pair is { Score.Passages.Count: > 0 } ? pair.Json() : null;
        return Page();
    }
}
