namespace Dashboard.Server.Routing;

/// <summary>
/// One path of a route: the single path of a plain route, one RTA_MULTIPATH entry, or one member of
/// a nexthop group expanded. <see cref="Weight"/> is iproute2's (rtnh_hops + 1); <see cref="Oif"/> is
/// the device's index (0: none); <see cref="Gateway"/> may be of another family (RTA_VIA).
/// </summary>
public readonly record struct Nexthop(IpAddr Gateway, int Oif, int Weight = 1, uint Flags = 0)
{
    /// <summary>For nexthop-group members: the id of the nexthop object this path came from (0: none).</summary>
    public uint NexthopId { get; init; }

    public bool HasGateway => !Gateway.IsNone;
    public bool Onlink => (Flags & RouteFlags.Onlink) != 0;

    /// <summary>The same path as a request can state it: no weight beyond 1 for a single path, only settable flags.</summary>
    public Nexthop Settable(bool keepWeight) =>
        new(Gateway, Oif, keepWeight ? Weight : 1, Flags & RouteFlags.Settable) { NexthopId = NexthopId };
}
