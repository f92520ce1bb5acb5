using Dashboard.Server.Contracts;
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
/// The mutating endpoints: fix one finding, or the findings an operator reviewed. Operator only; the
/// migration service records every attempt, dry runs included, in the audit trail before it answers,
/// and a migration that started finishes (applied, rolled back or failed) even if the client goes away.
/// </summary>
public static class MigrationsApi
{
    public static IEndpointRouteBuilder MapMigrationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/namespaces/{id}/findings/{findingId}/migrate", MigrateOne).WithTags("Migrations").RequireOperator()
            .WithSummary("Move a finding's nexthops into their VRF table (dryRun=true: plan only)");
        app.MapPost("/api/migrations", MigrateMany).WithTags("Migrations").RequireOperator()
            .WithSummary("Fix exactly the findings given by id (as reviewed), or preview every fixable finding of the node or one namespace (dryRun)");
        return app;
    }

    /// <param name="Findings">The ids to fix, as a dry run or GET /api/findings showed them.</param>
    /// <param name="Namespace">With <paramref name="DryRun"/> and no ids: preview one namespace (null: the node).</param>
    public sealed record MigrationsRequest(string[]? Findings, string? Namespace, bool DryRun);

    private static async Task<Results<Ok<MigrationResultDto>, Conflict<MigrationResultDto>, UnprocessableEntity<MigrationResultDto>, ProblemHttpResult>> MigrateOne(
        string id, string findingId, bool? dryRun, IMigrationService migrations, HttpContext http, CancellationToken ct)
    {
        if (!FindingId.IsValid(findingId)) return Problems.BadRequest($"'{findingId}' is not a finding id (f- and 12 hex digits)");
        MigrationResult result;
        try { result = await migrations.MigrateAsync(AuditLogExtensions.CallerOf(http), id, findingId, dryRun ?? false, ct); }
        catch (NamespaceNotFoundException e) { return Problems.NotFound(e.Message); }
        catch (KeyNotFoundException e) { return Problems.NotFound(e.Message); }
        catch (ArgumentException e) { return Problems.BadRequest(e.Message); }
        catch (TimeoutException e) { return Problems.Conflict(e.Message); }
        var dto = MigrationResultDto.From(result);
        return result.Outcome switch
        {
            MigrationOutcome.Refused => TypedResults.Conflict(dto),
            MigrationOutcome.RolledBack or MigrationOutcome.Failed => TypedResults.UnprocessableEntity(dto),
            _ => TypedResults.Ok(dto),
        };
    }

    private static async Task<Results<Ok<MigrationResultDto[]>, ProblemHttpResult>> MigrateMany(
        MigrationsRequest? request, IMigrationService migrations, HttpContext http, CancellationToken ct)
    {
        var caller = AuditLogExtensions.CallerOf(http);
        IReadOnlyList<MigrationResult> results;
        try
        {
            if (request?.Findings is { Length: > 0 } ids)
            {
                if (ids.FirstOrDefault(i => !FindingId.IsValid(i)) is { } bad)
                    return Problems.BadRequest($"'{bad}' is not a finding id (f- and 12 hex digits)");
                results = await migrations.MigrateFindingsAsync(caller, ids, request.DryRun, ct);
            }
            else if (request?.DryRun == true)
                results = await migrations.MigrateAllAsync(caller, request.Namespace, dryRun: true, ct);
            else
                return Problems.BadRequest(
                    "Applying needs the ids of the findings that were reviewed: {\"findings\": [\"f-…\"]}. A namespace (or the whole node) " +
                    "can only be previewed (\"dryRun\": true), because a finding that appeared since the review would be applied unseen.");
        }
        catch (NamespaceNotFoundException e) { return Problems.NotFound(e.Message); }
        catch (ArgumentException e) { return Problems.BadRequest(e.Message); }
        catch (TimeoutException e) { return Problems.Conflict(e.Message); }
        return TypedResults.Ok(results.Select(MigrationResultDto.From).ToArray());
    }
}
