using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SimilarityEngine.Engine;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Web.Api;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Jobs;
using SimilarityEngine.Web.Security;

namespace SimilarityEngine.Web;

/// <summary>Builds the reviewers' web application (<c>simeng serve</c>).</summary>
public static class WebApp
{
    /// <summary>The rate-limiter policy of uploads and job starts.</summary>
    public const string UploadPolicy = "uploads";

    /// <summary>The process-wide claim on the index, released when the host stops.</summary>
    public sealed class IndexLease(IDisposable held) : IDisposable
    {
        /// <summary>Releases the index.</summary>
        public void Dispose() => held.Dispose();
    }

    /// <summary>Creates the application from command-line style arguments (<c>--Serve:Index=…</c>, <c>--urls=…</c>).</summary>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    /// <exception cref="ArchiveException">Another process writes to the index, or it cannot be written.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080"); // loopback unless told otherwise: see README, "Behind a reverse proxy"
        }
        // under systemd (Type=notify): READY=1 once listening, STOPPING=1 on SIGTERM, log lines in the journal's format;
        // elsewhere nothing changes
        builder.Host.UseSystemd();
        // one line per request is the reverse proxy's job: ASP.NET Core's own request logging only from warnings up
        // (unless Logging:LogLevel:Microsoft.AspNetCore says otherwise), our own events stay at Information
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        configure?.Invoke(builder);
        var s = builder.Services;
        // options are bound when the host is built, so test hosts and the command line set them the same way
        s.AddOptions<ServeOptions>().Bind(builder.Configuration.GetSection(ServeOptions.Section))
            .PostConfigure(o =>
            {
                if (!string.IsNullOrWhiteSpace(o.Index))
                {
                    o.Index = Path.GetFullPath(o.Index);
                }
                if (!string.IsNullOrWhiteSpace(o.Data))
                {
                    o.Data = Path.GetFullPath(o.Data);
                }
            })
            .ValidateOnStart();
        s.AddSingleton<IValidateOptions<ServeOptions>, ServeOptionsValidator>();
        s.AddSingleton(sp => new WebStore(Serve(sp).Data));
        // simeng serve registers an engine that reads uploads in isolated child processes (memory cap, crash containment)
        // readers of the index stay open between requests (reopened when a commit lands), closed with the host
        s.AddSingleton<ArchiveHost>();
        s.AddSingleton<SearchGate>();
        s.TryAddSingleton(sp => new SimEngine(archive: sp.GetRequiredService<ArchiveHost>()));
        s.AddSingleton<ResultFiles>();
        s.AddSingleton<OfficialTexts>();
        s.AddSingleton<CheckReviews>();
        s.AddSingleton<ServiceMetrics>();
        s.AddSingleton<JobRunner>();
        s.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        s.AddSingleton<Uploads>();
        s.AddSingleton(sp => new IndexLease(ArchiveHost.Claim(Serve(sp).Index, "simeng serve")));
        s.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>().Configure<IOptions<ServeOptions>>((k, o) =>
        {
            k.Limits.MaxRequestBodySize = o.Value.MaxUploadBytes + (1 << 20);
            k.AddServerHeader = false;
        });
        s.AddOptions<FormOptions>().Configure<IOptions<ServeOptions>>((f, o) => f.MultipartBodyLengthLimit = o.Value.MaxUploadBytes + (1 << 20));

        s.AddAuthentication(o =>
            {
                o.DefaultScheme = "smart";
                o.DefaultChallengeScheme = "smart";
            })
            .AddPolicyScheme("smart", "cookie or token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "simeng.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                // a user disabled (or removed) since signing in is signed out at the next request
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    string? name = ctx.Principal?.Identity?.Name;
                    if (name is null || ctx.HttpContext.RequestServices.GetRequiredService<WebStore>().FindUser(name) is not { Disabled: false })
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
                    }
                };
                // a plain 403 (the status page explains it in Vietnamese), never a redirect that looks like success
                o.Events.OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        s.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Read, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Review, p => p.RequireRole(Roles.Reviewer, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.ApiRead, p => p.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(Policies.ApiReview, p => p.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireRole(Roles.Reviewer, Roles.Admin));
        // Vietnamese letters written as they are in pages (still HTML-encoding <, >, &, quotes)
        s.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        s.AddAntiforgery(o =>
        {
            o.Cookie.Name = "simeng.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure over HTTPS (behind the reverse proxy with ASPNETCORE_FORWARDEDHEADERS_ENABLED=true), as the sign-in cookie
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        s.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(UploadPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.User.Identity?.Name ?? ctx.Connection.RemoteIpAddress?.ToString() ?? "?",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Serve(ctx.RequestServices).UploadsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        s.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/Denied");
            o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
        }).AddApplicationPart(typeof(WebApp).Assembly); // the pages live here, whichever program hosts them (simeng serve)
        // cookies and antiforgery tokens stay valid across restarts: keys kept with the server's data
        s.AddDataProtection().SetApplicationName("SimilarityEngine");
        s.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>().Configure<IOptions<ServeOptions>>((k, o) =>
            k.XmlRepository = new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(o.Value.Data, "keys")), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        // the API speaks the engine's JSON contract: snake_case, Vietnamese letters as they are
        s.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonContracts.Options.PropertyNamingPolicy;
            o.SerializerOptions.Encoder = JsonContracts.Options.Encoder;
        });
        s.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            // every API call takes "Authorization: Bearer <token>" (simeng users token NAME): say so in the document
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Components ??= new Microsoft.OpenApi.OpenApiComponents();
                doc.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
                doc.Components.SecuritySchemes["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
                {
                    Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API token made by 'simeng users token NAME' (sk_…)",
                };
                doc.Security = [new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("bearer", doc, null)] = [] }];
                return Task.CompletedTask;
            });
        });

        var app = builder.Build();
        var serve = Serve(app.Services);
        var assets = new Microsoft.Extensions.FileProviders.EmbeddedFileProvider(typeof(WebApp).Assembly, "SimilarityEngine.Web.wwwroot");
        app.Environment.WebRootFileProvider = assets;
        _ = app.Services.GetRequiredService<IndexLease>(); // claim the index now: a second writer is refused at once
        app.UseMiddleware<SecurityHeaders>();
        app.Use(async (ctx, next) =>
        {
            // an oversize upload is refused before its body is read
            if (ctx.Request.ContentLength is long n && n > serve.MaxUploadBytes + (1 << 20))
            {
                ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                ctx.Response.ContentType = "text/plain; charset=utf-8";
                await ctx.Response.WriteAsync($"Tệp quá lớn: giới hạn là {serve.MaxUploadMb} MiB.").ConfigureAwait(false);
                return;
            }
            await next(ctx).ConfigureAwait(false);
        });
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            a => a.UseStatusCodePagesWithReExecute("/status/{0}"));
        // the API's errors without a body of their own (401, 403, 429 …) get the documented {"error": …}, in Vietnamese
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            a => a.UseStatusCodePages(async sc =>
            {
                var r = sc.HttpContext.Response;
                r.ContentType = "application/json; charset=utf-8";
                await r.WriteAsync(JsonContracts.Serialize(new Api.ApiEndpoints.ApiError(ApiErrorVi(r.StatusCode)))).ConfigureAwait(false);
            }));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = assets });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapOpenApi("/api/openapi.json").RequireAuthorization(Policies.Read);
        app.MapApi();
        // browsers ask for /favicon.ico whatever the page says: the same picture as the pages' icon
        app.MapGet("/favicon.ico", () => Results.Stream(assets.GetFileInfo("favicon.svg").CreateReadStream(), "image/svg+xml"))
            .AllowAnonymous().ExcludeFromDescription();
        // for the service manager and a load balancer: no sign-in, no document text, 503 when the index cannot be read
        app.MapGet("/healthz", (WebStore store, ArchiveHost archive) =>
        {
            var jobs = store.JobCounts();
            var (reports, problem) = archive.Count(serve.Index);
            var body = new Dictionary<string, object?>
            {
                ["status"] = problem is null ? "ok" : "index unreadable",
                ["index_reports"] = reports,
                ["jobs_queued"] = jobs.GetValueOrDefault(WebStore.Queued),
                ["jobs_running"] = jobs.GetValueOrDefault(WebStore.Running),
                ["jobs_failed"] = jobs.GetValueOrDefault(WebStore.Failed),
                ["problem"] = problem,
            };
            return Results.Json(body, statusCode: problem is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous().ExcludeFromDescription();
        // Prometheus' text format: counts and durations only, never a name or a text
        app.MapGet("/metrics", (WebStore store, ServiceMetrics metrics, ArchiveHost archive) =>
            Results.Text(metrics.Render(archive.Count(serve.Index).Reports, store.JobCounts()), "text/plain; version=0.0.4; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static ServeOptions Serve(IServiceProvider sp) => sp.GetRequiredService<IOptions<ServeOptions>>().Value;

    /// <summary>What an API error status means, in Vietnamese.</summary>
    public static string ApiErrorVi(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "chưa đăng nhập: gửi mã API trong tiêu đề Authorization: Bearer <mã> (tạo bằng simeng users token TÊN)",
        StatusCodes.Status403Forbidden => "tài khoản này không có quyền làm việc này",
        StatusCodes.Status404NotFound => "không có địa chỉ này trong API (xem /api/openapi.json)",
        StatusCodes.Status405MethodNotAllowed => "địa chỉ này không nhận phương thức HTTP đó",
        StatusCodes.Status413PayloadTooLarge => "tệp quá lớn",
        StatusCodes.Status429TooManyRequests => "quá nhiều yêu cầu trong một phút: chờ một lát rồi thử lại",
        _ => $"lỗi HTTP {status}",
    };

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        // a relative address: the Host header a client sent is never reflected into the redirect
        ctx.Response.Redirect(Uri.TryCreate(ctx.RedirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The signed-in user's name.</summary>
    public static string UserName(this ClaimsPrincipal user) => user?.Identity?.Name ?? "?";
}
