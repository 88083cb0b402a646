using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SimilarityEngine.Web.Pages;

/// <summary>Signs out (POST only, with the antiforgery token).</summary>
public sealed class LogoutModel : PageModel
{
    /// <summary>Signs out.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        return Redirect("/login");
    }

    /// <summary>A GET does nothing but go home.</summary>
    public IActionResult OnGet() => Redirect("/");
}
