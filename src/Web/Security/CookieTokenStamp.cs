using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Security;

/// <summary>
/// Ties a token sign-in cookie to the token it was issued for, so that rotating the Secret also ends
/// the sessions opened with the old token. The stamp is a hash of the token's hash, cut short: it
/// identifies a token generation without being usable as, or reversible to, the token.
/// </summary>
internal static class CookieTokenStamp
{
    public const string ClaimType = "urn:routedash:token-stamp";

    public static string Of(byte[] tokenHash)
    {
        Span<byte> input = stackalloc byte[tokenHash.Length + 16];
        "routedash-cookie"u8.CopyTo(input);
        tokenHash.CopyTo(input[16..]);
        return Convert.ToHexString(SHA256.HashData(input)[..8]);
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirst(ClaimTypes.AuthenticationMethod)?.Value != StaticTokenAuthenticationHandler.AuthenticationMethod)
            return;
        var tokens = context.HttpContext.RequestServices.GetRequiredService<StaticTokenStore>();
        var role = principal.IsInRole(DashboardRoles.Operator) ? DashboardRoles.Operator : DashboardRoles.Viewer;
        var current = tokens.StampFor(role);
        if (current is null || principal.FindFirst(ClaimType)?.Value != current)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(DashboardSchemes.Cookie);
        }
    }
}
