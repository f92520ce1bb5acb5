using System.Security.Claims;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// The circuit's user in component tests, as the sign-in cookie would carry it: the same claims the
/// token sign-in issues (name, role viewer, plus operator for the operator).
/// </summary>
public sealed class TestUser : AuthenticationStateProvider
{
    public ClaimsPrincipal User { get; set; } = Anonymous;

    public static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());

    public static ClaimsPrincipal WithRole(string role)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, role == DashboardRoles.Operator ? "operator" : "viewer-token"), new(ClaimTypes.Role, DashboardRoles.Viewer) };
        if (role == DashboardRoles.Operator) claims.Add(new(ClaimTypes.Role, DashboardRoles.Operator));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test-cookie", ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The operator as the token sign-in issues it (AccountEndpoints): bound to the token configured now.</summary>
    public static ClaimsPrincipal SignedInWithToken(StaticTokenStore tokens)
    {
        var principal = WithRole(DashboardRoles.Operator);
        var identity = (ClaimsIdentity)principal.Identity!;
        // The claim types the sign-in uses (internal to Dashboard.Server).
        identity.AddClaim(new Claim(ClaimTypes.AuthenticationMethod, "static-token"));
        identity.AddClaim(new Claim("urn:routedash:token-stamp", tokens.StampFor(DashboardRoles.Operator)!));
        return principal;
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
}

/// <summary>A clock the test moves by hand (token files are re-read at most every 5 s).</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
