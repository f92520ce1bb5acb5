using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// The browser's way in: the sign-in page (a static form in Dashboard.Web) posts the token here with
/// an antiforgery token; a match sets the session cookie. Sign-out ends it. With OpenID Connect
/// configured, /auth/oidc starts the identity provider's flow.
/// </summary>
public static class AccountEndpoints
{
    public const string SignInPage = "/account/signin";
    public const string SignInPath = "/auth/signin";
    public const string SignOutPath = "/auth/signout";
    public const string OidcPath = "/auth/oidc";

    public static IEndpointRouteBuilder MapDashboardAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").ExcludeFromDescription().AllowAnonymous();
        // Form binding makes these endpoints demand a valid antiforgery token (UseAntiforgery).
        group.MapPost("/signin", SignInAsync).RequireRateLimiting(DashboardPolicies.MutationRateLimit);
        group.MapPost("/signout", SignOutAsync);
        group.MapGet("/oidc", ChallengeOidc);
        return app;
    }

    private static async Task<IResult> SignInAsync(
        [FromForm] string? token, [FromForm] string? returnUrl,
        HttpContext context, StaticTokenStore tokens, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AccountEndpoints));
        var role = token is null ? null : tokens.RoleFor(token.Trim());
        var target = SafeReturnUrl(returnUrl);
        if (role is null)
        {
            logger.LogWarning("Failed token sign-in from {RemoteIp}", context.Connection.RemoteIpAddress);
            return SeeOther($"{SignInPage}?failed=1&returnUrl={Uri.EscapeDataString(target)}");
        }
        var principal = StaticTokenAuthenticationHandler.CreatePrincipal(role, DashboardSchemes.Cookie);
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(
            new(CookieTokenStamp.ClaimType, tokens.StampFor(role)!));
        await context.SignInAsync(DashboardSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = false });
        logger.LogInformation("Token sign-in as {Role} from {RemoteIp}", role, context.Connection.RemoteIpAddress);
        return SeeOther(target);
    }

    private static async Task<IResult> SignOutAsync([FromForm] string? returnUrl, HttpContext context)
    {
        await context.SignOutAsync(DashboardSchemes.Cookie);
        return SeeOther(SafeReturnUrl(returnUrl));
    }

    private static IResult ChallengeOidc(string? returnUrl, IOptions<DashboardOptions> options) =>
        options.Value.OidcEnabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [DashboardSchemes.Oidc])
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "OpenID Connect is not configured");

    /// <summary>303 so the browser follows with GET, whatever method brought it here.</summary>
    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    /// <summary>Only paths of this site: an open redirect would make the sign-in page a phishing aid.</summary>
    public static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/') return "/";
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\')) return "/";
        if (returnUrl.Any(char.IsControl)) return "/";
        return returnUrl;
    }

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
