using System.Security.Claims;
using Dashboard.Server.Security;
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

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
}
