using System.Net;

namespace Dashboard.Server.Routing;

/// <summary>
/// Route equality as the kernel keys and shows a route: family, table, dst, source prefix, tos, metric,
/// type, IPv6 preference, protocol, IPv4 scope, nhid, and the paths as a multiset of
/// (gateway, dev, weight, onlink). Table names, state flags (linkdown, dead…) and the order of paths
/// are not part of it: they change without anyone changing the route.
/// </summary>
public sealed class RouteComparer : IEqualityComparer<Route>
{
    public static readonly RouteComparer Instance = new();

    /// <summary>The metric the kernel gives a route added without one: 1024 for IPv6, 0 for IPv4.</summary>
    public static uint EffectiveMetric(Route r) => r.Metric ?? (r.Family == IpFamily.Inet6 ? 1024u : 0u);

    /// <summary>The kernel reports every IPv6 route's preference; a missing one means medium.</summary>
    public static string? EffectivePref(Route r) => r.Family == IpFamily.Inet6 ? r.Pref ?? "medium" : null;

    public static bool SameRoute(Route a, Route b) => Instance.Equals(a, b);

    /// <summary>Same place in the kernel's table: what add-with-exclusive would collide on.</summary>
    public static bool SameSlot(Route a, Route b) =>
        a.Family == b.Family && a.Table == b.Table && a.Tos == b.Tos
        && EffectiveMetric(a) == EffectiveMetric(b)
        && NormalizePrefix(a.Dst) == NormalizePrefix(b.Dst)
        && NormalizePrefix(a.Src) == NormalizePrefix(b.Src);

    public bool Equals(Route? a, Route? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        if (!SameSlot(a, b) || a.Type != b.Type || a.Protocol != b.Protocol || a.NexthopId != b.NexthopId) return false;
        if (EffectivePref(a) != EffectivePref(b)) return false;
        // IPv6 routes always carry scope universe; IPv4 scope is part of what `ip route` shows and keeps.
        if (a.Family == IpFamily.Inet && a.Scope != b.Scope) return false;
        var pa = PathSignatures(a);
        var pb = PathSignatures(b);
        return pa.SequenceEqual(pb);
    }

    public int GetHashCode(Route r) =>
        HashCode.Combine(r.Family, r.Table, NormalizePrefix(r.Dst), EffectiveMetric(r), r.Type, r.Protocol);

    /// <summary>The paths as sorted (gateway, dev, weight, onlink) tuples; weight only counts when there are several.</summary>
    public static IReadOnlyList<PathSignature> PathSignatures(Route r)
    {
        var paths = r.Paths;
        var multi = paths.Count > 1;
        return paths.Select(p => Signature(p, multi)).Order().ToArray();
    }

    public static PathSignature Signature(Nexthop p, bool weightCounts) =>
        new(NormalizeAddress(p.Gateway) ?? "", p.Dev ?? (p.LinkIndex is { } i ? "#" + i : ""),
            weightCounts ? p.Weight : 1, p.Flags.Contains("onlink"));

    /// <summary>Canonical text for an address ("2001:DB8::01" → "2001:db8::1"); null stays null.</summary>
    public static string? NormalizeAddress(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return IPAddress.TryParse(text, out var ip) ? ip.ToString() : text;
    }

    /// <summary>Canonical CIDR text; "default" is left for the caller's family to decide, so it stays as is.</summary>
    public static string? NormalizePrefix(string? cidr)
    {
        if (string.IsNullOrEmpty(cidr)) return null;
        var slash = cidr.IndexOf('/');
        if (slash < 0) return NormalizeAddress(cidr);
        return NormalizeAddress(cidr[..slash]) + cidr[slash..];
    }
}

/// <summary>One path as the comparer sees it.</summary>
public readonly record struct PathSignature(string Gateway, string Dev, int Weight, bool Onlink) : IComparable<PathSignature>
{
    public int CompareTo(PathSignature other)
    {
        var c = string.CompareOrdinal(Gateway, other.Gateway);
        if (c != 0) return c;
        c = string.CompareOrdinal(Dev, other.Dev);
        if (c != 0) return c;
        c = Weight.CompareTo(other.Weight);
        return c != 0 ? c : Onlink.CompareTo(other.Onlink);
    }

    public override string ToString() =>
        (Gateway.Length > 0 ? $"via {Gateway} " : "") + $"dev {Dev} weight {Weight}" + (Onlink ? " onlink" : "");
}
