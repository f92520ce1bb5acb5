using System.Net;
using System.Security.Claims;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Audit;

/// <summary>
/// One migration attempt as the audit trail keeps it. It holds who asked and what happened to the
/// routes, and by construction nothing else: no header, cookie or token ever reaches it.
/// </summary>
public sealed record AuditRecord(
    string Id,
    DateTimeOffset When,
    /// <summary>The identity's name, "operator" for the static token's holder, or "anonymous".</summary>
    string Who,
    /// <summary>The caller's address as the server saw it, or null (CLI, in-process).</summary>
    string? From,
    string NamespaceId,
    string FindingId,
    MigrationOutcome Outcome,
    /// <summary>The plan as `ip` commands, in the order they were (or would have been) run.</summary>
    IReadOnlyList<string> Commands,
    IReadOnlyList<Route> RouteBefore,
    IReadOnlyList<Route> RouteAfter,
    string Message,
    string? KernelError)
{
    public const string Anonymous = "anonymous";

    public static AuditRecord FromResult(MigrationResult result, ClaimsPrincipal? user, IPAddress? remote, DateTimeOffset when) => new(
        Id: Guid.CreateVersion7(when).ToString("N"),
        When: when.ToUniversalTime(),
        Who: WhoIs(user),
        From: remote is null ? null : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString(),
        NamespaceId: result.NamespaceId,
        FindingId: result.FindingId,
        Outcome: result.Outcome,
        Commands: result.Plan?.Steps.Select(s => s.IpCommand).ToArray() ?? [],
        RouteBefore: result.Before,
        RouteAfter: result.After,
        Message: result.Message,
        KernelError: result.KernelError);

    public static string WhoIs(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true } identity
            ? string.IsNullOrEmpty(identity.Name) ? "authenticated" : identity.Name
            : Anonymous;
}

/// <summary>A page of the trail, newest first.</summary>
public sealed record AuditPage(
    IReadOnlyList<AuditRecord> Items,
    int Offset,
    int Limit,
    bool HasMore,
    /// <summary>Lines in the part read that could not be parsed (a write torn by a crash).</summary>
    int DamagedLines);
