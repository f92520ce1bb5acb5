using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>What one table answers for a flow (fib_table_lookup / fib6_table_lookup).</summary>
public enum TableResult
{
    /// <summary>No route matched (-EAGAIN): the rules go on.</summary>
    NoRoute,
    /// <summary>A route the packet can take.</summary>
    Route,
    /// <summary>A throw route: the rules go on, as if the table had no route.</summary>
    Throw,
    /// <summary>An unreachable, prohibit or blackhole route (or a blackhole nexthop object): the lookup fails here.</summary>
    Reject,
}

/// <summary>
/// Longest-prefix match in one table of a snapshot, as the kernel's FIB does it for a flow: the most
/// specific destination (IPv6: then the most specific source) first, lower metric first within it;
/// a reject route ends the lookup at once; a route is usable through a path that is not dead and, when
/// the flow names an output device, leaves through it.
/// </summary>
public sealed class TableLookup
{
    private readonly Dictionary<uint, List<Route>> _byTable = [];
    private readonly IReadOnlyDictionary<uint, NexthopObject> _nexthops;
    private readonly VrfTopology _topology;

    /// <summary>Indexes the routes of one family by table (one pass over the snapshot).</summary>
    public TableLookup(NamespaceSnapshot snapshot, IpFamily family)
    {
        foreach (var r in snapshot.Routes)
        {
            if (r.Family != family) continue;
            if (!_byTable.TryGetValue(r.Table, out var list)) _byTable[r.Table] = list = [];
            list.Add(r);
        }
        _nexthops = snapshot.NexthopObjects.ToDictionary(n => n.Id);
        _topology = snapshot.Topology;
    }

    public (TableResult Result, Route? Route) Find(uint table, LookupFlow flow)
    {
        if (!_byTable.TryGetValue(table, out var routes)) return (TableResult.NoRoute, null);
        var src = flow.Src.IsNone ? IpAddr.Any(flow.Family) : flow.Src;
        var candidates = new List<Route>();
        foreach (var r in routes)
        {
            if (!r.Dst.Contains(flow.Dst)) continue;
            // IPv6 source-specific routes: a lookup without a source matches only those covering "::".
            if (!r.Src.IsNone && !r.Src.Contains(src)) continue;
            // A route for a TOS matches only flows of that TOS; a lookup's TOS is 0.
            if (r.Tos != 0) continue;
            candidates.Add(r);
        }
        candidates.Sort(static (a, b) =>
        {
            int c = b.Dst.Length.CompareTo(a.Dst.Length);
            if (c != 0) return c;
            c = (b.Src.IsNone ? 0 : b.Src.Length).CompareTo(a.Src.IsNone ? 0 : a.Src.Length);
            return c != 0 ? c : a.EffectiveMetric.CompareTo(b.EffectiveMetric);
        });
        foreach (var r in candidates)
        {
            switch (r.Type)
            {
                case RouteType.Unreachable or RouteType.Prohibit or RouteType.Blackhole:
                    return (TableResult.Reject, r);
                case RouteType.Throw:
                    return (TableResult.Throw, r);
            }
            if (r.NexthopId is uint id && _nexthops.TryGetValue(id, out var obj) && obj.Blackhole)
                return (TableResult.Reject, r);
            if (Usable(r, flow)) return (TableResult.Route, r);
        }
        return (TableResult.NoRoute, null);
    }

    /// <summary>fib_lookup_good_nhc: a path that is not dead and, for a flow with an output device, uses it.</summary>
    private bool Usable(Route r, LookupFlow flow)
    {
        bool checkOif = flow.Oif != 0 && (flow.Family == IpFamily.Inet || flow.StrictOif);
        foreach (var p in r.Paths)
        {
            if ((p.Flags & RouteFlags.Dead) != 0) continue;
            if (checkOif && p.Oif != flow.Oif) continue;
            return true;
        }
        return false;
    }

    /// <summary>The device group of the route's first path's device (what suppress_ifgroup tests).</summary>
    public uint? GroupOf(Route r) => r.Paths.Count > 0 && _topology.LinkByIndex(r.Paths[0].Oif) is { } dev ? dev.Group : null;
}
