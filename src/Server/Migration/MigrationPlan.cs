using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>
/// One netlink request of a plan, with the `ip` command that does the same thing: a route request
/// (<see cref="Route"/>) or a rule request (<see cref="Rule"/>, add or delete); exactly one is set.
/// </summary>
public sealed record PlanStep(RouteChange Kind, Route? Route, Rule? Rule, string IpCommand)
{
    public static PlanStep ForRoute(RouteChange kind, Route route, VrfTopology names) =>
        new(kind, route, null, RouteText.Command(kind, route, names));

    public static PlanStep ForRule(RouteChange kind, Rule rule) =>
        new(kind, null, rule, RuleText.Command(kind, rule));
}

/// <summary>
/// How to fix a finding: the steps in order (adds first, removals second), the route as planned
/// against, and what the kernel should hold once it is applied. A plan that moves nexthops has an
/// <see cref="Original"/> route; a plan that only adds what is missing (an unreachable default, the
/// l3mdev rule) has none: its compare-and-swap is that the finding is still there and the slots it
/// fills are still empty.
/// </summary>
public sealed record MigrationPlan(
    string FindingId,
    string NamespaceId,
    /// <summary>The route the plan changes, as planned against; null for a plan that only adds.</summary>
    Route? Original,
    IReadOnlyList<PlanStep> Steps,
    /// <summary>Each route the add steps make, in their order, as the kernel will show it.</summary>
    IReadOnlyList<Route> ExpectedAdded,
    /// <summary>What remains of the original route afterwards, or null when it goes entirely (or there is none).</summary>
    Route? ExpectedRemaining,
    /// <summary>The namespace's devices and VRFs the plan was made on: names for printing its routes.</summary>
    VrfTopology Names)
{
    /// <summary>Each rule the rule-add steps make, in their order.</summary>
    public IReadOnlyList<Rule> ExpectedRules { get; init; } = [];
}

/// <summary>A finding with the plan that fixes it, or none where no safe automatic fix exists.</summary>
public sealed record Diagnosis(Finding Finding, MigrationPlan? Plan)
{
    public string Id => Finding.Id;
    public bool Fixable => Plan is not null;
}
