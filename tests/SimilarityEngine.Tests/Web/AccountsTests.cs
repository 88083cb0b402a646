using System.Net;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Tests;

/// <summary>Accounts an administrator can manage: disable, enable, unlock, reset a password, named tokens with expiry and
/// revocation; a sign-in answer that never tells which names exist.</summary>
public sealed class AccountsTests
{
    [Fact]
    public async Task Disable_Revoke_Expire_Unlock_FromTheCommandLine_TakeEffectAtOnce()
    {
        using var host = new WebTestHost(ingestSamples: false);
        await using var f = host.Factory();
        var store = new WebStore(host.Data);
        string ci = store.CreateToken("giamkhao", "may-chu-so", DateTime.UtcNow.AddDays(30));
        string old = store.CreateToken("giamkhao", "cu");
        string expired = store.CreateToken("giamkhao", "het-han", DateTime.UtcNow.AddSeconds(-1));
        async Task<HttpStatusCode> Api(string token) => (await WebTestHost.Api(f, token).GetAsync("/api/reports?q=x")).StatusCode;
        Assert.Equal(HttpStatusCode.OK, await Api(ci));
        Assert.Equal(HttpStatusCode.Unauthorized, await Api(expired));

        // tokens listed by name, never shown; one revoked by name, the other still works
        var (listCode, listOut, _) = await CliRunner.Run("users", "tokens", "giamkhao", "--data", host.Data);
        Assert.Equal(0, listCode);
        Assert.Contains("may-chu-so", listOut, StringComparison.Ordinal);
        Assert.Contains("hết hạn", listOut, StringComparison.Ordinal);
        Assert.DoesNotContain(ci, listOut, StringComparison.Ordinal);
        var (revoke, revokeOut, _) = await CliRunner.Run("users", "revoke-token", "giamkhao", "--token", "cu", "--data", host.Data);
        Assert.Equal(0, revoke);
        Assert.Contains("đã thu hồi 1 mã API", revokeOut, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await Api(old));
        Assert.Equal(HttpStatusCode.OK, await Api(ci));
        var (none, _, noneErr) = await CliRunner.Run("users", "revoke-token", "giamkhao", "--token", "khong-co", "--data", host.Data);
        Assert.Equal(2, none);
        Assert.Contains("không có mã API", noneErr, StringComparison.Ordinal);
        // a role that does not exist: said in Vietnamese with the roles there are, and the help of the whole command
        var (badRole, _, badRoleErr) = await CliRunner.RunWithInput("mat-khau-dai-12\n", "users", "add", "moi", "--role", "sep", "--data", host.Data);
        Assert.Equal(2, badRole);
        Assert.Contains("vai trò 'sep' không có; dùng admin (quản trị), reviewer (giám khảo), viewer (người xem)", badRoleErr, StringComparison.Ordinal);
        Assert.Contains("simeng users add --help", badRoleErr, StringComparison.Ordinal);

        // a signed-in reviewer disabled: the session ends at the next request, sign-in and tokens refused
        var web = WebTestHost.Client(f);
        Assert.Equal(HttpStatusCode.Redirect, (await WebTestHost.SignIn(web, "giamkhao")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/")).StatusCode);
        var (off, offOut, _) = await CliRunner.Run("users", "disable", "giamkhao", "--data", host.Data);
        Assert.Equal(0, off);
        Assert.Contains("đã khoá tài khoản giamkhao", offOut, StringComparison.Ordinal);
        Assert.True(WebTestHost.IsRedirectToLogin(await web.GetAsync("/")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Api(ci));
        var refused = await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var (_, usersOut, _) = await CliRunner.Run("users", "list", "--data", host.Data);
        Assert.Contains("đã khoá bởi quản trị viên", usersOut, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.Run("users", "enable", "giamkhao", "--data", host.Data)).Code);
        Assert.Equal(HttpStatusCode.OK, await Api(ci));

        // locked after five failures; the administrator unlocks it; a new password works
        for (int i = 0; i < 5; i++)
        {
            await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao", "sai-mat-khau");
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao")).StatusCode);
        Assert.Equal(0, (await CliRunner.Run("users", "unlock", "giamkhao", "--data", host.Data)).Code);
        Assert.Equal(HttpStatusCode.Redirect, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao")).StatusCode);
        store.ResetPassword("giamkhao", "mat-khau-moi-2026", "quantri");
        Assert.Equal(HttpStatusCode.Redirect, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao", "mat-khau-moi-2026")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao")).StatusCode);
        foreach (var action in new[] { "token-revoked", "user-disabled", "user-enabled", "user-unlocked", "password-reset" })
        {
            Assert.Contains(store.AuditLog(null), a => a.Action == action && a.Subject == "giamkhao");
        }
    }

    [Fact]
    public async Task SignIn_UnknownName_WrongPassword_LockedAccount_SameAnswer()
    {
        using var host = new WebTestHost(ingestSamples: false);
        await using var f = host.Factory();
        for (int i = 0; i < 6; i++)
        {
            await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao", "sai-mat-khau");
        }
        static string Message(string html) =>
            System.Text.RegularExpressions.Regex.Match(html, "class=\"error\"[^>]*>([^<]*)<").Groups[1].Value;
        var locked = await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao", "sai-mat-khau");
        var unknown = await WebTestHost.SignIn(WebTestHost.Client(f), "khong-ai-ca", "sai-mat-khau");
        var wrong = await WebTestHost.SignIn(WebTestHost.Client(f), "quantri", "sai-mat-khau");
        var answers = new[] { locked, unknown, wrong };
        Assert.All(answers, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var messages = new List<string>();
        foreach (var r in answers)
        {
            messages.Add(Message(await r.Content.ReadAsStringAsync()));
        }
        Assert.NotEqual("", messages[0]);
        Assert.Single(messages.Distinct());
    }

    [Fact]
    public async Task UsersAdd_BadInputRefusedInVietnamese_RolesListedByTheirVietnameseNames()
    {
        using var host = new WebTestHost(ingestSamples: false);
        Task<(int Code, string Out, string Err)> Add(string name, string role, string password) =>
            CliRunner.RunWithInput(password, "users", "add", name, "--role", role, "--data", host.Data);
        var (code, _, err) = await Add("x", "viewer", "mat-khau-123");
        Assert.NotEqual(0, code);
        Assert.Contains("tên người dùng cần từ 2 đến 64 ký tự", err, StringComparison.Ordinal);
        (code, _, err) = await Add("docgia", "viewer", "ngan");
        Assert.NotEqual(0, code);
        Assert.Contains("mật khẩu cần ít nhất 8 ký tự", err, StringComparison.Ordinal);
        (code, _, err) = await Add("giamkhao", "reviewer", "mat-khau-123");
        Assert.NotEqual(0, code);
        Assert.Contains("đã có người dùng 'giamkhao'", err, StringComparison.Ordinal);
        (code, _, err) = await Add("docgia", "viewer", "mat-khau-123");
        Assert.True(code == 0, err);
        var (_, list, _) = await CliRunner.Run("users", "list", "--data", host.Data);
        Assert.Matches(@"docgia +người xem", list);
        Assert.Matches(@"giamkhao +giám khảo", list);
        var store = new SimilarityEngine.Web.Data.WebStore(host.Data);
        var bad = Assert.Throws<ArgumentException>(() => store.AddUser("moi", "boss", "mat-khau-123"));
        Assert.Contains("không có vai trò 'boss' (các vai trò: admin (quản trị), reviewer (giám khảo), viewer (người xem))", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPassword_ReadFromStandardInput_TooShortRefused()
    {
        using var host = new WebTestHost(ingestSamples: false);
        Task<(int Code, string Out, string Err)> Reset(string password) =>
            CliRunner.RunWithInput(password, "users", "reset-password", "giamkhao", "--data", host.Data);
        var (shortCode, _, shortErr) = await Reset("ngan");
        Assert.Equal(2, shortCode);
        Assert.Contains("ít nhất 8 ký tự", shortErr, StringComparison.Ordinal);
        var (code, output, err) = await Reset("mat-khau-moi-2026");
        Assert.True(code == 0, err);
        Assert.Contains("đã đặt mật khẩu mới cho giamkhao", output, StringComparison.Ordinal);
        await using var f = host.Factory();
        Assert.Equal(HttpStatusCode.Redirect, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao", "mat-khau-moi-2026")).StatusCode);
    }

    [Fact]
    public async Task AdminPage_DisableUnlockResetRevoke_TakeEffect_AndTheSignInLogShowsThem()
    {
        using var host = new WebTestHost(ingestSamples: false);
        await using var f = host.Factory();
        var admin = WebTestHost.Client(f);
        Assert.Equal(HttpStatusCode.Redirect, (await WebTestHost.SignIn(admin, "quantri")).StatusCode);
        async Task<HttpResponseMessage> Act(string handler, params (string Key, string Value)[] fields)
        {
            var form = fields.ToDictionary(x => x.Key, x => x.Value);
            form["__RequestVerificationToken"] = WebTestHost.AntiforgeryToken(await admin.GetStringAsync("/admin/users"));
            return await admin.PostAsync($"/admin/users?handler={handler}", new FormUrlEncodedContent(form));
        }
        async Task<HttpStatusCode> Api() => (await WebTestHost.Api(f, host.ReviewerToken).GetAsync("/api/reports?q=x")).StatusCode;
        Assert.Equal(HttpStatusCode.OK, await Api());

        // disabled from the page: its token stops at once, sign-in refused; the page says what was done
        var off = await Act("Disable", ("name", "giamkhao"));
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Contains("Đã tắt tài khoản", await admin.GetStringAsync(off.Headers.Location!.ToString()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await Api());
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao")).StatusCode);
        Assert.Contains("đã tắt", await admin.GetStringAsync("/admin/users"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Act("Enable", ("name", "giamkhao"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await Api());

        // an administrator cannot disable their own account; an unknown name is refused in Vietnamese
        var self = await Act("Disable", ("name", "quantri"));
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("không thể tự tắt tài khoản của chính mình", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await Act("Unlock", ("name", "khong-co-ai"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("không có người dùng &#x27;khong-co-ai&#x27;", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // locked after five failures, unlocked from the page
        for (int i = 0; i < 5; i++)
        {
            await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao", "sai-mat-khau");
        }
        Assert.Contains("tạm khoá đến", await admin.GetStringAsync("/admin/users"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Act("Unlock", ("name", "giamkhao"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao")).StatusCode);

        // a new password from the page: the old one stops working; a short one is refused
        Assert.Equal(HttpStatusCode.BadRequest, (await Act("ResetPassword", ("name", "giamkhao"), ("password", "ngan"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Act("ResetPassword", ("name", "giamkhao"), ("password", "mat-khau-moi-2026"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WebTestHost.SignIn(WebTestHost.Client(f), "giamkhao", "mat-khau-moi-2026")).StatusCode);

        // every token revoked from the page
        Assert.Equal(HttpStatusCode.Redirect, (await Act("RevokeTokens", ("name", "giamkhao"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await Api());

        // each action in the audit log with who did it
        var store = new WebStore(host.Data);
        foreach (var action in new[] { "user-disabled", "user-enabled", "user-unlocked", "password-reset", "token-revoked" })
        {
            Assert.Contains(store.AuditLog(null), a => a.Action == action && a.Subject == "giamkhao" && a.User == "quantri");
        }

        // the sign-in log: newest first, failures and the lock-out in Vietnamese, filtered by name; admins only
        string log = await admin.GetStringAsync("/admin/signins?name=giamkhao");
        Assert.Contains("đăng nhập sai", log, StringComparison.Ordinal);
        Assert.Contains("tạm khoá tài khoản", log, StringComparison.Ordinal);
        Assert.Contains("5 lần sai liên tiếp", log, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>quantri</td>", log, StringComparison.Ordinal);
        Assert.Contains("<td>quantri</td>", await admin.GetStringAsync("/admin/signins"), StringComparison.Ordinal);
        var reviewer = WebTestHost.Client(f);
        await WebTestHost.SignIn(reviewer, "giamkhao", "mat-khau-moi-2026");
        var forbidden = await reviewer.GetAsync("/admin/signins");
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
    }
}
