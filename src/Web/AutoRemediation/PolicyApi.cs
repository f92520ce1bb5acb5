using Dashboard.Web.Audit;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.AutoRemediation;

/// <summary>GET /api/policy (viewer): the policy's state and recent actions. POST /api/policy/reset (operator, audited).</summary>
public static class PolicyApi
{
    public sealed record ResetResult(IReadOnlyList<StoppedNamespace> Reset);

    public static IEndpointRouteBuilder MapPolicyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/policy", (PolicyLedger ledger) => TypedResults.Ok(ledger.Status()))
            .WithTags("Policy").RequireViewer()
            .WithSummary("Whether auto-remediation is on, its settings, its recent actions and the namespaces where it stopped");
        app.MapPost("/api/policy/reset", ResetAsync)
            .WithTags("Policy").RequireOperator()
            .WithSummary("Resume auto-remediation where its circuit breaker stopped it (?namespace=ID for one namespace; all otherwise)");
        return app;
    }

    private static async Task<Ok<ResetResult>> ResetAsync(string? @namespace, PolicyReset reset, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(new ResetResult(await reset.ResetAsync(AuditLogExtensions.CallerOf(http), string.IsNullOrWhiteSpace(@namespace) ? null : @namespace, ct)));
}
