namespace Dashboard.Server.Routing;

/// <summary>A nexthop object (RTM_NEWNEXTHOP): a single nexthop or a group of other objects.</summary>
public sealed record NexthopObject(
    uint Id,
    IpFamily? Family,
    IpAddr Gateway,
    /// <summary>NHA_OIF, 0 when none.</summary>
    int Oif,
    bool Blackhole,
    RouteProtocol Protocol,
    IReadOnlyList<NexthopGroupMember> Group,
    uint Flags)
{
    public bool IsGroup => Group.Count > 0;
}

/// <summary>A member of a nexthop group: the object id and its weight (iproute2's, 1-based).</summary>
public sealed record NexthopGroupMember(uint Id, int Weight);
