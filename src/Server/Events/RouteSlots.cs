using Dashboard.Server.Routing;

namespace Dashboard.Server.Events;

/// <summary>Where the kernel files a route: what `ip route add` without NLM_F_EXCL would collide on.</summary>
internal readonly record struct SlotKey(IpFamily Family, uint Table, string Dst, string? Src, byte Tos, uint Metric)
{
    public static SlotKey Of(Route r) => new(r.Family, r.Table, r.Dst, r.Src, r.Tos, RouteComparer.EffectiveMetric(r));
}

/// <summary>What one route event did to the model: the route before and after (null for absent).</summary>
internal readonly record struct RouteEdit(Route? Before, Route? After);

/// <summary>
/// The routes of one namespace as the kernel holds them, updated by RTM_NEWROUTE/RTM_DELROUTE.
/// A slot holds several routes only where the kernel allows it: IPv4 aliases added with append, and
/// IPv6 routes that do not qualify for ECMP (no gateway). The rules follow fib_table_insert and
/// fib6_add_rt2; applying an event the model already reflects changes nothing, which is what makes
/// replaying the events queued during a dump safe.
/// </summary>
internal sealed class RouteSlots
{
    private readonly Dictionary<SlotKey, List<Route>> _slots = [];

    public int Count { get; private set; }

    public IEnumerable<Route> All => _slots.Values.SelectMany(l => l);

    public void Load(IEnumerable<Route> routes)
    {
        _slots.Clear();
        Count = 0;
        foreach (var r in routes) Slot(SlotKey.Of(r)).Add(r);
        Count = _slots.Values.Sum(l => l.Count);
    }

    /// <summary>RTM_NEWROUTE with its nlmsg flags (NLM_F_REPLACE, NLM_F_APPEND).</summary>
    public RouteEdit Add(Route route, bool replace, bool append)
    {
        var list = Slot(SlotKey.Of(route));
        int same = list.FindIndex(r => RouteComparer.SameRoute(r, route));
        if (same >= 0)
        {
            var old = list[same];
            // Only state flags (linkdown, offload) or names can differ from what the model holds.
            if (SameFlags(old, route)) return new RouteEdit(old, old);
            list[same] = route;
            return new RouteEdit(old, route);
        }
        int target = -1;
        if (replace && list.Count > 0) target = 0;
        else if (route.Family == IpFamily.Inet6)
        {
            // A notice about an IPv6 sibling carries the whole multipath route: it supersedes the entry it shares paths with.
            target = list.FindIndex(r => SharesPath(r, route));
            // Gateway routes of one IPv6 slot are always one ECMP group, and each notice shows the whole
            // group as it was then; a notice sharing no path with the model's group is one the model
            // has moved past (replayed after a dump), and it still names the group's state at its time.
            if (target < 0 && QualifiesForEcmp(route)) target = list.FindIndex(QualifiesForEcmp);
        }
        if (target >= 0)
        {
            var old = list[target];
            if (!replace && route.IsMultipath) route = InSiblingOrder(route, old);
            list[target] = route;
            // The kernel never holds two identical routes in one slot; a replayed event could leave one.
            for (int i = list.Count - 1; i >= 0; i--)
            {
                if (i != target && RouteComparer.SameRoute(list[i], route))
                {
                    list.RemoveAt(i);
                    Count--;
                }
            }
            return new RouteEdit(old, route);
        }
        if (append || route.Family == IpFamily.Inet6) list.Add(route);
        else list.Insert(0, route);
        Count++;
        return new RouteEdit(null, route);
    }

    /// <summary>
    /// RTM_DELROUTE. IPv4 names a whole alias. IPv6 deleting one path of a multipath route names only
    /// that path, and the kernel sends no notice for what remains: the remaining paths stay.
    /// </summary>
    public RouteEdit Remove(Route route)
    {
        var key = SlotKey.Of(route);
        if (!_slots.TryGetValue(key, out var list)) return default;
        int at = list.FindIndex(r => RouteComparer.SameRoute(r, route));
        if (at < 0)
        {
            at = route.Family == IpFamily.Inet6
                ? list.FindIndex(r => SharesPath(r, route))
                : list.FindIndex(r => r.Type == route.Type);
        }
        if (at < 0) return default;
        var old = list[at];
        if (route.Family == IpFamily.Inet6 && old.IsMultipath)
        {
            var gone = route.Paths.Select(p => RouteComparer.Signature(p, false) with { Weight = 1 }).ToHashSet();
            var left = old.Nexthops.Where(p => !gone.Contains(RouteComparer.Signature(p, false) with { Weight = 1 })).ToArray();
            if (left.Length > 0)
            {
                var rest = left.Length == 1 ? SinglePath(old, left[0]) : old with { Nexthops = left };
                list[at] = rest;
                return new RouteEdit(old, rest);
            }
        }
        list.RemoveAt(at);
        if (list.Count == 0) _slots.Remove(key);
        Count--;
        return new RouteEdit(old, null);
    }

    private List<Route> Slot(SlotKey key)
    {
        if (!_slots.TryGetValue(key, out var list)) _slots[key] = list = new List<Route>(1);
        return list;
    }

    /// <summary>
    /// A notice about an appended IPv6 sibling lists that sibling first; the kernel keeps siblings in
    /// the order they were added, so known paths keep their places and new ones go last.
    /// </summary>
    private static Route InSiblingOrder(Route notice, Route known)
    {
        static PathSignature Sig(Nexthop p) => RouteComparer.Signature(p, false) with { Weight = 1 };
        var order = known.Paths.Select((p, i) => (Sig(p), i)).GroupBy(x => x.Item1).ToDictionary(g => g.Key, g => g.First().i);
        var sorted = notice.Nexthops.Select((p, i) => (p, key: order.TryGetValue(Sig(p), out var k) ? k : known.Paths.Count + i))
            .OrderBy(x => x.key).Select(x => x.p).ToArray();
        return notice with { Nexthops = sorted };
    }

    private static bool QualifiesForEcmp(Route r) => r.Type == "unicast" && r.Paths.All(p => !string.IsNullOrEmpty(p.Gateway));

    private static bool SharesPath(Route a, Route b)
    {
        var pa = a.Paths.Select(p => RouteComparer.Signature(p, false) with { Weight = 1 }).ToHashSet();
        return b.Paths.Any(p => pa.Contains(RouteComparer.Signature(p, false) with { Weight = 1 }));
    }

    private static bool SameFlags(Route a, Route b) =>
        a.Flags.SequenceEqual(b.Flags) && a.TableName == b.TableName && a.Dev == b.Dev
        && a.Nexthops.Select(n => (n.Dev, string.Join(',', n.Flags))).SequenceEqual(b.Nexthops.Select(n => (n.Dev, string.Join(',', n.Flags))));

    /// <summary>What the kernel shows once a multipath route is down to one path: an ordinary route.</summary>
    private static Route SinglePath(Route r, Nexthop p) => r with
    {
        Nexthops = [],
        Gateway = p.Gateway,
        ViaFamily = p.GatewayFamily,
        LinkIndex = p.LinkIndex,
        Dev = p.Dev,
        Flags = r.Flags.Where(f => !NexthopFlags.IsPathFlag(f)).Concat(p.Flags).Distinct().ToArray(),
    };
}
