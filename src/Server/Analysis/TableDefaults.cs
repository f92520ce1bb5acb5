using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// Whether a lookup in a table ends there whatever the destination. A rule's lookup that finds no
/// route continues with the next rule (the kernel's fib_rules_lookup), so a table without a default
/// hands the packets it does not know to whatever comes later, usually main.
/// </summary>
internal static class TableDefaults
{
    private static readonly IpPrefix[] V4Halves = [IpPrefix.Parse("0.0.0.0/1"), IpPrefix.Parse("128.0.0.0/1")];
    private static readonly IpPrefix[] V6Halves = [IpPrefix.Parse("::/1"), IpPrefix.Parse("8000::/1")];

    /// <summary>
    /// A default of the family for every source and tos: a real one, or unreachable, blackhole or
    /// prohibit (a lookup that ends in a reject still ends; `throw` does not). The two /1 halves count
    /// as one: together they match every destination, as the split-default workaround intends.
    /// </summary>
    public static bool Has(IRoutingState state, uint table, IpFamily family)
    {
        if (Ends(state.RoutesTo(table, IpPrefix.Default(family)))) return true;
        var halves = family == IpFamily.Inet6 ? V6Halves : V4Halves;
        return Ends(state.RoutesTo(table, halves[0])) && Ends(state.RoutesTo(table, halves[1]));
    }

    private static bool Ends(IEnumerable<Route> routes)
    {
        foreach (var r in routes)
            if (r.Src.IsNone && r.Tos == 0 && r.Type is RouteType.Unicast or RouteType.Unreachable or RouteType.Blackhole or RouteType.Prohibit)
                return true;
        return false;
    }
}
