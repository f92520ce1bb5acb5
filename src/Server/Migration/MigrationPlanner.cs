using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>
/// Builds the plan that moves a finding's VRF-member nexthops into their VRFs' tables: one add per VRF
/// first, then the removals from the original route. Pure: reads only the snapshot it is given.
/// </summary>
/// <remarks>
/// The <see cref="RouteOperation.Route"/> of a step is the request to send: when it has a
/// <see cref="Route.NexthopId"/> the request carries that id and no paths (the kernel refuses both);
/// otherwise it carries the single path or the multipath list. <see cref="MigrationPlan.ExpectedAdded"/>
/// holds, in the order of the add steps, each added route as the kernel will show it (nhid routes with
/// their expanded path), for verifying with <see cref="RouteComparer"/>.
/// </remarks>
public static class MigrationPlanner
{
    /// <summary>The plan for a fixable finding; null for a finding with nothing to move (inter-VRF routes).</summary>
    public static MigrationPlan? Plan(Finding finding, NamespaceSnapshot snapshot)
    {
        var moves = finding.Offending.Where(o => o.Movable).ToArray();
        if (finding.Kind == FindingKind.InterVrfRoute || moves.Length == 0) return null;
        return Plan(finding.Id, finding.NamespaceId, finding.Route, moves, snapshot);
    }

    public static MigrationPlan Plan(string findingId, string namespaceId, Route original,
        IReadOnlyList<OffendingNexthop> moves, NamespaceSnapshot snapshot)
    {
        var topology = new VrfTopology(snapshot);
        var paths = original.Paths;
        var destination = AssignPaths(paths, moves);
        var steps = new List<RouteOperation>();
        var expectedAdded = new List<Route>();

        // One add per VRF, in the order the route lists their paths; adds come before any removal so the
        // traffic always has a route somewhere.
        foreach (var group in destination.Select((d, i) => (Move: d, Path: paths[i]))
                     .Where(x => x.Move is not null).GroupBy(x => x.Move!.VrfTable))
        {
            var vrfName = group.First().Move!.VrfName;
            var hops = group.Select(x => x.Path).ToArray();
            var (request, expected) = BuildAdded(original, group.Key, vrfName, hops, topology, snapshot);
            steps.Add(Op(RouteOperationKind.Add, request));
            expectedAdded.Add(expected);
        }

        var stay = paths.Where((_, i) => destination[i] is null).ToArray();
        var moved = paths.Where((_, i) => destination[i] is not null).ToArray();
        Route? remaining;
        if (original.NexthopId is not null)
        {
            var (step, left) = RemoveFromGroupRoute(original, stay);
            steps.Add(step);
            remaining = left;
        }
        else if (original.Family == IpFamily.Inet6 && moved.All(p => !string.IsNullOrEmpty(p.Gateway)))
        {
            // IPv6 keeps each ECMP sibling as a route of its own: deleting by gateway and device removes
            // exactly that sibling and leaves the others in place.
            steps.AddRange(moved.Select(p => Op(RouteOperationKind.Delete, Reshape(original, original.Table, original.TableName, [p]))));
            remaining = stay.Length == 0 ? null : Reshape(original, original.Table, original.TableName, stay);
        }
        else if (stay.Length == 0)
        {
            // The whole route goes; naming its paths makes the kernel delete this route and no other.
            steps.Add(Op(RouteOperationKind.Delete, Reshape(original, original.Table, original.TableName, paths)));
            remaining = null;
        }
        else
        {
            // IPv4 cannot delete one nexthop of a multipath route (the kernel answers "No such process"):
            // the route is replaced, in place, by the nexthops that stay.
            remaining = Reshape(original, original.Table, original.TableName, stay);
            steps.Add(Op(RouteOperationKind.Replace, remaining));
        }

        return new MigrationPlan(findingId, namespaceId, original, steps, expectedAdded, remaining);
    }

    private static RouteOperation Op(RouteOperationKind kind, Route route) => new(kind, route, IpCommand.Render(kind, route));

    /// <summary>
    /// The route to add to a VRF's table (the request) and how the kernel will show it. Paths of a
    /// nexthop-group route: a single member is referenced by its own nexthop object (`nhid M`), which
    /// leaves the group untouched; several members become a plain multipath route with the group's
    /// weights. A new group object would need an id, its own add step and its own rollback, and other
    /// routes may already share the existing group, so creating or editing groups is avoided entirely.
    /// </summary>
    private static (Route Request, Route Expected) BuildAdded(Route original, uint table, string vrfName,
        IReadOnlyList<Nexthop> hops, VrfTopology topology, NamespaceSnapshot snapshot)
    {
        var template = original with { PrefSrc = PrefSrcUsableIn(original.PrefSrc, table, topology, snapshot) };
        if (original.NexthopId is not null && hops.Count == 1 && MemberId(original, hops[0]) is { } member)
        {
            var expected = Reshape(template, table, vrfName, hops) with { NexthopId = member };
            var request = Bare(expected) with { NexthopId = member };
            return (request, expected);
        }
        var plain = Reshape(template, table, vrfName, hops);
        return (plain, plain);
    }

