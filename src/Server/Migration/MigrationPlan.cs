using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

public enum RouteOperationKind { Add, Replace, Delete }

/// <summary>One netlink request of a plan, with the `ip` command that does the same thing.</summary>
public sealed record RouteOperation(RouteOperationKind Kind, Route Route, string IpCommand);

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
    Route? ExpectedRemaining);
