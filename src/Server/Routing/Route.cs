namespace Dashboard.Server.Routing;

/// <summary>
/// One route of one table, as the kernel holds it. Fields follow iproute2's print_route order.
/// A multipath route has its paths in <see cref="Nexthops"/>; a single-path one has them in
/// <see cref="Gateway"/>/<see cref="Dev"/> and an empty list.
/// </summary>
public sealed record Route
{
    public required IpFamily Family { get; init; }
    public required uint Table { get; init; }
    public string TableName { get; init; } = "";
    public string Type { get; init; } = "unicast";
    /// <summary>Destination in CIDR form; the default route is 0.0.0.0/0 or ::/0.</summary>
    public required string Dst { get; init; }
    public string? Src { get; init; }
    public string Protocol { get; init; } = "boot";
    public string Scope { get; init; } = "global";
    public uint? Metric { get; init; }
    /// <summary>IPv6 router preference: "low", "medium", "high" or null.</summary>
    public string? Pref { get; init; }
    public string? PrefSrc { get; init; }
    public string? Gateway { get; init; }
    /// <summary>Family of an RTA_VIA gateway when it differs from the route's family.</summary>
    public IpFamily? ViaFamily { get; init; }
    public int? LinkIndex { get; init; }
    public string? Dev { get; init; }
    public IReadOnlyList<string> Flags { get; init; } = [];
    public IReadOnlyList<Nexthop> Nexthops { get; init; } = [];
    public uint? NexthopId { get; init; }
    public byte Tos { get; init; }

    public bool IsMultipath => Nexthops.Count > 0;

    /// <summary>Every path of the route, single or multiple, as nexthops.</summary>
    public IReadOnlyList<Nexthop> Paths => IsMultipath
        ? Nexthops
        : [new Nexthop(Gateway, ViaFamily, LinkIndex, Dev, 1, Flags.Where(NexthopFlags.IsPathFlag).ToArray())];

    /// <summary>What identifies a route within its namespace: the kernel's key, not its paths.</summary>
    public RouteKey Key => new(Family, Table, Dst, Tos, Metric ?? 0, Type);
}

/// <summary>The kernel's identity of a route: family, table, destination, tos and priority.</summary>
public readonly record struct RouteKey(IpFamily Family, uint Table, string Dst, byte Tos, uint Metric, string Type)
{
    public override string ToString() => $"{Family.Name()} table {Table} {Dst} tos {Tos} metric {Metric} {Type}";
}
