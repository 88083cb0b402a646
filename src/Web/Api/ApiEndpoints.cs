using SimilarityEngine.Engine;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Jobs;
using SimilarityEngine.Web.Security;

namespace SimilarityEngine.Web.Api;

/// <summary>The HTTP API for provincial systems: bearer-token clients, the engine's JSON contracts.</summary>
public static class ApiEndpoints
{
    // the metadata a check upload may carry as form fields
    private static readonly string[] s_metadataFields = ["author", "school", "district", "title", "year", "submitted"];

    /// <summary>A job's state as the API reports it.</summary>
    public sealed record JobStatus(string Id, string Kind, string Status, string? Stage, int? Done, int? Total, string? Error, string StatusUrl,
        string? ReportUrl, DateTime Created, DateTime? Finished);

    /// <summary>An error body.</summary>
    public sealed record ApiError(string Error);

    /// <summary>Maps <c>/api/…</c>.</summary>
    public static void MapApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api").RequireAuthorization(Policies.ApiRead).DisableAntiforgery().WithTags("SimilarityEngine");

        api.MapPost("/checks", async (HttpRequest request, Uploads uploads, CancellationToken ct) =>
        {
            if (!request.HasFormContentType)
            {
                return Results.BadRequest(new ApiError("hãy gửi multipart/form-data có phần 'file' (tệp báo cáo)"));
            }
            var form = await request.ReadFormAsync(ct).ConfigureAwait(false);
            if (form.Files["file"] is not { } file)
            {
                return Results.BadRequest(new ApiError("thiếu phần 'file': chưa có tệp báo cáo nào được gửi"));
            }
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in s_metadataFields)
            {
                if (form[key].ToString() is { Length: > 0 } v)
                {
                    meta[key] = v;
                }
            }
            bool archive = form["archive"].ToString() is "true" or "1" or "on";
            try
            {
                await using var stream = file.OpenReadStream();
                var job = await uploads.QueueCheckAsync(file.FileName, file.Length, stream, request.HttpContext.User.UserName(), meta, archive, ct).ConfigureAwait(false);
                return Results.Accepted($"/api/checks/{job.Id}", Status(job, null));
            }
            catch (UploadRefusedException ex)
            {
                return Results.Json(new ApiError(ex.Message), statusCode: ex.Status);
            }
        }).RequireAuthorization(Policies.ApiReview).RequireRateLimiting(WebApp.UploadPolicy)
          .Accepts<CheckUpload>("multipart/form-data")
          .Produces<JobStatus>(StatusCodes.Status202Accepted).Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType)
          .Produces(StatusCodes.Status413PayloadTooLarge).WithSummary("Queue a check of one submission (multipart: file, author, school, district, title, year, submitted, archive)");

        api.MapGet("/checks/{id}", (string id, WebStore store, JobRunner runner) =>
            store.GetJob(id) is { Kind: WebStore.Check } job ? Results.Ok(Status(job, runner.ProgressOf(id))) : Results.NotFound(new ApiError("không có lượt kiểm tra với mã này")))
            .Produces<JobStatus>().WithSummary("A check's status");

        api.MapGet("/checks/{id}/report", (string id, CheckReviews reviews) =>
            reviews.View(id) is { } view
                ? Results.Text(JsonContracts.Serialize(view.Current), "application/json; charset=utf-8")
                : Results.NotFound(new ApiError("chưa có lượt kiểm tra đã xong với mã này")))
            .Produces<ReportModels.CheckJson>().WithSummary("A finished check's report (the engine's check contract, reviewers' exclusions applied)");

        api.MapPost("/screens", (ScreenStart body, HttpContext ctx, Uploads uploads) =>
        {
            try
            {
                var job = uploads.QueueScreen(body.Year, ctx.User.UserName());
                return Results.Accepted($"/api/screens/{job.Id}", Status(job, null));
            }
            catch (UploadRefusedException ex)
            {
                return Results.Json(new ApiError(ex.Message), statusCode: ex.Status);
            }
        }).RequireAuthorization(Policies.ApiReview).RequireRateLimiting(WebApp.UploadPolicy)
          .Produces<JobStatus>(StatusCodes.Status202Accepted).WithSummary("Queue a screen of a school year (null: every year)");

        api.MapGet("/screens/{id}", (string id, WebStore store, JobRunner runner) =>
            store.GetJob(id) is { Kind: WebStore.Screen } job ? Results.Ok(Status(job, runner.ProgressOf(id))) : Results.NotFound(new ApiError("không có lượt sàng lọc với mã này")))
            .Produces<JobStatus>().WithSummary("A screen's status");

        api.MapGet("/screens/{id}/report", (string id, WebStore store, ResultFiles results) =>
            store.GetJob(id) is { Kind: WebStore.Screen, Status: WebStore.Done } && results.Read<ReportModels.ScreenJson>(id, "screen") is { } screen
                ? Results.Text(JsonContracts.Serialize(screen), "application/json; charset=utf-8")
                : Results.NotFound(new ApiError("chưa có lượt sàng lọc đã xong với mã này")))
            .Produces<ReportModels.ScreenJson>().WithSummary("A finished screen's report (the engine's screen contract)");

        api.MapGet("/pairs", (string? a, string? b, Jobs.OfficialTexts official, IServiceProvider sp, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b) || a == b)
            {
                return Results.BadRequest(new ApiError("cần hai mã báo cáo khác nhau: /api/pairs?a=MÃ&b=MÃ"));
            }
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServeOptions>>().Value;
            return official.Engine.ComparePair(options.Index, a, b, ct) is { } pair
                ? Results.Text(JsonContracts.Serialize(pair.Json()), "application/json; charset=utf-8")
                : Results.NotFound(new ApiError("không có báo cáo với mã này trong kho"));
        }).Produces<ReportModels.PairJson>().WithSummary("Two archived reports compared side by side: passages with both texts, word-level differences, value swaps, sections (the later one is the submission)");

        api.MapGet("/reports", async (string? q, string? title, string? author, string? school, string? district, int? year, int? page, int? limit,
            IServiceProvider sp, SimEngine engine, SearchGate gate, CancellationToken ct) =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServeOptions>>().Value;
            // pages of 20 hits, at most 50: ?page=2&limit=50
            int size = Math.Clamp(limit ?? 20, 1, 50);
            int skip = (Math.Clamp(page ?? 1, 1, 10_000) - 1) * size;
            var hits = await gate.Run(() => engine.Search(options.Index, new ArchiveQuery(q, title, author, school, district, year), size, skip), ct);
            return Results.Text(JsonContracts.Serialize(hits), "application/json; charset=utf-8");
        }).Produces<IReadOnlyList<ArchiveHit>>().WithSummary("Search the archive (words with or without diacritics)");
    }

    /// <summary>The multipart body of <c>POST /api/checks</c> (for the OpenAPI document; the endpoint reads the form
    /// itself to refuse an oversize or mislabelled file before it is stored).</summary>
    /// <param name="File">The submission (.docx, .doc, .odt, .rtf, .pdf, .txt).</param>
    /// <param name="Author">Its author, when the cover page does not say.</param>
    /// <param name="School">Its school.</param>
    /// <param name="District">Its district.</param>
    /// <param name="Title">Its title.</param>
    /// <param name="Year">The school year it was submitted for (end year, e.g. 2024).</param>
    /// <param name="Submitted">The date it was submitted (yyyy-mm-dd): only earlier reports are its sources.</param>
    /// <param name="Archive">true: add it to the archive once checked.</param>
    public sealed record CheckUpload(IFormFile File, string? Author = null, string? School = null, string? District = null, string? Title = null,
        int? Year = null, DateOnly? Submitted = null, bool? Archive = null);

    /// <summary>Body of <c>POST /api/screens</c>.</summary>
    public sealed record ScreenStart(int? Year);

    private static JobStatus Status(Job job, JobProgress? p) => new(job.Id, job.Kind, job.Status, p?.Stage, p?.Done, p?.Total, job.Error,
        $"/api/{job.Kind}s/{job.Id}", job.Status == WebStore.Done ? $"/api/{job.Kind}s/{job.Id}/report" : null, job.Created, job.Finished);
}
