using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>
/// Builds the plan that fixes a finding. For a route whose paths belong in VRFs: one add per VRF
/// first, then the removals from the original route. For a VRF table without a default: the
/// unreachable default the kernel's VRF documentation recommends. For a missing l3mdev rule: the rule
/// as the kernel adds it. Pure: reads only the snapshot it is given.
/// </summary>
/// <remarks>
/// The <see cref="PlanStep.Route"/> of a step is the request to send: when it has a
/// <see cref="Route.NexthopId"/> the request carries that id and no paths (the kernel refuses both);
/// otherwise it carries the single path or the multipath list. <see cref="MigrationPlan.ExpectedAdded"/>
/// holds, in the order of the add steps, each added route as the kernel will show it (nhid routes with
/// their expanded path), for verifying with <see cref="RouteComparer"/>.
/// </remarks>
public static class MigrationPlanner
{
    /// <summary>The plan for a fixable finding; null for a finding without a safe automatic fix.</summary>
    public static MigrationPlan? Plan(Finding finding, IRoutingState state)
    {
        if (!finding.Fixable) return null;
        return finding.Kind switch
        {
            FindingKind.VrfTableNoDefault => AdditionPlans.UnreachableDefault(finding, state),
            FindingKind.L3mdevRuleMissing => AdditionPlans.L3mdevRule(finding, state),
            _ => Plan(finding.Id, finding.NamespaceId, finding.Route!, finding.Offending.Where(o => o.Movable).ToArray(), state),
        };
    }

    public static MigrationPlan Plan(string findingId, string namespaceId, Route original,
        IReadOnlyList<OffendingNexthop> moves, IRoutingState state)
    {
        var names = state.Topology;
        PlanStep Op(RouteChange kind, Route route) => PlanStep.ForRoute(kind, route, names);
        var paths = original.Paths;
        var destination = AssignPaths(paths, moves);
        var steps = new List<PlanStep>();
        var expectedAdded = new List<Route>();

        // One add per VRF, in the order the route lists their paths; adds come before any removal so the
        // traffic always has a route somewhere.
        foreach (var group in destination.Select((d, i) => (Move: d, Path: paths[i]))
                     .Where(x => x.Move is not null).GroupBy(x => x.Move!.Vrf.Table))
        {
            var hops = group.Select(x => x.Path).ToArray();
            var (request, expected) = BuildAdded(original, group.Key, hops, state);
            steps.Add(Op(RouteChange.Add, request));
            expectedAdded.Add(expected);
        }

        var stay = paths.Where((_, i) => destination[i] is null).ToArray();
        var moved = paths.Where((_, i) => destination[i] is not null).ToArray();
        Route? remaining;
        if (original.NexthopId is not null)
        {
            var (kind, request, left) = RemoveFromGroupRoute(original, stay);
            steps.Add(Op(kind, request));
            remaining = left;
        }
        else if (original.Family == IpFamily.Inet6 && moved.All(p => p.HasGateway))
        {
            // IPv6 keeps each ECMP sibling as a route of its own: deleting by gateway and device removes
            // exactly that sibling and leaves the others in place.
            steps.AddRange(moved.Select(p => Op(RouteChange.Delete, original.WithPaths(original.Table, [p]))));
            remaining = stay.Length == 0 ? null : original.WithPaths(original.Table, stay);
        }
        else if (stay.Length == 0)
        {
            // The whole route goes; naming its paths makes the kernel delete this route and no other.
            steps.Add(Op(RouteChange.Delete, original.WithPaths(original.Table, paths)));
            remaining = null;
        }
        else
        {
            // IPv4 cannot delete one nexthop of a multipath route (the kernel answers "No such process"):
            // the route is replaced, in place, by the nexthops that stay.
            remaining = original.WithPaths(original.Table, stay);
            steps.Add(Op(RouteChange.Replace, remaining));
        }

        return new MigrationPlan(findingId, namespaceId, original, steps, expectedAdded, remaining, names);
    }

    /// <summary>
    /// The route to add to a VRF's table (the request) and how the kernel will show it. Paths of a
    /// nexthop-group route: a single member is referenced by its own nexthop object (`nhid M`), which
    /// leaves the group untouched; several members become a plain multipath route with the group's
    /// weights. A new group object would need an id, its own add step and its own rollback, and other
    /// routes may already share the existing group, so creating or editing groups is avoided entirely.
    /// </summary>
    private static (Route Request, Route Expected) BuildAdded(Route original, uint table, IReadOnlyList<Nexthop> hops, IRoutingState state)
    {
        var template = original with { PrefSrc = PrefSrcUsableIn(original.PrefSrc, table, state) };
        if (original.NexthopId is not null && hops.Count == 1 && MemberId(original, hops[0]) is { } member)
        {
            var expected = template.WithPaths(table, hops) with { NexthopId = member };
            var request = Bare(expected) with { NexthopId = member };
            return (request, expected);
        }
        var plain = template.WithPaths(table, hops);
        return (plain, plain);
    }

    /// <summary>
    /// Takes the moved members out of a nexthop-group route without touching the group object, which
    /// other routes may share: the route itself is replaced by one naming the single member that stays
    /// (`nhid M`), by a plain multipath route when several stay, or deleted when none does.
    /// </summary>
    private static (RouteChange Kind, Route Request, Route? Remaining) RemoveFromGroupRoute(Route original, IReadOnlyList<Nexthop> stay)
    {
        if (stay.Count == 0)
            return (RouteChange.Delete, Bare(original) with { NexthopId = original.NexthopId }, null);
        if (stay.Count == 1 && MemberId(original, stay[0]) is { } member)
        {
            var remaining = original.WithPaths(original.Table, stay) with { NexthopId = member };
            return (RouteChange.Replace, Bare(remaining) with { NexthopId = member }, remaining);
        }
        var plain = original.WithPaths(original.Table, stay);
        return (RouteChange.Replace, plain, plain);
    }

    /// <summary>The nexthop object a path of an nhid route came from: its group member, or the route's own single object.</summary>
    private static uint? MemberId(Route route, Nexthop path) =>
        path.NexthopId != 0 ? path.NexthopId : route.IsMultipath ? null : route.NexthopId;

    /// <summary>The route's key and attributes without any path.</summary>
    private static Route Bare(Route r) => r with { Gateway = default, Oif = 0, NexthopId = null, Nexthops = [], Flags = 0 };


    /// <summary>
    /// A preferred source only stays when one of the VRF's devices holds that address: the kernel
    /// checks it in the route's own table and refuses one that belongs to another VRF.
    /// </summary>
    private static IpAddr PrefSrcUsableIn(IpAddr prefSrc, uint table, IRoutingState state)
    {
        if (prefSrc.IsNone) return default;
        foreach (var address in state.Addresses)
            if (address.Local == prefSrc && state.Topology.VrfOf(address.LinkIndex).Table == table) return prefSrc;
        return default;
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
            var path = paths[i];
            var match = left.FindIndex(m => m.Nexthop.NexthopId == path.NexthopId
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
