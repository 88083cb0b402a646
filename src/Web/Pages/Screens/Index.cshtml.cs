using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Jobs;

namespace SimilarityEngine.Web.Pages.Screens;

/// <summary>Start a screen of a year; list screens.</summary>
public sealed class IndexModel(WebStore store, Uploads uploads) : PageModel
{
    /// <summary>Recent screens.</summary>
    public IReadOnlyList<Job> Recent { get; private set; } = [];

    /// <summary>The error shown.</summary>
    public string? Error { get; private set; }

    /// <summary>May start screens.</summary>
    public bool CanReview => User.IsInRole(Roles.Reviewer) || User.IsInRole(Roles.Admin);

    /// <summary>Shows the page.</summary>
    public void OnGet() => Recent = store.Jobs(WebStore.Screen, 30);

    /// <summary>Queues a screen.</summary>
    [EnableRateLimiting(WebApp.UploadPolicy)]
    public IActionResult OnPost(string? year)
    {
        if (!CanReview)
        {
            return Forbid();
        }
        Recent = store.Jobs(WebStore.Screen, 30);
        int? y = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!int.TryParse(year, System.Globalization.CultureInfo.InvariantCulture, out int v))
            {
                Error = "Năm học phải là số, vd. 2024.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
            y = v;
        }
        try
        {
            var job = uploads.QueueScreen(y, User.UserName());
            return Redirect($"/screens/{job.Id}");
        }
        catch (UploadRefusedException ex)
        {
            Error = ex.Message;
            Response.StatusCode = ex.Status;
            return Page();
        }
    }
}
