using Dashboard.Server.Audit;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Dashboard.Web.Api;

/// <summary>GET /api/audit: the audit trail, newest first, for anyone who may read.</summary>
public static class AuditApi
{
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireViewer();
        group.MapGet("/", ReadAsync)
            .WithName("GetAudit")
            .WithSummary("Migration attempts, newest first")
            .WithDescription($"Pages through the audit trail: offset (default 0) records are skipped, at most limit (1-{MaxLimit}, default 50) are returned.");
        return group;
    }

    // Records in their own form (routes as the API prints them), whatever version of the file they came from.
    private static async Task<Results<JsonHttpResult<AuditPage>, ValidationProblem>> ReadAsync(
        IAuditLog log, CancellationToken cancellationToken, int offset = 0, int limit = 50)
    {
        var errors = new Dictionary<string, string[]>();
        if (offset < 0) errors["offset"] = ["offset must be 0 or more."];
        if (limit is < 1 or > MaxLimit) errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Json(await log.ReadAsync(offset, limit, cancellationToken));
    }
}
