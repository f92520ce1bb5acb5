using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>
/// Plans that only add what a finding says is missing: one step each, nothing removed, so the
/// traffic that works today keeps working whatever happens to the step.
/// </summary>
internal static class AdditionPlans
{
    /// <summary>
    /// vrf-table-no-default: `ip [-6] route add unreachable default table T metric 4278198272`, as
    /// Documentation/networking/vrf.rst recommends. The metric puts it behind any default an operator
    /// adds later, so it only answers the lookups that would otherwise leave the VRF.
    /// </summary>
    public static MigrationPlan UnreachableDefault(Finding finding, IRoutingState state)
    {
        var family = finding.Family ?? throw new ArgumentException("a vrf-table-no-default finding names its family", nameof(finding));
        var table = finding.Table ?? throw new ArgumentException("a vrf-table-no-default finding names its table", nameof(finding));
        // What `ip route add` sends: protocol boot, scope universe, no device. The kernel shows the IPv6
        // one with "dev lo" and preference medium; a reject route's device is not part of its identity
        // (RouteComparer), so the request is also the route to expect.
        var route = new Route
        {
            Family = family, Table = table, Type = RouteType.Unreachable, Dst = IpPrefix.Default(family),
            Metric = VrfDefaultAnalysis.UnreachableMetric, Protocol = RouteProtocol.Boot, Scope = RouteScope.Universe,
        };
        var names = state.Topology;
        return new MigrationPlan(finding.Id, finding.NamespaceId, null, [PlanStep.ForRoute(RouteChange.Add, route, names)], [route], null, names);
    }

    /// <summary>l3mdev-rule-missing: `ip [-6] rule add l3mdev pref 1000`, the rule as the kernel adds it with the first VRF.</summary>
    public static MigrationPlan L3mdevRule(Finding finding, IRoutingState state)
    {
        var family = finding.Family ?? throw new ArgumentException("an l3mdev-rule-missing finding names its family", nameof(finding));
        var rule = new Rule { Family = family, Priority = L3mdevAnalysis.KernelPreference, Action = RuleAction.ToTable, L3mdev = true };
        return new MigrationPlan(finding.Id, finding.NamespaceId, null, [PlanStep.ForRule(RouteChange.Add, rule)], [], null, state.Topology)
        { ExpectedRules = [rule] };
    }
}
