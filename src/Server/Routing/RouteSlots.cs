namespace Dashboard.Server.Routing;

/// <summary>What one route event did to the model: the route before and after (null for absent).</summary>
internal readonly record struct RouteEdit(Route? Before, Route? After);

/// <summary>
/// The routes of one namespace as the kernel holds them, updated by RTM_NEWROUTE/RTM_DELROUTE.
/// Routes are grouped by table and destination (what analysis asks for); within a group, the routes
/// of one <see cref="RouteKey"/> are that key's slot. A slot holds several routes only where the
/// kernel allows it: IPv4 aliases added with append, and IPv6 routes that do not qualify for ECMP (no
/// gateway). The rules follow fib_table_insert and fib6_add_rt2; applying an event the model already
/// reflects changes nothing, which is what makes replaying the events queued during a dump safe.
/// </summary>
internal sealed class RouteSlots
{
    private readonly Dictionary<(uint Table, IpPrefix Dst), List<Route>> _groups = [];

    public int Count { get; private set; }

    public IEnumerable<Route> All => _groups.Values.SelectMany(l => l);

    /// <summary>Every route of one table to one destination, whatever its metric, tos or source.</summary>
    public IReadOnlyList<Route> To(uint table, IpPrefix dst) =>
        _groups.TryGetValue((table, dst), out var group) ? group : [];

    /// <summary>The routes with exactly this key, in the kernel's order.</summary>
    public IEnumerable<Route> Slot(RouteKey key) => To(key.Table, key.Dst).Where(r => r.Key == key);

    public void Load(IEnumerable<Route> routes)
    {
        _groups.Clear();
        Count = 0;
        foreach (var r in routes)
        {
            Group(r).Add(r);
            Count++;
        }
    }

    /// <summary>RTM_NEWROUTE with its nlmsg flags (NLM_F_REPLACE, NLM_F_APPEND).</summary>
    public RouteEdit Add(Route route, bool replace, bool append)
    {
        var group = Group(route);
        var key = route.Key;
        int same = group.FindIndex(r => RouteComparer.SameRoute(r, route));
        if (same >= 0)
        {
            if (replace && route.Family == IpFamily.Inet && group.FindIndex(r => r.Key == key) is var first && first != same)
            {
                // The kernel announces a replace only of a route the slot did not hold, put where the
                // slot's first alias was (fib_table_insert). Holding both, the model is behind: it
                // replayed an older add on top of a dump. The first alias is the one replaced.
                var replaced = group[first];
                group.RemoveAt(same);
                group[first] = route;
                Count--;
                return new RouteEdit(replaced, route);
            }
            var old = group[same];
            // Only state flags (linkdown, offload) can differ from what the model holds.
            if (SameState(old, route)) return new RouteEdit(old, old);
            group[same] = route;
            return new RouteEdit(old, route);
        }
        int target = -1;
        if (replace) target = group.FindIndex(r => r.Key == key);
        else if (route.Family == IpFamily.Inet6)
        {
            // A notice about an IPv6 sibling carries the whole multipath route: it supersedes the entry it shares paths with.
            target = group.FindIndex(r => r.Key == key && SharesPath(r, route));
            // Gateway routes of one IPv6 slot are always one ECMP group, and each notice shows the whole
            // group as it was then; a notice sharing no path with the model's group is one the model
            // has moved past (replayed after a dump), and it still names the group's state at its time.
            if (target < 0 && QualifiesForEcmp(route)) target = group.FindIndex(r => r.Key == key && QualifiesForEcmp(r));
        }
        if (target >= 0)
        {
            var old = group[target];
            if (!replace && route.IsMultipath) route = InSiblingOrder(route, old);
            group[target] = route;
            // The kernel never holds two identical routes in one slot; a replayed event could leave one.
            for (int i = group.Count - 1; i >= 0; i--)
            {
                if (i != target && RouteComparer.SameRoute(group[i], route))
                {
                    group.RemoveAt(i);
                    Count--;
                }
            }
            return new RouteEdit(old, route);
        }
        if (append || route.Family == IpFamily.Inet6) group.Add(route);
        else
        {
            // A new IPv4 alias without append goes first in its slot: the kernel's lookup finds it before the others.
            int first = group.FindIndex(r => r.Key == key);
            group.Insert(first >= 0 ? first : group.Count, route);
        }
        Count++;
        return new RouteEdit(null, route);
    }

