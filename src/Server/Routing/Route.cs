namespace Dashboard.Server.Routing;

/// <summary>
/// One route of one table as the kernel holds it: its key (<see cref="Key"/>), its attributes and its
/// paths, all as the kernel's values. A multipath route has its paths in <see cref="Nexthops"/>; a
/// single-path one has <see cref="Gateway"/>/<see cref="Oif"/> and an empty list. Names (tables,
/// devices, protocols) are made only when printing (<see cref="RouteText"/>, the JSON contracts).
/// </summary>
public sealed record Route
{
    public required IpFamily Family { get; init; }
    /// <summary>RTA_TABLE when present, else rtm_table.</summary>
    public required uint Table { get; init; }
    public RouteType Type { get; init; } = RouteType.Unicast;
    public required IpPrefix Dst { get; init; }
    /// <summary>IPv6 source prefix (RTA_SRC with rtm_src_len); none for IPv4.</summary>
    public IpPrefix Src { get; init; }
    public byte Tos { get; init; }
    public RouteProtocol Protocol { get; init; } = RouteProtocol.Boot;
    public RouteScope Scope { get; init; } = RouteScope.Universe;
    /// <summary>RTA_PRIORITY; null when the kernel sent none (IPv4 metric 0).</summary>
    public uint? Metric { get; init; }
    public RoutePref? Pref { get; init; }
    /// <summary>RTA_PREFSRC, or none.</summary>
    public IpAddr PrefSrc { get; init; }
    public IpAddr Gateway { get; init; }
    /// <summary>RTA_OIF, 0 when none.</summary>
    public int Oif { get; init; }
    /// <summary>rtm_flags: RTNH_F_* bits of the single path and RTM_F_* bits of the route.</summary>
    public uint Flags { get; init; }
    public IReadOnlyList<Nexthop> Nexthops { get; init; } = [];
    /// <summary>RTA_NH_ID: the nexthop object the route uses, or null.</summary>
    public uint? NexthopId { get; init; }

    public bool IsMultipath => Nexthops.Count > 0;
    public bool IsDefault => Dst.IsDefault;

    /// <summary>The kernel's identity of the route's slot.</summary>
    public RouteKey Key => RouteKey.Of(this);

    /// <summary>The metric the kernel gives a route added without one: 1024 for IPv6, 0 for IPv4.</summary>
    public uint EffectiveMetric => Metric ?? (Family == IpFamily.Inet6 ? 1024u : 0u);

    /// <summary>Every path of the route, single or multiple, as nexthops.</summary>
    public IReadOnlyList<Nexthop> Paths => IsMultipath
        ? Nexthops
        : [new Nexthop(Gateway, Oif, 1, Flags & RouteFlags.PathBits) { NexthopId = NexthopId ?? 0 }];

    /// <summary>How many paths the route has, without building them.</summary>
    public int PathCount => IsMultipath ? Nexthops.Count : 1;

    /// <summary>Whether any path goes out of <paramref name="oif"/>.</summary>
    public bool Uses(int oif)
    {
        if (!IsMultipath) return Oif == oif;
        foreach (var n in Nexthops) if (n.Oif == oif) return true;
        return false;
    }

    /// <summary>
    /// The route with the given paths in the given table: one path makes a plain route, several a
    /// multipath route keeping each weight. Only settable flags are kept: dead, linkdown and the like
    /// are states the kernel reports, not settings a request can carry. No nexthop object.
    /// </summary>
    public Route WithPaths(uint table, IReadOnlyList<Nexthop> paths)
    {
        var bare = this with { Table = table, Gateway = default, Oif = 0, Flags = 0, Nexthops = [], NexthopId = null };
        if (paths.Count == 1)
        {
            var p = paths[0];
            return bare with { Gateway = p.Gateway, Oif = p.Oif, Flags = p.Flags & RouteFlags.Settable };
        }
        var hops = new Nexthop[paths.Count];
        for (int i = 0; i < hops.Length; i++) hops[i] = paths[i].Settable(keepWeight: true) with { NexthopId = 0 };
        return bare with { Nexthops = hops };
    }
}
