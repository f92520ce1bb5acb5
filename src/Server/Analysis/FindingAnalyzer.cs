using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// Finds routes whose paths lead into a VRF other than the one owning the route's table, from a
/// namespace's routing state, without any I/O.
/// </summary>
public static class FindingAnalyzer
{
    public static IReadOnlyList<Finding> Analyze(NamespaceSnapshot snapshot)
    {
        var findings = new List<Finding>();
        foreach (var route in snapshot.Routes)
            if (AnalyzeRoute(snapshot, route) is { } finding) findings.Add(finding);
        return findings;
    }

    /// <summary>The finding of one route, for a live model that re-analyses only what an event touched.</summary>
    public static Finding? AnalyzeRoute(IRoutingState state, Route route)
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
            text.Title(kind), text.Explanation(kind));
    }
}
