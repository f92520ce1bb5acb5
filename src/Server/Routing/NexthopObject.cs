namespace Dashboard.Server.Routing;

/// <summary>A nexthop object (RTM_NEWNEXTHOP): a single nexthop or a group of other objects.</summary>
public sealed record NexthopObject(
    uint Id,
    IpFamily? Family,
    string? Gateway,
    int? LinkIndex,
    string? Dev,
    bool Blackhole,
    string Protocol,
    IReadOnlyList<NexthopGroupMember> Group,
    IReadOnlyList<string> Flags)
{
    public bool IsGroup => Group.Count > 0;
}

/// <summary>A member of a nexthop group: the object id and its weight (iproute2's, 1-based).</summary>
public sealed record NexthopGroupMember(uint Id, int Weight);
