namespace Dashboard.Server.Routing;

/// <summary>
/// Route equality as the kernel keys and shows a route: its <see cref="RouteKey"/>, type, IPv6
/// preference, protocol, IPv4 scope, nhid, and the paths as a multiset of (gateway, device, weight,
/// onlink), except for reject routes, which have no path. State flags (linkdown, dead…) and the order
/// of paths are not part of it: they change without anyone changing the route. What compare-and-swap and verification compare.
/// </summary>
public sealed class RouteComparer : IEqualityComparer<Route>
{
    public static readonly RouteComparer Instance = new();

    /// <summary>The kernel reports every IPv6 route's preference; a missing one means medium.</summary>
    public static RoutePref? EffectivePref(Route r) => r.Family == IpFamily.Inet6 ? r.Pref ?? RoutePref.Medium : null;

    public static bool SameRoute(Route a, Route b) => Instance.Equals(a, b);

    public bool Equals(Route? a, Route? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        if (a.Key != b.Key || a.Type != b.Type || a.Protocol != b.Protocol || a.NexthopId != b.NexthopId) return false;
        if (EffectivePref(a) != EffectivePref(b)) return false;
        // IPv6 routes always carry scope universe; IPv4 scope is part of what `ip route` shows and keeps.
        if (a.Family == IpFamily.Inet && a.Scope != b.Scope) return false;
        // A reject route goes nowhere: the kernel shows IPv6 ones "dev lo" whatever the request said.
        if (IsReject(a.Type)) return true;
        if (a.PathCount != b.PathCount) return false;
        if (!a.IsMultipath && !b.IsMultipath) return Signature(a.Paths[0], false) == Signature(b.Paths[0], false);
        return PathSignatures(a).AsSpan().SequenceEqual(PathSignatures(b));
    }

    public int GetHashCode(Route r) => HashCode.Combine(r.Key, r.Type, r.Protocol);

    /// <summary>Blackhole, unreachable, prohibit and throw: routes that end a lookup without any path.</summary>
    public static bool IsReject(RouteType type) =>
        type is RouteType.Blackhole or RouteType.Unreachable or RouteType.Prohibit or RouteType.Throw;

    /// <summary>The paths as sorted signatures; weight only counts when there are several.</summary>
    public static PathSignature[] PathSignatures(Route r)
    {
        var paths = r.Paths;
        var multi = paths.Count > 1;
        var sigs = new PathSignature[paths.Count];
        for (int i = 0; i < sigs.Length; i++) sigs[i] = Signature(paths[i], multi);
        Array.Sort(sigs);
        return sigs;
    }

    public static PathSignature Signature(Nexthop p, bool weightCounts) =>
        new(p.Gateway, p.Oif, weightCounts ? p.Weight : 1, p.Onlink);
}

/// <summary>One path as the comparer sees it: where it goes, not its state.</summary>
public readonly record struct PathSignature(IpAddr Gateway, int Oif, int Weight, bool Onlink) : IComparable<PathSignature>
{
    /// <summary>The same path whatever its weight (IPv6 siblings are matched that way).</summary>
    public PathSignature Unweighted => this with { Weight = 1 };

    /// <summary>
    /// Written out because the record's generated one prints every property, <see cref="Unweighted"/>
    /// included, which is a signature again: it recursed until the stack overflowed.
    /// </summary>
    public override string ToString() =>
        $"{(Gateway.IsNone ? "" : $"via {Gateway} ")}oif {Oif} weight {Weight}{(Onlink ? " onlink" : "")}";

    public int CompareTo(PathSignature other)
    {
        int c = Gateway.CompareTo(other.Gateway);
        if (c == 0) c = Oif.CompareTo(other.Oif);
        if (c == 0) c = Weight.CompareTo(other.Weight);
        return c != 0 ? c : Onlink.CompareTo(other.Onlink);
    }
}
