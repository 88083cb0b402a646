using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Security;

namespace SimilarityEngine.Web.Pages;

/// <summary>Sign-in with lock-out after repeated failures.</summary>
public sealed class LoginModel(WebStore store, IOptions<ServeOptions> options) : PageModel
{
    /// <summary>The error shown.</summary>
    public string? Error { get; private set; }

    /// <summary>The name typed.</summary>
    public string? Name { get; private set; }

    /// <summary>Where to go after signing in.</summary>
    public string ReturnUrl { get; private set; } = "/";

    /// <summary>Shows the form.</summary>
    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    /// <summary>Signs in.</summary>
    public async Task<IActionResult> OnPostAsync(string? name, string? password, string? returnUrl)
    {
        Name = name;
        ReturnUrl = Local(returnUrl);
        var o = options.Value;
        var (result, user) = store.SignIn(name ?? "", password ?? "", o.MaxFailedSignIns, TimeSpan.FromMinutes(o.LockoutMinutes));
        switch (result)
        {
            case WebStore.SignInResult.Success:
                var identity = new ClaimsIdentity(Claims.Of(user!), CookieAuthenticationDefaults.AuthenticationScheme);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
                return LocalRedirect(ReturnUrl);
            default:
                // one message for a wrong password, an unknown or disabled name and a lock-out: the answer never tells
                // which names exist
                Error = $"Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khoá (sau {o.MaxFailedSignIns} lần đăng nhập sai; thử lại sau {o.LockoutMinutes} phút hoặc nhờ quản trị viên mở khoá).";
                break;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    private string Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
