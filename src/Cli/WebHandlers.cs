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
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            // uploads are untrusted: read them in isolated child processes unless --in-process
            var isolation = reading.Isolation();
            app = WebApp.Build([.. args], b => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(
                b.Services, new SimilarityEngine.Engine.SimEngine(matching, limits: reading.Limits, isolation: isolation)));
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

    public static int UsersToken(CliContext ctx, string data, string name)
    {
        try
        {
            ctx.Stdout.WriteLine(new WebStore(data).CreateToken(name));
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
        return ExitCodes.Ok;
    }

    public static int UsersList(CliContext ctx, string data)
    {
        foreach (var u in new WebStore(data).Users())
        {
            ctx.Stdout.WriteLine($"{Terminal.Safe(u.Name),-24} {u.Role}{(u.LockedUntil > DateTime.UtcNow ? "  (tạm khoá)" : "")}");
        }
        return ExitCodes.Ok;
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
