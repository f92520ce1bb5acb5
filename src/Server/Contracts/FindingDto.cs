using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;

namespace Dashboard.Server.Contracts;

public sealed record OffendingNexthopDto(string? Gateway, string? Dev, int Weight, string Vrf, uint VrfTable, bool Movable);

public sealed record PlanStepDto(string Kind, string IpCommand, RouteDto Route);

public sealed record PlanDto(IReadOnlyList<PlanStepDto> Steps, IReadOnlyList<RouteDto> ExpectedAdded, RouteDto? ExpectedRemaining)
{
    public static PlanDto From(MigrationPlan p) => new(
        p.Steps.Select(s => new PlanStepDto(s.Kind.ToString().ToLowerInvariant(), s.IpCommand, RouteDto.From(s.Route))).ToArray(),
        p.ExpectedAdded.Select(RouteDto.From).ToArray(),
        p.ExpectedRemaining is { } r ? RouteDto.From(r) : null);
}

/// <summary>A finding as the CLI's --json and the API print it.</summary>
public sealed record FindingDto(
    string Id, string Namespace, string Kind, string Severity, string Title, string Explanation,
    RouteDto Route, IReadOnlyList<OffendingNexthopDto> Offending, bool Fixable, PlanDto? Plan)
{
    public static FindingDto From(Finding f) => new(
        f.Id, f.NamespaceId, KindName(f.Kind), f.Severity.ToString().ToLowerInvariant(), f.Title, f.Explanation,
        RouteDto.From(f.Route),
        f.Offending.Select(o => new OffendingNexthopDto(o.Nexthop.Gateway, o.Nexthop.Dev, o.Nexthop.Weight, o.VrfName, o.VrfTable, o.Movable)).ToArray(),
        f.Fixable, f.Plan is { } p ? PlanDto.From(p) : null);

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
        r.Plan is { } p ? PlanDto.From(p) : null, r.Before.Select(RouteDto.From).ToArray(), r.After.Select(RouteDto.From).ToArray());

    public static string OutcomeName(MigrationOutcome o) => o switch
    {
        MigrationOutcome.NothingToDo => "nothing-to-do",
        MigrationOutcome.RolledBack => "rolled-back",
        _ => o.ToString().ToLowerInvariant(),
    };

    /// <summary>Outcomes after which the routing is as the operator wanted (or untouched on purpose).</summary>
    public static bool Succeeded(MigrationOutcome o) => o is MigrationOutcome.Applied or MigrationOutcome.Planned or MigrationOutcome.NothingToDo;
}
