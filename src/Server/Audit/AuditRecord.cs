using Dashboard.Server.Contracts;
using Dashboard.Server.Migration;

namespace Dashboard.Server.Audit;

/// <summary>
/// One change attempt on routing as the audit trail keeps it: who asked, through what, and what
/// happened to the routes. By construction nothing else: no header, cookie or token ever reaches it.
/// Routes are kept in their JSON contract form (<see cref="RouteDto"/>), never as the model, so the
/// model can change without touching the records already on disk.
/// </summary>
public sealed record AuditRecord(
    string Id,
    DateTimeOffset When,
    /// <summary>The process that made the change: "dashboard", "cli", "cni" or "policy".</summary>
    string Actor,
    /// <summary>The identity's name, "operator" for the static token's holder, "anonymous", or the local user.</summary>
    string Who,
    /// <summary>The caller's address as the server saw it, or null (CLI, in-process).</summary>
    string? From,
    string NamespaceId,
    string FindingId,
    /// <summary>"migration", "recovery" or another change the dashboard makes.</summary>
    string Action,
    /// <summary>The outcome in its kebab-case form ("applied", "rolled-back", …).</summary>
    string Outcome,
    /// <summary>The plan as `ip` commands, in the order they were (or would have been) run.</summary>
    IReadOnlyList<string> Commands,
    IReadOnlyList<RouteDto> Before,
    IReadOnlyList<RouteDto> After,
    string Message,
    string? KernelError)
{
    public const string Anonymous = "anonymous";

    /// <summary>The record of one migration attempt.</summary>
    public static AuditRecord FromResult(MigrationResult result, string actor, string who, string? from, DateTimeOffset when) => new(
        Id: Guid.CreateVersion7(when).ToString("N"),
        When: when.ToUniversalTime(),
        Actor: actor,
        Who: who,
        From: from,
        NamespaceId: result.NamespaceId,
        FindingId: result.FindingId,
        Action: "migration",
        Outcome: MigrationResultDto.OutcomeName(result.Outcome),
        Commands: result.Plan?.Steps.Select(s => s.IpCommand).ToArray() ?? [],
        Before: result.Before.Select(r => RouteDto.From(r, result.Names)).ToArray(),
        After: result.After.Select(r => RouteDto.From(r, result.Names)).ToArray(),
        Message: result.Message,
        KernelError: result.KernelError);
}

/// <summary>A page of the trail, newest first.</summary>
public sealed record AuditPage(
    IReadOnlyList<AuditRecord> Items,
    int Offset,
    int Limit,
    bool HasMore,
    /// <summary>Lines in the part read that could not be parsed (a write torn by a crash).</summary>
    int DamagedLines);
