using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// Finds routes whose paths lead into a VRF other than the one owning the route's table, from one
/// snapshot, without any I/O. Fixable findings carry their migration plan.
/// </summary>
public static class FindingAnalyzer
{
    public static IReadOnlyList<Finding> Analyze(NamespaceSnapshot snapshot)
    {
        var topology = new VrfTopology(snapshot);
        var findings = new List<Finding>();
        foreach (var route in snapshot.Routes)
        {
            if (Analyze(snapshot, topology, route) is { } finding) findings.Add(finding);
        }
        return findings;
    }

    /// <summary>
    /// The finding of one route, for a live model that re-analyses only what an event touched.
    /// <paramref name="topology"/> must be built from <paramref name="snapshot"/>, whose links and
    /// addresses are the namespace's current ones; its routes are not read.
    /// </summary>
    public static Finding? AnalyzeRoute(NamespaceSnapshot snapshot, VrfTopology topology, Route route) =>
        Analyze(snapshot, topology, route);

    private static Finding? Analyze(NamespaceSnapshot snapshot, VrfTopology topology, Route route)
    {
        if (RouteExclusions.IsExcluded(route)) return null;
        // Tables that no VRF owns and that are not main are reached only through `ip rule`: whatever
        // device they use is the operator's choice, not a VRF placement to correct.
        if (topology.OwnerOfTable(route.Table) is not { } context) return null;

        var paths = route.Paths;
        var resolved = new List<(Nexthop Path, PathVrf Where)>(paths.Count);
        foreach (var path in paths)
        {
            // A device missing from the snapshot (it vanished mid-read) leaves the route undecidable.
            if (topology.OfPath(path) is not { } where) return null;
            resolved.Add((path, where));
        }

        var foreign = resolved.Where(r => r.Where.Vrf != context).ToArray();
        if (foreign.Length == 0) return null;

        var offending = foreign.Select(r => new OffendingNexthop(r.Path, r.Where.Vrf.Name, r.Where.Vrf.Table)
        {
            InDefaultVrf = r.Where.Vrf.IsDefault,
            ViaVrfDevice = r.Where.ViaVrfDevice,
        }).ToArray();
        var movable = offending.Where(o => o.Movable).ToArray();
        var multipath = paths.Count > 1;

        FindingKind kind;
        if (movable.Length == 0)
            // Only paths via the default VRF or via VRF devices themselves leave the table's VRF: that is
            // how route leaking is set up, so it is explained and never changed automatically.
            kind = FindingKind.InterVrfRoute;
        else if (multipath)
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

        var id = FindingId.For(snapshot.Namespace.Id, route);
        var text = new FindingText(snapshot, route, context, resolved);
        var finding = new Finding(id, snapshot.Namespace.Id, kind, severity, route, offending,
            text.Title(kind), text.Explanation(kind), Plan: null);
        return kind == FindingKind.InterVrfRoute ? finding : finding with { Plan = MigrationPlanner.Plan(finding, snapshot) };
    }
}
