using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// The route kinds about VRFs: a route whose paths lead into a VRF other than the one owning the
/// route's table (mixed-vrf-ecmp, vrf-member-route-in-default-vrf, inter-vrf-route).
/// </summary>
internal static class VrfPlacement
{
    public static Finding? Analyze(IRoutingState state, Route route)
    {
        if (RouteExclusions.IsExcluded(route)) return null;
        var topology = state.Topology;
        // Tables that no VRF owns and that are not main are reached only through `ip rule`: whatever
        // device they use is the operator's choice, not a VRF placement to correct.
        if (topology.OwnerOfTable(route.Table) is not { } context) return null;

        var paths = route.Paths;
        var resolved = new List<(Nexthop Path, PathVrf Where)>(paths.Count);
        foreach (var path in paths)
        {
            // A device missing from the namespace (it vanished mid-read) leaves the route undecidable.
            if (topology.OfPath(path) is not { } where) return null;
            resolved.Add((path, where));
        }

        var foreign = resolved.Where(r => r.Where.Vrf != context).ToArray();
        if (foreign.Length == 0) return null;

        var offending = foreign.Select(r => new OffendingNexthop(r.Path, r.Where.Vrf) { ViaVrfDevice = r.Where.ViaVrfDevice }).ToArray();
        var movable = offending.Count(o => o.Movable);

        FindingKind kind;
        if (movable == 0)
            // Only paths via the default VRF or via VRF devices themselves leave the table's VRF: that is
            // how route leaking is set up, so it is explained and never changed automatically.
            kind = FindingKind.InterVrfRoute;
        else if (paths.Count > 1)
            kind = FindingKind.MixedVrfEcmp;
        else if (context.IsDefault)
            kind = FindingKind.VrfMemberRouteInDefaultVrf;
        else
            kind = FindingKind.InterVrfRoute; // a single path from one VRF's table into another VRF's member

        var severity = kind switch
        {
            FindingKind.MixedVrfEcmp => Severity.Error,
            FindingKind.VrfMemberRouteInDefaultVrf => Severity.Warning,
            _ => Severity.Information,
        };

        var text = new FindingText(state, route, context, resolved);
        return new Finding(FindingId.For(state.Namespace.Id, route, topology), state.Namespace.Id, kind, severity, route, offending,
            text.Title(kind), text.Explanation(kind))
        { Family = route.Family, Table = route.Table };
    }

    /// <summary>
    /// Whether <paramref name="finding"/>'s fix gives <paramref name="table"/> a default route of
    /// <paramref name="family"/>: it moves a default's path into that VRF's table. A finding saying
    /// the table lacks a default would then only repeat what that fix already does.
    /// </summary>
    public static bool FixAddsDefault(Finding finding, uint table, IpFamily family) =>
        finding.Kind is FindingKind.MixedVrfEcmp or FindingKind.VrfMemberRouteInDefaultVrf
        && finding.Route is { IsDefault: true, Src.IsNone: true, Tos: 0 } route && route.Family == family
        && finding.Offending.Any(o => o.Movable && o.Vrf.Table == table);
}
