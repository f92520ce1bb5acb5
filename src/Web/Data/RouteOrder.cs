using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>
/// The order the namespace page lists routes in, whichever way they were read: IPv4 before IPv6; table
/// main first, local last, the others by number between; then by destination address, shorter prefix
/// first (default on top, as `ip route` shows it), then metric, then the paths. A netlink dump and the
/// live model hold the same routes in different orders; the page must not reshuffle when it reloads.
/// </summary>
public static class RouteOrder
{
    public static Route[] Sort(IReadOnlyList<Route> routes)
    {
        var keys = new Key[routes.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = Key.Of(routes[i]);
        // A key that compares itself: no delegate call per comparison.
        Array.Sort(keys);
        var sorted = new Route[keys.Length];
        for (int i = 0; i < sorted.Length; i++) sorted[i] = keys[i].Route;
        return sorted;
    }

    private readonly struct Key(ulong major, UInt128 address, ulong minor, Route route) : IComparable<Key>
    {
        /// <summary>Family, table rank and table id in one number.</summary>
        private readonly ulong _major = major;
        private readonly UInt128 _address = address;
        /// <summary>Prefix length and metric.</summary>
        private readonly ulong _minor = minor;
        public Route Route { get; } = route;

        public static Key Of(Route r)
        {
            ulong rank = r.Table switch { RoutingTable.Main => 0, RoutingTable.Local => 2, _ => 1 };
            ulong major = ((r.Family == IpFamily.Inet ? 0UL : 1UL) << 40) | (rank << 32) | r.Table;
            return new Key(major, r.Dst.Address.Value, ((ulong)r.Dst.Length << 32) | r.EffectiveMetric, r);
        }

        public int CompareTo(Key o)
        {
            int c = _major.CompareTo(o._major);
            if (c == 0) c = _address.CompareTo(o._address);
            if (c == 0) c = _minor.CompareTo(o._minor);
            return c != 0 || ReferenceEquals(Route, o.Route) ? c : TieBreak(Route, o.Route);
        }

        /// <summary>Rare (IPv4 aliases, IPv6 device routes, source-specific routes): the rest of the key, then the paths.</summary>
        private static int TieBreak(Route a, Route b)
        {
            int c = a.Src.CompareTo(b.Src);
            if (c == 0) c = a.Tos.CompareTo(b.Tos);
            if (c == 0) c = a.Type.CompareTo(b.Type);
            if (c != 0) return c;
            var pa = RouteComparer.PathSignatures(a);
            var pb = RouteComparer.PathSignatures(b);
            for (int i = 0; i < Math.Min(pa.Length, pb.Length); i++)
                if ((c = pa[i].CompareTo(pb[i])) != 0) return c;
            return pa.Length.CompareTo(pb.Length);
        }
    }
}
