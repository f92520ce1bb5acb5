namespace Dashboard.Server.Routing;

/// <summary>
/// One path of a route: the single path of a plain route, one RTA_MULTIPATH entry, or one member of
/// a nexthop group expanded. Weight is iproute2's (rtnh_hops + 1).
/// </summary>
public sealed record Nexthop(
    string? Gateway,
    IpFamily? GatewayFamily,
    int? LinkIndex,
    string? Dev,
    int Weight,
    IReadOnlyList<string> Flags)
{
    /// <summary>For nexthop-group members: the id of the nexthop object this path came from.</summary>
    public uint? NexthopId { get; init; }
}
