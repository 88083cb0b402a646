using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Web.Pages.Admin;

/// <summary>Users: list, add (admins only).</summary>
public sealed class UsersModel(WebStore store) : PageModel
{
    /// <summary>Every user.</summary>
    public IReadOnlyList<WebUser> All { get; private set; } = [];

    /// <summary>A message.</summary>
    public string? Message { get; private set; }

    /// <summary>Shows the users.</summary>
    public void OnGet() => All = store.Users();

    /// <summary>Adds a user.</summary>
    public IActionResult OnPost(string? name, string? role, string? password)
    {
        try
        {
            store.AddUser(name ?? "", role ?? "", password ?? "");
            store.Audit(User.UserName(), "user-added-by", name ?? "", role ?? "");
            return Redirect("/admin/users");
        }
        catch (ArgumentException ex)
        {
            Message = ex.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            All = store.Users();
            return Page();
        }
    }
}
