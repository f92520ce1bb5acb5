using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Turns authorization failures into ProblemDetails that say why: 403 with the reason for refusals
/// that hold for everyone (read-only), 401 for API callers without a valid credential, 403 for
/// callers whose role is not enough. Browsers that are not signed in are sent to the sign-in page instead.
/// </summary>
public sealed class ProblemAuthorizationResultHandler(
    IProblemDetailsService problems, IOptions<DashboardOptions> options, StaticTokenStore tokens) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }
        var reasons = authorizeResult.AuthorizationFailure?.FailureReasons ?? [];
        // A challenge carries no failure reasons, so the global refusals are asked for again here:
        // an anonymous caller of a read-only dashboard must hear "read-only", not "sign in".
        var refusal = reasons.OfType<ChangesRefusedReason>().FirstOrDefault()?.Message
            ?? (policy.Requirements.OfType<OperatorRequirement>().Any() ? OperatorRequirementHandler.GlobalRefusal(options.Value, tokens) : null);
        if (refusal is not null)
        {
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Changes are refused", refusal);
            return;
        }
        if (authorizeResult.Challenged)
        {
            if (IsBrowserNavigation(context.Request))
            {
                await _default.HandleAsync(next, context, policy, authorizeResult);
                return;
            }
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var detail = context.Request.Headers.Authorization.Count > 0
                ? "The credential presented is not valid."
                : reasons.FirstOrDefault()?.Message ?? "This needs a credential: a bearer token or a signed-in session.";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required", detail);
            return;
        }
        await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
            reasons.FirstOrDefault()?.Message ?? "Your role does not allow this.");
    }

    private async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
        if (!written) await context.Response.WriteAsJsonAsync(new ProblemDetails { Status = status, Title = title, Detail = detail },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    /// <summary>A page load in a browser (it asks for HTML), as opposed to an API or hub client.</summary>
    internal static bool IsBrowserNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
