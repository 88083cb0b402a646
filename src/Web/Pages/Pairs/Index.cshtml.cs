using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SimilarityEngine.Engine;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Jobs;

namespace SimilarityEngine.Web.Pages.Pairs;

/// <summary>Two archived reports side by side (a screen's flagged pair, an archive report's match): computed from the
/// archive, no upload needed. The later report is the submission. Opened from a finished screen, a reviewer can exclude a
/// passage everywhere (an official quotation): it becomes an official text and the screen is run again.</summary>
public sealed class IndexModel(OfficialTexts official, WebStore store, JobRunner runner, IOptions<ServeOptions> options) : PageModel
{
    /// <summary>The pair, with its texts; null when the two share nothing.</summary>
    public ReportModels.PairJson? Pair { get; private set; }

    /// <summary>The two ids asked for.</summary>
    public (string A, string B) Asked { get; private set; }

    /// <summary>The finished screen the pair was opened from, or null.</summary>
    public Job? Screen { get; private set; }

    /// <summary>The error shown.</summary>
    public string? Error { get; private set; }

    /// <summary>May exclude passages.</summary>
    public bool CanReview => User.IsInRole(Roles.Reviewer) || User.IsInRole(Roles.Admin);

    private IActionResult Load(string? a, string? b, string? screen, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b) || a == b)
        {
            return BadRequest();
        }
        Asked = (a, b);
        Screen = string.IsNullOrEmpty(screen) ? null : store.GetJob(screen) is { Kind: WebStore.Screen, Status: WebStore.Done } j ? j : null;
        var pair = official.Engine.ComparePair(options.Value.Index, a, b, ct);
        if (pair is null)
        {
            return NotFound();
        }
        Pair = pair.Pair is { Score.Passages.Count: > 0 } ? pair.Json() : null;
        return Page();
    }

    /// <summary>Shows the pair.</summary>
    public IActionResult OnGet(string? a, string? b, string? screen, CancellationToken ct) => Load(a, b, screen, ct);

    /// <summary>Excludes one passage everywhere: its text becomes an official text, the screen runs again.</summary>
    public IActionResult OnPostExclude(string? a, string? b, string? screen, int passage, string? reason, CancellationToken ct)
    {
        if (!CanReview)
        {
            return Forbid();
        }
        var page = Load(a, b, screen, ct);
        if (page is not PageResult)
        {
            return page;
        }
        if (Screen is null || Pair is null || passage < 1 || passage > Pair.Passages.Count)
        {
            Error = Screen is null ? "Chỉ loại trừ được từ một lượt rà soát đã xong." : "Không có đoạn này.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        var ps = Pair.Passages[passage - 1];
        try
        {
            official.Add($"Đoạn {passage} của {Pair.Submission.Id} ← {Pair.Source.Id} ({ps.Submission.Section})", ps.Submission.Text, reason ?? "",
                User.UserName(), Screen.Id);
        }
        catch (ArgumentException ex)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        store.RequeueScreen(Screen.Id);
        runner.Wake();
        return Redirect($"/screens/{Screen.Id}");
    }
}
