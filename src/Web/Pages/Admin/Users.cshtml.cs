using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Web.Pages.Admin;

/// <summary>Users (admins only): list, add, and the account actions of <c>simeng users</c> — disable, enable, unlock,
/// reset the password, revoke API tokens — each recorded in the audit log with who did it.</summary>
public sealed class UsersModel(WebStore store) : PageModel
{
    /// <summary>Every user.</summary>
    public IReadOnlyList<WebUser> All { get; private set; } = [];

    /// <summary>A refusal, or null.</summary>
    public string? Message { get; private set; }

    /// <summary>What was just done, or null.</summary>
    public string? Done { get; private set; }

    /// <summary>A user's API tokens still in force (not revoked, not expired).</summary>
    public int ActiveTokens(string name) =>
        store.Tokens(name).Count(t => t.Revoked is null && (t.Expires is null || t.Expires > DateTime.UtcNow));

    /// <summary>Shows the users (and, after an action, what was done).</summary>
    public void OnGet(string? done)
    {
        Done = done switch
        {
            "disable" => "Đã tắt tài khoản: người này không đăng nhập được nữa, phiên và mã API của họ dừng ngay.",
            "enable" => "Đã bật lại tài khoản.",
            "unlock" => "Đã mở khoá tài khoản.",
            "reset-password" => "Đã đặt mật khẩu mới và mở khoá tài khoản.",
            "revoke-tokens" => "Đã thu hồi các mã API của người dùng.",
            "add" => "Đã thêm người dùng.",
            _ => null,
        };
        All = store.Users();
    }

    /// <summary>Adds a user.</summary>
    public IActionResult OnPost(string? name, string? role, string? password) =>
        Act("add", () =>
        {
            store.AddUser(name ?? "", role ?? "", password ?? "");
            store.Audit(User.UserName(), "user-added-by", name ?? "", role ?? "");
        });

    /// <summary>Stops a user from signing in; their sessions and tokens stop working at once.</summary>
    public IActionResult OnPostDisable(string? name) =>
        Act("disable", () =>
        {
            if (string.Equals(name, User.UserName(), StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("không thể tự tắt tài khoản của chính mình");
            }
            store.SetDisabled(name ?? "", true, User.UserName());
        });

    /// <summary>Lets a disabled user sign in again.</summary>
    public IActionResult OnPostEnable(string? name) => Act("enable", () => store.SetDisabled(name ?? "", false, User.UserName()));

    /// <summary>Lifts a lock-out after failed sign-ins.</summary>
    public IActionResult OnPostUnlock(string? name) => Act("unlock", () => store.Unlock(name ?? "", User.UserName()));

    /// <summary>Sets a new password (and lifts a lock-out).</summary>
    public IActionResult OnPostResetPassword(string? name, string? password) =>
        Act("reset-password", () => store.ResetPassword(name ?? "", password ?? "", User.UserName()));

    /// <summary>Revokes every API token of a user.</summary>
    public IActionResult OnPostRevokeTokens(string? name) => Act("revoke-tokens", () => store.RevokeTokens(name ?? "", null, User.UserName()));

    // the action, then back to the list (post-redirect-get); a refusal is shown on the page with 400
    private IActionResult Act(string done, Action action)
    {
        try
        {
            action();
            return Redirect("/admin/users?done=" + done);
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
