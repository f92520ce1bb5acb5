using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>One netlink request of a plan, with the `ip` command that does the same thing.</summary>
public sealed record RouteOperation(RouteChange Kind, Route Route, string IpCommand);

/// <summary>
/// How to move a finding's nexthops into their VRF tables: the operations in order (adds first,
/// removals second), the route as planned against, and the routes expected once it is applied.
/// </summary>
public sealed record MigrationPlan(
    string FindingId,
    string NamespaceId,
    Route Original,
    IReadOnlyList<RouteOperation> Steps,
    IReadOnlyList<Route> ExpectedAdded,
    /// <summary>What remains of the original route afterwards, or null when it goes entirely.</summary>
    Route? ExpectedRemaining,
    /// <summary>The namespace's devices and VRFs the plan was made on: names for printing its routes.</summary>
    VrfTopology Names);

/// <summary>A finding with the plan that fixes it, or none where no safe automatic fix exists.</summary>
public sealed record Diagnosis(Finding Finding, MigrationPlan? Plan)
{
    public string Id => Finding.Id;
    public bool Fixable => Plan is not null;
}