    /// <summary>
    /// RTM_DELROUTE. IPv4 names a whole alias. IPv6 deleting one path of a multipath route names only
    /// that path, and the kernel sends no notice for what remains: the remaining paths stay.
    /// </summary>
    public RouteEdit Remove(Route route)
    {
        if (!_groups.TryGetValue((route.Table, route.Dst), out var group)) return default;
        var key = route.Key;
        int at = group.FindIndex(r => RouteComparer.SameRoute(r, route));
        if (at < 0)
        {
            // IPv4 names a whole alias: only one with the same paths can be it. Any alias of the type
            // would do the wrong thing on a replayed delete, whose alias the dump already lacks: it
            // took another, live alias of the slot with it.
            at = route.Family == IpFamily.Inet6
                ? group.FindIndex(r => r.Key == key && SharesPath(r, route))
                : group.FindIndex(r => r.Key == key && r.Type == route.Type && SamePaths(r, route));
        }
        if (at < 0) return default;
        var old = group[at];
        if (route.Family == IpFamily.Inet6 && old.IsMultipath)
        {
            var gone = route.Paths.Select(p => RouteComparer.Signature(p, false).Unweighted).ToHashSet();
            var left = old.Nexthops.Where(p => !gone.Contains(RouteComparer.Signature(p, false).Unweighted)).ToArray();
            if (left.Length > 0)
            {
                var rest = left.Length == 1 ? SinglePath(old, left[0]) : old with { Nexthops = left };
                group[at] = rest;
                return new RouteEdit(old, rest);
            }
        }
        group.RemoveAt(at);
        if (group.Count == 0) _groups.Remove((route.Table, route.Dst));
        Count--;
        return new RouteEdit(old, null);
    }

    private List<Route> Group(Route r)
    {
        var k = (r.Table, r.Dst);
        if (!_groups.TryGetValue(k, out var list)) _groups[k] = list = new List<Route>(1);
        return list;
    }

    /// <summary>
    /// A notice about an appended IPv6 sibling lists that sibling first; the kernel keeps siblings in
    /// the order they were added, so known paths keep their places and new ones go last.
    /// </summary>
    private static Route InSiblingOrder(Route notice, Route known)
    {
        static PathSignature Sig(Nexthop p) => RouteComparer.Signature(p, false).Unweighted;
        var order = known.Paths.Select((p, i) => (Sig(p), i)).GroupBy(x => x.Item1).ToDictionary(g => g.Key, g => g.First().i);
        var sorted = notice.Nexthops.Select((p, i) => (p, key: order.TryGetValue(Sig(p), out var k) ? k : known.PathCount + i))
            .OrderBy(x => x.key).Select(x => x.p).ToArray();
        return notice with { Nexthops = sorted };
    }

    private static bool QualifiesForEcmp(Route r) => r.Type == RouteType.Unicast && r.Paths.All(p => p.HasGateway);

    private static bool SharesPath(Route a, Route b)
    {
        var pa = a.Paths.Select(p => RouteComparer.Signature(p, false).Unweighted).ToHashSet();
        return b.Paths.Any(p => pa.Contains(RouteComparer.Signature(p, false).Unweighted));
    }

    private static bool SamePaths(Route a, Route b) =>
        RouteComparer.PathSignatures(a).AsSpan().SequenceEqual(RouteComparer.PathSignatures(b));

    private static bool SameState(Route a, Route b) =>
        a.Flags == b.Flags && a.Nexthops.Select(n => n.Flags).SequenceEqual(b.Nexthops.Select(n => n.Flags));

    /// <summary>What the kernel shows once a multipath route is down to one path: an ordinary route.</summary>
    private static Route SinglePath(Route r, Nexthop p) => r with
    {
        Nexthops = [],
        Gateway = p.Gateway,
        Oif = p.Oif,
        Flags = (r.Flags & ~RouteFlags.PathBits) | p.Flags,
    };
}
