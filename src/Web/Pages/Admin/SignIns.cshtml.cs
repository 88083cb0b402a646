using Microsoft.AspNetCore.Mvc.RazorPages;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Web.Pages.Admin;

/// <summary>The sign-in log (admins only): sign-ins, failed attempts and lock-outs, newest first, from the audit log.</summary>
public sealed class SignInsModel(WebStore store) : PageModel
{
    /// <summary>The actions shown.</summary>
    public static readonly string[] Actions = ["signed-in", "sign-in-failed", "locked-out"];

    /// <summary>Most entries shown.</summary>
    public const int Limit = 500;

    /// <summary>The entries, newest first.</summary>
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>The user filtered on, or null.</summary>
    public string? Name { get; private set; }

    /// <summary>Shows the log, for one user when <paramref name="name"/> is given.</summary>
    public void OnGet(string? name)
    {
        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        Entries = store.AuditLog(Actions, Name, Limit);
    }
}
