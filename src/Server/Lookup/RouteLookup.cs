using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>
/// `routedash lookup`: asks the kernel (`ip route get` and `ip route get fibmatch`) and explains the
/// answer with the namespace's rules and tables.
/// </summary>
public static class RouteLookup
{
    /// <param name="state">The namespace as read (rules, links, routes), for the explanation.</param>
    public static LookupResult Run(INetlinkHandle handle, NamespaceSnapshot state, LookupRequest request) =>
        Explain(state, request, handle.Lookup(request));

    /// <summary>
    /// Puts the kernel's answers and the rules' evaluation together. With a fibmatch answer the table
    /// and route are the kernel's; the rule is the one whose evaluation reached that table (the first
    /// matching rule that leads there if the evaluation went elsewhere, with a note). Without one (the
    /// kernel refused), the evaluation names the refusing rule or reject route, if any.
    /// </summary>
    public static LookupResult Explain(NamespaceSnapshot state, LookupRequest request, KernelLookup kernel)
    {
        var flow = LookupFlow.Of(request, state.Topology);
        var walk = RuleEvaluator.Evaluate(state, flow);
        var decision = walk.Decision;
        var names = state.Topology;

        if (kernel.Match is { } match)
        {
            var route = Expand(match, state);
            if (decision is { Outcome: StepOutcome.Route or StepOutcome.RejectRoute, Route: { } ours, Table: uint ourTable }
                && SameEntry(ours, ourTable, route))
                // Agreement. Until a namespace has rules of its own, IPv4 keeps local and main in one trie
                // and the kernel names main for local routes: the rules' table is the one to show.
                return new LookupResult(request, kernel.Answer, kernel.Refusal, decision.Rule, ourTable,
                    ourTable == route.Table ? route : route with { Table = ourTable }, ExplanationSource.Kernel, walk.Steps, null);
            var leading = walk.Steps.FirstOrDefault(s => s.Table == route.Table)
                ?? FirstRuleLeadingTo(state, flow, route.Table);
            return new LookupResult(request, kernel.Answer, kernel.Refusal, leading?.Rule, route.Table, route,
                ExplanationSource.Kernel, walk.Steps, Disagreement(walk, route, names));
        }

        if (kernel.Answer is not null && kernel.Refusal is null)
            // An answer without a table entry: with an output device and no route, the kernel assumes
            // the destination is on that device's link (ip_route_output_key_hash_rcu).
            return new LookupResult(request, kernel.Answer, null, null, null, null, ExplanationSource.Rules, walk.Steps,
                decision is null
                    ? $"no route matched; the kernel assumed {request.Dst} is on the link of {names.DeviceName(request.Oif)}, the output device given"
                    : $"the kernel named no table entry (fibmatch: {kernel.MatchRefusal?.Message})");

        string? note = null;
        int kernelErrno = kernel.Refusal?.Errno ?? kernel.MatchRefusal?.Errno ?? 0;
        if (decision is { Outcome: StepOutcome.Route } found)
            note = $"the kernel refused ({new KernelRefusal(kernelErrno, null).Message}) although rule {found.Rule.Priority} leads to "
                + $"{RouteText.Show(found.Route!, names)}" + (request.Iif != 0 ? $"; is forwarding enabled on {names.DeviceName(request.Iif)}?" : "");
        else if (kernelErrno != 0 && walk.Errno != kernelErrno)
            note = $"the rules as read lead to \"{new KernelRefusal(walk.Errno, null).Message}\", the kernel answered \"{new KernelRefusal(kernelErrno, null).Message}\"";
        return new LookupResult(request, kernel.Answer, kernel.Refusal ?? kernel.MatchRefusal, decision?.Rule, decision?.Table, decision?.Route,
            ExplanationSource.Rules, walk.Steps, note);
    }

    /// <summary>The kernel's entry and ours are the same route of the same table (IPv4's merged local/main trie allowed).</summary>
    private static bool SameEntry(Route ours, uint ourTable, Route kernel) =>
        ours.Type == kernel.Type && ours.Dst == kernel.Dst && ours.Src == kernel.Src && ours.Tos == kernel.Tos
        && ours.EffectiveMetric == kernel.EffectiveMetric
        && (ourTable == kernel.Table
            || (kernel.Family == IpFamily.Inet && ourTable == RoutingTable.Local && kernel.Table == RoutingTable.Main));

    /// <summary>The first rule matching the flow whose table is <paramref name="table"/> (when the walk never reached it).</summary>
    private static RuleStep? FirstRuleLeadingTo(NamespaceSnapshot state, LookupFlow flow, uint table)
    {
        foreach (var rule in state.Rules)
        {
            if (rule.Family != flow.Family || !RuleEvaluator.Matches(rule, flow, state.Topology, out var l3mdevTable)) continue;
            if (rule.Action == RuleAction.ToTable && (rule.L3mdev ? l3mdevTable : rule.Table) == table)
                return new RuleStep(rule, StepOutcome.Route, table);
        }
        return null;
    }

    private static string Disagreement(RuleWalk walk, Route kernel, VrfTopology names)
    {
        var ours = walk.Decision switch
        {
            { Outcome: StepOutcome.Refused } d => $"a refusal by rule {d.Rule.Priority}",
            { Route: { } r, Table: uint t } => $"{RouteText.Show(r, names)} in table {names.DescribeTable(t)}",
            _ => "no route",
        };
        return $"the rules as read lead to {ours}; the kernel matched {RouteText.Show(kernel, names)} in table {names.DescribeTable(kernel.Table)}";
    }

    /// <summary>A fibmatch answer naming a nexthop object gets that object's paths, as routes in a dump do.</summary>
    private static Route Expand(Route match, NamespaceSnapshot state) =>
        match.NexthopId is null || state.NexthopObjects.Count == 0
            ? match
            : NamespaceDump.Expand(match, state.NexthopObjects.ToDictionary(n => n.Id));
}
