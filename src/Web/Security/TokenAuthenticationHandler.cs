using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Web.Security;

/// <summary>Authenticates API clients by <c>Authorization: Bearer TOKEN</c> (tokens made with <c>simeng users token</c>).</summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    WebStore store) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiToken";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var user = store.UserByToken(header["Bearer ".Length..].Trim());
        if (user is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API token"));
        }
        var identity = new ClaimsIdentity(Claims.Of(user), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>The claims of a signed-in user.</summary>
public static class Claims
{
    /// <summary>Name and role claims.</summary>
    public static Claim[] Of(WebUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)];
    }
}

/// <summary>Authorization policies.</summary>
public static class Policies
{
    /// <summary>Any signed-in user.</summary>
    public const string Read = "read";

    /// <summary>Reviewers and admins: check, screen, decide.</summary>
    public const string Review = "review";

    /// <summary>Admins.</summary>
    public const string Admin = "admin";

    /// <summary>API clients (bearer token) with the reviewer role or higher.</summary>
    public const string ApiReview = "api-review";

    /// <summary>API clients (bearer token).</summary>
    public const string ApiRead = "api-read";
}

/// <summary>Security headers on every response: a Content-Security-Policy without inline script or style, no framing,
/// no sniffing, no referrer.</summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>The Content-Security-Policy sent with every page.</summary>
    public const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var h = context.Response.Headers;
        h.ContentSecurityPolicy = Csp;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(context);
    }
}
