using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Jobs;

namespace SimilarityEngine.Web.Pages;

/// <summary>The upload page: queue a check, list recent checks.</summary>
[EnableRateLimiting(WebApp.UploadPolicy)]
public sealed class IndexModel(WebStore store, Uploads uploads, IOptions<ServeOptions> options) : PageModel
{
    /// <summary>Recent checks.</summary>
    public IReadOnlyList<Job> Recent { get; private set; } = [];

    /// <summary>The error shown.</summary>
    public string? Error { get; private set; }

    /// <summary>Upload limit in MiB.</summary>
    public int MaxMb => options.Value.MaxUploadMb;

    /// <summary>The file types read, as the page says them (".docx, .doc, .odt, …").</summary>
    public static string Extensions => Ingest.DocumentFormats.ExtensionList;

    /// <summary>The file picker's filter.</summary>
    public static string Accept => string.Join(',', Ingest.DocumentFormats.Extensions);

    /// <summary>May upload.</summary>
    public bool CanReview => User.IsInRole(Roles.Reviewer) || User.IsInRole(Roles.Admin);

    /// <summary>Shows the page.</summary>
    [DisableRateLimiting]
    public void OnGet() => Recent = store.Jobs(WebStore.Check, 30);

    /// <summary>Queues a check.</summary>
    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? author, string? school, string? district, string? year, string? submitted,
        bool archive, CancellationToken ct)
    {
        if (!CanReview)
        {
            return Forbid();
        }
        Recent = store.Jobs(WebStore.Check, 30);
        if (file is null)
        {
            Error = "Chưa chọn tệp.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        void Put(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                meta[key] = value.Trim();
            }
        }
        Put("author", author);
        Put("school", school);
        Put("district", district);
        Put("year", year);
        Put("submitted", submitted);
        try
        {
            await using var stream = file.OpenReadStream();
            var job = await uploads.QueueCheckAsync(file.FileName, file.Length, stream, User.UserName(), meta, archive, ct).ConfigureAwait(false);
            return Redirect($"/checks/{job.Id}");
        }
        catch (UploadRefusedException ex)
        {
            Error = ex.Message;
            Response.StatusCode = ex.Status;
            return Page();
        }
    }
}
