using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Contracts;

public sealed record OffendingNexthopDto(string? Gateway, string? Dev, int Weight, string Vrf, uint VrfTable, bool Movable);

/// <summary>One step of a plan: a route request (<c>route</c>) or a rule request (<c>rule</c>, as `ip rule` arguments).</summary>
public sealed record PlanStepDto(string Kind, string IpCommand, RouteDto? Route, string? Rule);

public sealed record PlanDto(IReadOnlyList<PlanStepDto> Steps, IReadOnlyList<RouteDto> ExpectedAdded, RouteDto? ExpectedRemaining,
    IReadOnlyList<string> ExpectedRules)
{
    public static PlanDto From(MigrationPlan p) => new(
        p.Steps.Select(s => new PlanStepDto(s.Kind.ToString().ToLowerInvariant(), s.IpCommand,
            s.Route is { } route ? RouteDto.From(route, p.Names) : null, s.Rule is { } rule ? RuleText.Arguments(rule) : null)).ToArray(),
        p.ExpectedAdded.Select(r => RouteDto.From(r, p.Names)).ToArray(),
        p.ExpectedRemaining is { } r ? RouteDto.From(r, p.Names) : null,
        p.ExpectedRules.Select(RuleText.Arguments).ToArray());
}

/// <summary>A VRF a finding is about: its device and table.</summary>
public sealed record FindingVrfDto(string Name, uint Table);

/// <summary>
/// A finding as the CLI's --json and the API print it. <c>route</c> and <c>offending</c> are there for
/// the route kinds (null and empty otherwise); <c>family</c>, <c>table</c>, <c>vrfs</c>, <c>rule</c>
/// (as `ip rule add` arguments) and <c>linkdown</c> (the paths without carrier) say what the other
/// kinds are about.
/// </summary>
public sealed record FindingDto(
    string Id, string Namespace, string Kind, string Severity, string Title, string Explanation,
    RouteDto? Route, IReadOnlyList<OffendingNexthopDto> Offending, bool Fixable, PlanDto? Plan,
    string? Family, uint? Table, IReadOnlyList<FindingVrfDto> Vrfs, string? Rule, IReadOnlyList<NexthopDto> Linkdown)
{
    /// <param name="names">The finding's namespace: device and table names.</param>
    public static FindingDto From(Diagnosis d, VrfTopology names)
    {
        var f = d.Finding;
        return new(f.Id, f.NamespaceId, FindingKinds.Name(f.Kind), SeverityName(f.Severity), f.Title, f.Explanation,
            f.Route is { } route ? RouteDto.From(route, names) : null,
            f.Offending.Select(o => new OffendingNexthopDto(o.Nexthop.Gateway.IsNone ? null : o.Nexthop.Gateway.ToString(),
                names.DeviceName(o.Nexthop.Oif), o.Nexthop.Weight, o.Vrf.Name, o.Vrf.Table, o.Movable)).ToArray(),
            d.Fixable, d.Plan is { } p ? PlanDto.From(p) : null,
            f.Family is { } family ? RouteNames.Family(family) : null, f.Table,
            f.Vrfs.Select(v => new FindingVrfDto(v.Name, v.Table)).ToArray(),
            f.Rule is { } rule ? RuleText.Arguments(rule) : null,
            f.LinkdownPaths.Select(n => NexthopDto.From(n, names)).ToArray());
    }

    public static string SeverityName(Severity s) => s.ToString().ToLowerInvariant();
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
