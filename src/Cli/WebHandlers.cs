using SimilarityEngine.Engine;
using SimilarityEngine.Web;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Cli;

/// <summary>Handlers of <c>serve</c> and <c>users</c>.</summary>
internal static partial class Handlers
{
    public static int Serve(CliContext ctx, string index, string data, string urls, int? workers, int? maxUploadMb, Reading reading,
        SimilarityEngine.Engine.EngineOptions? matching = null)
    {
        var args = new List<string> { $"--Serve:Index={index}", $"--Serve:Data={data}", $"--urls={urls}" };
        if (workers is int w)
        {
            args.Add($"--Serve:Workers={w}");
        }
        if (maxUploadMb is int m)
        {
            args.Add($"--Serve:MaxUploadMb={m}");
        }
        // uploads are untrusted: read them in isolated child processes unless --in-process (stopped with the server)
        using var isolation = reading.Isolation();
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            // the pool is the host's (closed with it): readers stay open between requests
            app = WebApp.Build([.. args], b => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(
                b.Services, sp => new SimilarityEngine.Engine.SimEngine(matching, limits: reading.Limits, isolation: isolation,
                    archive: Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SimilarityEngine.Engine.ArchiveHost>(sp))));
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw new UserException(string.Join("; ", ex.Failures));
        }
        if (new WebStore(data).Users().Count == 0)
        {
            ctx.Stderr.WriteLine($"chưa có người dùng: tạo quản trị viên bằng  simeng users add TÊN --role admin --data {Terminal.Safe(data)}");
        }
        ctx.Stderr.WriteLine($"simeng serve: {Terminal.Safe(urls)} (kho: {Terminal.Safe(index)}, dữ liệu: {Terminal.Safe(data)}); Ctrl+C để dừng");
        Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(app, ctx.Cancel).GetAwaiter().GetResult();
        return ExitCodes.Ok;
    }

    public static int UsersAdd(CliContext ctx, string data, string name, string role)
    {
        string? password = ReadPassword(ctx);
        try
        {
            new WebStore(data).AddUser(name, role, password ?? "");
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
        ctx.Stdout.WriteLine($"đã thêm {Terminal.Safe(name)} ({role})");
        return ExitCodes.Ok;
    }

    public static int UsersToken(CliContext ctx, string data, string name, string? label = null, int? expiresDays = null)
    {
        try
        {
            ctx.Stdout.WriteLine(new WebStore(data).CreateToken(name, label, expiresDays is int d ? DateTime.UtcNow.AddDays(d) : null));
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
        return ExitCodes.Ok;
    }

    public static int UsersList(CliContext ctx, string data)
    {
        var users = new WebStore(data).Users();
        if (users.Count == 0)
        {
            ctx.Stderr.WriteLine($"chưa có người dùng: tạo quản trị viên bằng  simeng users add TÊN --role admin --data {Terminal.Safe(data)}");
        }
        foreach (var u in users)
        {
            string state = u.Disabled ? "  (đã khoá bởi quản trị viên)" : u.LockedUntil > DateTime.UtcNow ? "  (tạm khoá sau nhiều lần đăng nhập sai)" : "";
            ctx.Stdout.WriteLine($"{Terminal.Safe(u.Name),-24} {SimilarityEngine.Web.Data.Roles.Vi(u.Role)}{state}");
        }
        return ExitCodes.Ok;
    }

    private const string ByCli = "(dòng lệnh)";

    public static int UsersState(CliContext ctx, string data, string name, string what)
    {
        var store = new WebStore(data);
        try
        {
            switch (what)
            {
                case "disable":
                    store.SetDisabled(name, true, ByCli);
                    ctx.Stdout.WriteLine($"đã khoá tài khoản {Terminal.Safe(name)}: không đăng nhập được, mã API ngừng hoạt động");
                    break;
                case "enable":
                    store.SetDisabled(name, false, ByCli);
                    ctx.Stdout.WriteLine($"đã mở lại tài khoản {Terminal.Safe(name)}");
                    break;
                case "unlock":
                    store.Unlock(name, ByCli);
                    ctx.Stdout.WriteLine($"đã mở khoá đăng nhập cho {Terminal.Safe(name)}");
                    break;
                default:
                    if (store.FindUser(name) is null)
                    {
                        throw new ArgumentException($"không có người dùng '{name}'");
                    }
                    store.ResetPassword(name, ReadPassword(ctx) ?? "", ByCli);
                    ctx.Stdout.WriteLine($"đã đặt mật khẩu mới cho {Terminal.Safe(name)}");
                    break;
            }
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
        return ExitCodes.Ok;
    }

    public static int UsersTokens(CliContext ctx, string data, string name)
    {
        var store = new WebStore(data);
        if (store.FindUser(name) is null)
        {
            throw new UserException($"không có người dùng '{name}'");
        }
        foreach (var t in store.Tokens(name))
        {
            string state = t.Revoked is { } r ? $"đã thu hồi {ViFormat.DateTime(r)}" : t.Expires is { } e && e <= DateTime.UtcNow ? "hết hạn" : "đang dùng";
            ctx.Stdout.WriteLine($"{t.Id}  {Terminal.Safe(t.Name.Length == 0 ? "(không tên)" : t.Name),-20} tạo {ViFormat.DateTime(t.Created)}  hết hạn {(t.Expires is { } x ? ViFormat.DateTime(x) : "không")}  {state}");
        }
        return ExitCodes.Ok;
    }

    public static int UsersRevoke(CliContext ctx, string data, string name, string? token)
    {
        try
        {
            int n = new WebStore(data).RevokeTokens(name, token, ByCli);
            ctx.Stdout.WriteLine($"đã thu hồi {n} mã API của {Terminal.Safe(name)}");
            return n == 0 && token is not null ? throw new UserException($"không có mã API '{token}' đang dùng của {name}") : ExitCodes.Ok;
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    // From a pipe: the first line. From a terminal: typed twice, not echoed.
    private static string? ReadPassword(CliContext ctx)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }
        string first = Prompt(ctx, "Mật khẩu: ");
        string second = Prompt(ctx, "Nhập lại: ");
        return first == second ? first : throw new UserException("hai lần nhập mật khẩu khác nhau");
    }

    private static string Prompt(CliContext ctx, string label)
    {
        ctx.Stderr.Write(label);
        var sb = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (sb.Length > 0)
                {
                    sb.Length--;
                }
                continue;
            }
            sb.Append(key.KeyChar);
        }
        ctx.Stderr.WriteLine();
        return sb.ToString();
    }
}
