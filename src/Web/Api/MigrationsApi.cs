using Dashboard.Server.Contracts;
using Dashboard.Server.Audit;
using Dashboard.Web.Audit;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Api;

/// <summary>
/// The mutating endpoints: fix one finding, or every fixable finding on the node. Operator only;
/// every attempt, dry runs included, lands in the audit trail before the answer is sent.
/// </summary>
public static class MigrationsApi
{
    public static IEndpointRouteBuilder MapMigrationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/namespaces/{id}/findings/{findingId}/migrate", MigrateOne).WithTags("Migrations").RequireOperator()
            .WithSummary("Move a finding's nexthops into their VRF table (dryRun=true: plan only)");
        app.MapPost("/api/migrations", MigrateAll).WithTags("Migrations").RequireOperator()
            .WithSummary("Fix every fixable finding on the node, or in one namespace (dryRun=true: plan only)");
        return app;
    }

    public sealed record MigrateAllRequest(string? Namespace, bool DryRun);

    private static async Task<Results<Ok<MigrationResultDto>, Conflict<MigrationResultDto>, UnprocessableEntity<MigrationResultDto>, ProblemHttpResult>> MigrateOne(
        string id, string findingId, bool? dryRun, IMigrationService migrations, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!FindingId.IsValid(findingId)) return Problems.BadRequest($"'{findingId}' is not a finding id (f- and 12 hex digits)");
        MigrationResult result;
        try { result = await migrations.MigrateAsync(id, findingId, dryRun ?? false, ct); }
        catch (NamespaceNotFoundException e) { return Problems.NotFound(e.Message); }
        catch (KeyNotFoundException e) { return Problems.NotFound(e.Message); }
        catch (ArgumentException e) { return Problems.BadRequest(e.Message); }
        catch (TimeoutException e) { return Problems.Conflict(e.Message); }
        await audit.RecordMigrationAsync(result, http, ct);
        var dto = MigrationResultDto.From(result);
        return result.Outcome switch
        {
            MigrationOutcome.Refused => TypedResults.Conflict(dto),
            MigrationOutcome.RolledBack or MigrationOutcome.Failed => TypedResults.UnprocessableEntity(dto),
            _ => TypedResults.Ok(dto),
        };
    }

    private static async Task<Results<Ok<MigrationResultDto[]>, ProblemHttpResult>> MigrateAll(
        MigrateAllRequest? request, IMigrationService migrations, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        IReadOnlyList<MigrationResult> results;
        try { results = await migrations.MigrateAllAsync(request?.Namespace, request?.DryRun ?? false, ct); }
        catch (NamespaceNotFoundException e) { return Problems.NotFound(e.Message); }
        catch (ArgumentException e) { return Problems.BadRequest(e.Message); }
        catch (TimeoutException e) { return Problems.Conflict(e.Message); }
        foreach (var r in results) await audit.RecordMigrationAsync(r, http, ct);
        return TypedResults.Ok(results.Select(MigrationResultDto.From).ToArray());
    }
}
