using System.Security.Claims;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Web.Security;

/// <summary>
/// The Operator policy asked on the server for a circuit's user, with the reason when it says no.
/// The same policy guards the API, so the UI and the API refuse the same callers with the same words.
/// </summary>
public sealed class MigrationPermission(IAuthorizationService authorization, StaticTokenStore tokens)
{
    public const string StaleSignInReason =
        "You signed in with an operator token that has been replaced since; sign in again with the current one.";

    /// <summary>Null when <paramref name="user"/> may change routing now, else why not.</summary>
    public async Task<Refusal?> CheckAsync(ClaimsPrincipal user)
    {
        var result = await authorization.AuthorizeAsync(user, resource: null, DashboardPolicies.Operator);
        // A circuit keeps the user it started with: a rotated token must end its operator rights too.
        if (result.Succeeded) return tokens.IsCurrent(user) ? null : new Refusal(StaleSignInReason, SigningInHelps: true);
        var reasons = result.Failure?.FailureReasons ?? [];
        // A refusal that holds for everyone (read-only, no credential) comes first: signing in would not help.
        if (reasons.OfType<ChangesRefusedReason>().FirstOrDefault() is { } global) return new Refusal(global.Message, SigningInHelps: false);
        return new Refusal(reasons.FirstOrDefault()?.Message ?? OperatorRequirementHandler.NotOperatorReason, SigningInHelps: true);
    }

    public sealed record Refusal(string Message, bool SigningInHelps);
}
