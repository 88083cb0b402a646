using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SimilarityEngine.Engine;
using SimilarityEngine.Reports;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Jobs;

namespace SimilarityEngine.Web.Pages.Checks;

/// <summary>A check: its progress while it runs, then the report with the reviewers' decisions.</summary>
public sealed class ReportModel(WebStore store, JobRunner runner, CheckReviews reviews) : PageModel
{
    /// <summary>The job.</summary>
    public Job? Job { get; private set; }

    /// <summary>The report (when done).</summary>
    public CheckView? View { get; private set; }

    /// <summary>The audit entries of this check.</summary>
    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    /// <summary>The error shown.</summary>
    public string? Error { get; private set; }

    /// <summary>May decide and archive.</summary>
    public bool CanReview => User.IsInRole(Roles.Reviewer) || User.IsInRole(Roles.Admin);

    /// <summary>The current pair of a source (after decisions), or null when it was excluded.</summary>
    public ReportModels.PairJson? CurrentOf(string sourceId) => View?.Current.Sources.FirstOrDefault(s => s.Source.Id == sourceId);

    /// <summary>The decision that excluded a source or passage, or null.</summary>
    public Decision? ExcludedBy(string sourceId, int? passage) =>
        View?.Decisions.FirstOrDefault(d => d.SourceId == sourceId && (d.Passage is null || d.Passage == passage));

    private IActionResult Load(string id)
    {
        Job = store.GetJob(id);
        if (Job is not { Kind: WebStore.Check })
        {
            return NotFound();
        }
        View = reviews.View(id);
        Audit = store.AuditLog(id);
        return Page();
    }

    /// <summary>Shows the check.</summary>
    public IActionResult OnGet(string id) => Load(id);

    /// <summary>The progress, as JSON, for the page's script.</summary>
    public IActionResult OnGetStatus(string id)
    {
        var job = store.GetJob(id);
        if (job is null)
        {
            return NotFound();
        }
        var p = runner.ProgressOf(id);
        return new JsonResult(new
        {
            status = job.Status,
            text = job.Status switch
            {
                WebStore.Queued => "Đang chờ đến lượt…",
                WebStore.Running => p is null ? "Đang xử lý…" : $"{ViewHelpers.StageVi(p.Stage)}: {p.Done}/{p.Total}",
                WebStore.Failed => "Lỗi: " + job.Error,
                _ => "Xong",
            },
        });
    }

    /// <summary>Excludes a source or one of its passages, with a reason.</summary>
    public IActionResult OnPostExclude(string id, string source, int? passage, string? reason)
    {
        if (!CanReview)
        {
            return Forbid();
        }
        try
        {
            reviews.Exclude(id, source, passage, reason ?? "", User.UserName());
            return Redirect($"/checks/{id}#decisions");
        }
        catch (ArgumentException ex)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Load(id);
        }
    }

    /// <summary>Undoes an exclusion, with a reason.</summary>
    public IActionResult OnPostUndo(string id, long decision, string? reason)
    {
        if (!CanReview)
        {
            return Forbid();
        }
        try
        {
            reviews.Undo(id, decision, reason ?? "", User.UserName());
            return Redirect($"/checks/{id}#decisions");
        }
        catch (ArgumentException ex)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Load(id);
        }
    }

    /// <summary>Adds the submission to the archive with the metadata confirmed by the reviewer.</summary>
    public IActionResult OnPostArchive(string id, string? author, string? school, string? district, string? title, string? year, string? submitted)
    {
        if (!CanReview)
        {
            return Forbid();
        }
        var job = store.GetJob(id);
        var state = job is null ? null : HttpContext.RequestServices.GetRequiredService<ResultFiles>().Read<CheckState>(id, "state");
        if (job is null || state is null)
        {
            return NotFound();
        }
        var meta = new Dictionary<string, string>
        {
            ["author"] = author ?? "",
            ["school"] = school ?? "",
            ["district"] = district ?? "",
            ["title"] = title ?? "",
            ["year"] = year ?? "",
            ["submitted"] = submitted ?? "",
        };
        try
        {
            string archived = reviews.Archive(job, state.Submission, User.UserName(), meta);
            return Redirect($"/archive/report?id={Uri.EscapeDataString(archived)}");
        }
        catch (Exception ex) when (ex is ArgumentException or Similarity.Corpus.ArchiveException)
        {
            Error = ex.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Load(id);
        }
    }

    /// <summary>The report as JSON (the engine's check contract, decisions applied).</summary>
    public IActionResult OnGetJson(string id) => reviews.View(id) is { } v
        ? File(Encoding.UTF8.GetBytes(JsonContracts.Serialize(v.Current)), "application/json", $"kiem-tra-{id}.json")
        : NotFound();

    /// <summary>The report as PDF: the self-contained HTML report (decisions applied) printed on the server.</summary>
    public IActionResult OnGetPdf(string id, CancellationToken ct)
    {
        if (reviews.ExportHtml(id) is not { } html)
        {
            return NotFound();
        }
        try
        {
            return File(PdfReport.FromHtml(html, ct: ct), "application/pdf", $"kiem-tra-{id}.pdf");
        }
        catch (PdfReportException ex)
        {
            return new ContentResult { StatusCode = StatusCodes.Status503ServiceUnavailable, Content = ex.Message, ContentType = "text/plain; charset=utf-8" };
        }
    }

    /// <summary>The self-contained HTML report (decisions applied).</summary>
    public IActionResult OnGetHtml(string id) => reviews.ExportHtml(id) is { } html
        ? File(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", $"kiem-tra-{id}.html")
        : NotFound();
}
