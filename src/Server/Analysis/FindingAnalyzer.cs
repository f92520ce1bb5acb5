using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// Finds what is wrong in a namespace's routing state, without any I/O. Two passes: one per route
/// (its VRF placement, its paths without carrier), which a live model repeats for the route an event
/// touched; and one per namespace (VRF tables, duplicate tables, l3mdev and source rules), cheap
/// enough to repeat whenever links, addresses, rules or a table's default change.
/// </summary>
public static class FindingAnalyzer
{
    public static IReadOnlyList<Finding> Analyze(NamespaceSnapshot snapshot)
    {
        var findings = new List<Finding>();
        foreach (var route in snapshot.Routes)
            findings.AddRange(AnalyzeRoute(snapshot, route));
        findings.AddRange(AnalyzeNamespace(snapshot, findings));
        return findings;
    }

    /// <summary>The findings of one route (at most one per kind), for a live model that re-analyses only what an event touched.</summary>
    public static IReadOnlyList<Finding> AnalyzeRoute(IRoutingState state, Route route)
    {
        var placement = VrfPlacement.Analyze(state, route);
        var linkdown = LinkdownAnalysis.Analyze(state, route);
        if (placement is null) return linkdown is null ? [] : [linkdown];
        return linkdown is null ? [placement] : [placement, linkdown];
    }

    /// <summary>
    /// The findings about the namespace as a whole. <paramref name="routeFindings"/> are the route
    /// findings open now: a missing VRF default that a route finding's fix supplies is not reported twice.
    /// Costs a pass over links, addresses and rules plus a few table lookups; no pass over the routes.
    /// </summary>
    public static IReadOnlyList<Finding> AnalyzeNamespace(IRoutingState state, IReadOnlyList<Finding> routeFindings)
    {
        var findings = new List<Finding>();
        DuplicateVrfTableAnalysis.Analyze(state, findings);
        L3mdevAnalysis.Analyze(state, findings);
        var accounted = VrfDefaultAnalysis.Analyze(state, routeFindings, findings);
        SourceRuleAnalysis.Analyze(state, accounted, findings);
        return findings;
    }

    /// <summary>Whether a route change can change the namespace pass: a default or half-default, which decides whether a table has a default.</summary>
    public static bool TouchesTableDefaults(Route route) => route.Dst.Length <= 1;
}
