using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>A change to routing: needs the operator role and a dashboard that is not read-only.</summary>
public sealed class OperatorRequirement : IAuthorizationRequirement;

/// <summary>Reading: anyone, unless anonymous reads are switched off.</summary>
public sealed class ViewerRequirement : IAuthorizationRequirement;

/// <summary>
/// A refusal that holds for every caller, whoever they are: the answer is 403 with this reason even
/// to an anonymous caller, since signing in would not help.
/// </summary>
public sealed class ChangesRefusedReason(IAuthorizationHandler handler, string message)
    : AuthorizationFailureReason(handler, message);

public sealed class OperatorRequirementHandler(IOptions<DashboardOptions> options, StaticTokenStore tokens)
    : AuthorizationHandler<OperatorRequirement>
{
    public const string ReadOnlyReason =
        "The dashboard is in read-only mode (Dashboard:ReadOnly is true): no change to routing is allowed, whoever asks.";
    public const string NoCredentialReason =
        "No operator credential is configured (neither Dashboard:OperatorTokenFile nor Dashboard:Oidc), so the dashboard is read-only.";
    public const string NotOperatorReason = "Changing routing needs the operator role.";

    /// <summary>Why no change is allowed to anyone right now, or null when operators may change routing.</summary>
    public static string? GlobalRefusal(DashboardOptions options, StaticTokenStore tokens) =>
        options.ReadOnly ? ReadOnlyReason
        : !tokens.OperatorTokenConfigured && !options.OidcEnabled ? NoCredentialReason
        : null;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        if (GlobalRefusal(options.Value, tokens) is { } refusal)
            context.Fail(new ChangesRefusedReason(this, refusal));
        else if (context.User.IsInRole(DashboardRoles.Operator))
            context.Succeed(requirement);
        else
            context.Fail(new AuthorizationFailureReason(this, NotOperatorReason));
        return Task.CompletedTask;
    }
}

public sealed class ViewerRequirementHandler(IOptions<DashboardOptions> options) : AuthorizationHandler<ViewerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ViewerRequirement requirement)
    {
        if (options.Value.AnonymousRead
            || context.User.IsInRole(DashboardRoles.Viewer)
            || context.User.IsInRole(DashboardRoles.Operator))
            context.Succeed(requirement);
        else
            context.Fail(new AuthorizationFailureReason(this, "Anonymous reads are switched off: sign in or present a viewer token."));
        return Task.CompletedTask;
    }
}
