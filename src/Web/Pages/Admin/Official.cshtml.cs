using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Jobs;

namespace SimilarityEngine.Web.Pages.Admin;

/// <summary>Official texts (admins only): laws, circulars, curricula — one text pasted, or a collection of files in one
/// upload — whose passages count as quotation in every later check and screen; the passages reviewers excluded everywhere
/// from a screen are listed here too. Removing one is recorded with its reason.</summary>
public sealed class OfficialModel(OfficialTexts official, WebStore store, ResultFiles results, Uploads uploads,
    Microsoft.Extensions.Options.IOptions<ServeOptions> options) : PageModel
{
    /// <summary>Reference collections uploaded here, newest first, with what each did once done.</summary>
    public IReadOnlyList<(Job Job, CollectionResult? Result)> CollectionJobs { get; private set; } = [];

    /// <summary>The reference collections in the archive and their documents.</summary>
    public IReadOnlyList<(string Name, int Documents)> Collections { get; private set; } = [];

    private void List()
    {
        All = official.List(withRemoved: true);
        CollectionJobs = store.Jobs(WebStore.Collection, 20).Select(j => (j, j.Status == WebStore.Done ? results.Read<CollectionResult>(j.Id, "collection") : null)).ToList();
        Collections = Engine.SimEngine.Collections(options.Value.Index);
    }

    /// <summary>Queues a reference collection: the files become sources of matches in the archive, never submissions.</summary>
    public async Task<IActionResult> OnPostCollectionAsync(string? collection, List<IFormFile>? files, CancellationToken ct)
    {
        var list = (files ?? []).Where(f => f.Length > 0).ToList();
        var streams = list.Select(f => f.OpenReadStream()).ToList();
        try
        {
            await uploads.QueueCollectionAsync(collection ?? "", list.Select((f, i) => (f.FileName, f.Length, streams[i])).ToList(), User.UserName(), ct);
            return Redirect("/admin/official?queued=true#collections");
        }
        catch (UploadRefusedException ex)
        {
            Message = ex.Message;
            Response.StatusCode = ex.Status;
            List();
            return Page();
        }
        finally
        {
            foreach (var s in streams)
            {
                await s.DisposeAsync();
            }
        }
    }

    /// <summary>Texts in force and removed ones, newest first.</summary>
    public IReadOnlyList<ReferenceText> All { get; private set; } = [];

    /// <summary>Texts given at start (<c>serve --official</c>).</summary>
    public int AtStart => official.AtStart;

    /// <summary>A refusal, or null.</summary>
    public string? Message { get; private set; }

    /// <summary>What was just done, or null.</summary>
    public string? Done { get; private set; }

    /// <summary>Shows the list.</summary>
    public void OnGet(int? added, bool removed = false, bool queued = false)
    {
        Done = added is int n ? $"Đã thêm {n} văn bản. Các lần kiểm tra và rà soát từ nay coi đoạn trùng với chúng là trích dẫn."
            : removed ? "Đã gỡ bỏ văn bản."
            : queued ? "Đã nhận bộ tài liệu; hệ thống đang đọc và đưa vào kho (xem bảng bên dưới)." : null;
        List();
    }

    /// <summary>Adds a pasted text, or one text per uploaded file (a collection).</summary>
    public IActionResult OnPost(string? title, string? text, string? reason, List<IFormFile>? files)
    {
        var uploads = (files ?? []).Where(f => f.Length > 0).ToList();
        try
        {
            if (uploads.Count == 0 && string.IsNullOrWhiteSpace(text))
            {
                throw new ArgumentException("Hãy dán nội dung văn bản hoặc chọn ít nhất một tệp.");
            }
            // every file read before any is added: a collection with an unreadable file is refused whole, naming the file
            var texts = new List<(string Title, string Text)>();
            if (!string.IsNullOrWhiteSpace(text))
            {
                texts.Add((title ?? "", text));
            }
            foreach (var f in uploads)
            {
                string name = Path.GetFileName(f.FileName);
                string temp = Path.Combine(Path.GetTempPath(), "simeng-official-" + WebStore.NewId() + Path.GetExtension(name));
                try
                {
                    using (var s = System.IO.File.Create(temp))
                    {
                        f.CopyTo(s);
                    }
                    string label = string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(name)
                        : uploads.Count == 1 && texts.Count == 0 ? title : $"{title.Trim()}: {Path.GetFileNameWithoutExtension(name)}";
                    texts.Add((label, official.Read(temp, name)));
                }
                finally
                {
                    System.IO.File.Delete(temp);
                }
            }
            foreach (var (t, body) in texts)
            {
                official.Add(t, body, reason ?? "", User.UserName());
            }
            return Redirect($"/admin/official?added={texts.Count}");
        }
        catch (ArgumentException ex)
        {
            Message = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            List();
            return Page();
        }
    }

    /// <summary>Removes a text, with a reason.</summary>
    public IActionResult OnPostRemove(long id, string? reason)
    {
        try
        {
            if (!official.Remove(id, reason ?? "", User.UserName()))
            {
                return NotFound();
            }
            return Redirect("/admin/official?removed=true");
        }
        catch (ArgumentException ex)
        {
            Message = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            List();
            return Page();
        }
    }
}
