using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Contracts;

public sealed record OffendingNexthopDto(string? Gateway, string? Dev, int Weight, string Vrf, uint VrfTable, bool Movable);

public sealed record PlanStepDto(string Kind, string IpCommand, RouteDto Route);

public sealed record PlanDto(IReadOnlyList<PlanStepDto> Steps, IReadOnlyList<RouteDto> ExpectedAdded, RouteDto? ExpectedRemaining)
{
    public static PlanDto From(MigrationPlan p) => new(
        p.Steps.Select(s => new PlanStepDto(s.Kind.ToString().ToLowerInvariant(), s.IpCommand, RouteDto.From(s.Route, p.Names))).ToArray(),
        p.ExpectedAdded.Select(r => RouteDto.From(r, p.Names)).ToArray(),
        p.ExpectedRemaining is { } r ? RouteDto.From(r, p.Names) : null);
}

/// <summary>A finding as the CLI's --json and the API print it.</summary>
public sealed record FindingDto(
    string Id, string Namespace, string Kind, string Severity, string Title, string Explanation,
    RouteDto Route, IReadOnlyList<OffendingNexthopDto> Offending, bool Fixable, PlanDto? Plan)
{
    /// <param name="names">The finding's namespace: device and table names.</param>
    public static FindingDto From(Diagnosis d, VrfTopology names)
    {
        var f = d.Finding;
        return new(f.Id, f.NamespaceId, KindName(f.Kind), SeverityName(f.Severity), f.Title, f.Explanation,
            RouteDto.From(f.Route, names),
            f.Offending.Select(o => new OffendingNexthopDto(o.Nexthop.Gateway.IsNone ? null : o.Nexthop.Gateway.ToString(),
                names.DeviceName(o.Nexthop.Oif), o.Nexthop.Weight, o.Vrf.Name, o.Vrf.Table, o.Movable)).ToArray(),
            d.Fixable, d.Plan is { } p ? PlanDto.From(p) : null);
    }

    public static string SeverityName(Severity s) => s.ToString().ToLowerInvariant();

    /// <summary>Kebab-case kind names, stable for scripts.</summary>
    public static string KindName(FindingKind kind) => kind switch
    {
        FindingKind.MixedVrfEcmp => "mixed-vrf-ecmp",
        FindingKind.VrfMemberRouteInDefaultVrf => "vrf-member-route-in-default-vrf",
        _ => "inter-vrf-route",
    };
}

public sealed record MigrationResultDto(
    string Namespace, string Finding, string Outcome, string Message, string? KernelError,
    PlanDto? Plan, IReadOnlyList<RouteDto> Before, IReadOnlyList<RouteDto> After)
{
    public static MigrationResultDto From(MigrationResult r) => new(
        r.NamespaceId, r.FindingId, OutcomeName(r.Outcome), r.Message, r.KernelError,
        r.Plan is { } p ? PlanDto.From(p) : null, r.Before.Select(x => RouteDto.From(x, r.Names)).ToArray(),
        r.After.Select(x => RouteDto.From(x, r.Names)).ToArray());

    public static string OutcomeName(MigrationOutcome o) => o switch
    {
        MigrationOutcome.NothingToDo => "nothing-to-do",
        MigrationOutcome.RolledBack => "rolled-back",
        _ => o.ToString().ToLowerInvariant(),
    };

    /// <summary>Outcomes after which the routing is as the operator wanted (or untouched on purpose).</summary>
    public static bool Succeeded(MigrationOutcome o) => o is MigrationOutcome.Applied or MigrationOutcome.Planned or MigrationOutcome.NothingToDo;
}
