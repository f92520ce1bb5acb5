using System.Net;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>
/// The order the namespace page lists routes in, whichever way they were read: IPv4 before IPv6; table
/// main first, local last, the others by number between; then by destination address, shorter prefix
/// first (default on top, as `ip route` shows it), then metric, then device and gateway (the rest of
/// the line where all that is equal). A netlink dump and the live model hold the same routes in
/// different orders; the page must not reshuffle when it reloads.
/// </summary>
public static class RouteOrder
{
    public static Route[] Sort(IReadOnlyList<Route> routes)
    {
        var keyed = new (Key Key, Route Route)[routes.Count];
        for (int i = 0; i < keyed.Length; i++) keyed[i] = (KeyOf(routes[i]), routes[i]);
        Array.Sort(keyed, static (a, b) => a.Key.CompareTo(b.Key));
        var sorted = new Route[keyed.Length];
        for (int i = 0; i < sorted.Length; i++) sorted[i] = keyed[i].Route;
        return sorted;
    }

    private readonly record struct Key(int Family, int TableRank, uint Table, UInt128 Address, int PrefixLength, uint Metric, Route Route) : IComparable<Key>
    {
        public int CompareTo(Key o)
        {
            int c = Family.CompareTo(o.Family);
            if (c == 0) c = TableRank.CompareTo(o.TableRank);
            if (c == 0) c = Table.CompareTo(o.Table);
            if (c == 0) c = Address.CompareTo(o.Address);
            if (c == 0) c = PrefixLength.CompareTo(o.PrefixLength);
            if (c == 0) c = string.CompareOrdinal(Route.Dst, o.Route.Dst); // only unparseable text gets this far
            if (c == 0) c = Metric.CompareTo(o.Metric);
            if (c == 0) c = string.CompareOrdinal(Route.Paths.FirstOrDefault()?.Dev, o.Route.Paths.FirstOrDefault()?.Dev);
            if (c == 0) c = string.CompareOrdinal(Route.Paths.FirstOrDefault()?.Gateway, o.Route.Paths.FirstOrDefault()?.Gateway);
            // Rare (IPv4 aliases, same-slot IPv6 routes on one device): the whole line decides.
            if (c == 0) c = string.CompareOrdinal(RouteText.Format(Route), RouteText.Format(o.Route));
            return c;
        }
    }

    private static Key KeyOf(Route r)
    {
        int rank = r.Table switch { RoutingTable.Main => 0, RoutingTable.Local => 2, _ => 1 };
        UInt128 address = 0;
        int length = -1;
        if (IPNetwork.TryParse(r.Dst, out var net))
        {
            Span<byte> bytes = stackalloc byte[16];
            net.BaseAddress.TryWriteBytes(bytes, out int n);
            foreach (var b in bytes[..n]) address = (address << 8) | b;
            length = net.PrefixLength;
        }
        return new Key(r.Family == IpFamily.Inet ? 0 : 1, rank, r.Table, address, length, RouteComparer.EffectiveMetric(r), r);
    }
}
