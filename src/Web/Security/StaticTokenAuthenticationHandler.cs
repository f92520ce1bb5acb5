using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Bearer authentication with the static operator (or viewer) token: from the Authorization header,
/// or, on hub paths only, from the access_token query parameter that SignalR's WebSocket and SSE
/// transports use because browsers cannot set headers on those requests.
/// </summary>
public sealed class StaticTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StaticTokenStore tokens,
    IOptions<DashboardOptions> dashboard)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    /// <summary>The identity name of whoever holds the static token; audit records show it.</summary>
    public const string TokenHolderName = "operator";
    public const string ViewerTokenHolderName = "viewer-token";
    internal const string AuthenticationMethod = "static-token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedToken(Request, dashboard.Value.HubPathPrefix);
        if (presented is null) return Task.FromResult(AuthenticateResult.NoResult());
        var role = tokens.RoleFor(presented);
        if (role is null)
        {
            Logger.LogWarning("Rejected a bearer token from {RemoteIp} for {Path}", Context.Connection.RemoteIpAddress, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not valid."));
        }
        var principal = CreatePrincipal(role, Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    internal static ClaimsPrincipal CreatePrincipal(string role, string authenticationType)
    {
        var name = role == DashboardRoles.Operator ? TokenHolderName : ViewerTokenHolderName;
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name),
            new(ClaimTypes.AuthenticationMethod, AuthenticationMethod),
            new(ClaimTypes.Role, DashboardRoles.Viewer),
        };
        if (role == DashboardRoles.Operator) claims.Add(new(ClaimTypes.Role, DashboardRoles.Operator));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The token this request carries, or null when it carries none.</summary>
    internal static string? PresentedToken(HttpRequest request, string hubPathPrefix)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return header["Bearer ".Length..].Trim();
        if (request.Path.StartsWithSegments(hubPathPrefix) && request.Query.TryGetValue("access_token", out var q) && q.Count == 1)
            return q[0];
        return null;
    }

    /// <summary>Whether the selector should route this request to the bearer scheme.</summary>
    internal static bool CarriesToken(HttpRequest request, string hubPathPrefix) => PresentedToken(request, hubPathPrefix) is not null;
}