    /// <summary>
    /// Takes the moved members out of a nexthop-group route without touching the group object, which
    /// other routes may share: the route itself is replaced by one naming the single member that stays
    /// (`nhid M`), by a plain multipath route when several stay, or deleted when none does.
    /// </summary>
    private static (RouteOperation Step, Route? Remaining) RemoveFromGroupRoute(Route original, IReadOnlyList<Nexthop> stay)
    {
        if (stay.Count == 0)
            return (Op(RouteOperationKind.Delete, Bare(original) with { NexthopId = original.NexthopId }), null);
        if (stay.Count == 1 && MemberId(original, stay[0]) is { } member)
        {
            var remaining = Reshape(original, original.Table, original.TableName, stay) with { NexthopId = member };
            return (Op(RouteOperationKind.Replace, Bare(remaining) with { NexthopId = member }), remaining);
        }
        var plain = Reshape(original, original.Table, original.TableName, stay);
        return (Op(RouteOperationKind.Replace, plain), plain);
    }

    /// <summary>The nexthop object a path of an nhid route came from: its group member, or the route's own single object.</summary>
    private static uint? MemberId(Route route, Nexthop path) => path.NexthopId ?? (route.IsMultipath ? null : route.NexthopId);

    /// <summary>The route's key and attributes without any path.</summary>
    private static Route Bare(Route r) => r with
    {
        Gateway = null, ViaFamily = null, Dev = null, LinkIndex = null, NexthopId = null, Nexthops = [], Flags = [],
    };

    /// <summary>
    /// The route with the given paths in the given table: one path makes a plain route, several a
    /// multipath route keeping each weight. Only onlink is kept of the flags: dead, linkdown and the
    /// like are states the kernel reports, not settings a request can carry.
    /// </summary>
    internal static Route Reshape(Route template, uint table, string tableName, IReadOnlyList<Nexthop> hops)
    {
        var bare = Bare(template) with { Table = table, TableName = tableName };
        if (hops.Count == 1)
        {
            var h = hops[0];
            return bare with
            {
                Gateway = h.Gateway, ViaFamily = h.GatewayFamily, Dev = h.Dev, LinkIndex = h.LinkIndex, Flags = OnlinkOf(h),
            };
        }
        return bare with
        {
            Nexthops = hops.Select(h => new Nexthop(h.Gateway, h.GatewayFamily, h.LinkIndex, h.Dev, h.Weight, OnlinkOf(h))).ToArray(),
        };
    }

    private static string[] OnlinkOf(Nexthop h) => h.Flags.Contains("onlink") ? ["onlink"] : [];

    /// <summary>
    /// A preferred source only stays when one of the VRF's devices holds that address: the kernel
    /// checks it in the route's own table and refuses one that belongs to another VRF.
    /// </summary>
    private static string? PrefSrcUsableIn(string? prefSrc, uint table, VrfTopology topology, NamespaceSnapshot snapshot)
    {
        if (string.IsNullOrEmpty(prefSrc)) return null;
        var wanted = RouteComparer.NormalizeAddress(prefSrc);
        foreach (var address in snapshot.Addresses)
        {
            if (RouteComparer.NormalizeAddress(address.Local) != wanted) continue;
            if (snapshot.LinkByIndex(address.LinkIndex) is { } link && topology.OfDevice(link).Table == table) return prefSrc;
        }
        return null;
    }

    /// <summary>
    /// For each path of the route, the move that claims it (or null when it stays). Moves are matched by
    /// value because <see cref="Route.Paths"/> builds fresh objects, and consumed one by one because IPv4
    /// accepts the same nexthop twice in one route.
    /// </summary>
    private static OffendingNexthop?[] AssignPaths(IReadOnlyList<Nexthop> paths, IReadOnlyList<OffendingNexthop> moves)
    {
        var result = new OffendingNexthop?[paths.Count];
        var multi = paths.Count > 1;
        var left = moves.ToList();
        for (var i = 0; i < paths.Count; i++)
        {
            var sig = RouteComparer.Signature(paths[i], multi);
            var match = left.FindIndex(m => m.Nexthop.NexthopId == paths[i].NexthopId
                                            && RouteComparer.Signature(m.Nexthop, multi) == sig);
            if (match < 0) continue;
            result[i] = left[match];
            left.RemoveAt(match);
        }
        if (left.Count > 0)
            throw new ArgumentException(
                $"not paths of the route: {string.Join("; ", left.Select(m => RouteComparer.Signature(m.Nexthop, multi)))}", nameof(moves));
        return result;
    }
}
