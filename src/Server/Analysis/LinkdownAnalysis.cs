using System.Text;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// nexthop-link-down: paths of a route through a link without carrier. The kernel keeps such routes
/// and marks the paths `linkdown`; with every path down the route forwards into a dead link (unless
/// ignore_routes_with_linkdown is set, when lookups skip it and fall to a worse route), and an ECMP
/// route keeps hashing flows onto a dead path for as long as the neighbour entry looks valid.
/// </summary>
internal static class LinkdownAnalysis
{
    public static Finding? Analyze(IRoutingState state, Route route)
    {
        // Connected, link-local and multicast routes go down with their link by design and say nothing
        // the link itself does not; the kernel's reject routes have no path at all.
        if (RouteExclusions.IsExcluded(route)) return null;
        var topology = state.Topology;
        List<Nexthop>? down = null;
        foreach (var path in route.Paths)
            if (IsDown(path, topology)) (down ??= []).Add(path);
        if (down is null) return null;

        bool all = down.Count == route.PathCount;
        var ns = state.Namespace;
        var devices = Join(down.Select(p => topology.DeviceName(p.Oif)).Distinct());
        var routeName = (route.Family == IpFamily.Inet6 ? "IPv6 " : "IPv4 ") + (route.IsDefault ? "default route" : $"route to {route.Dst}");
        var table = route.Table == RoutingTable.Main ? "table main" : $"table {topology.DescribeTable(route.Table)}";
        var title = all
            ? $"{routeName} in {table} goes only through {devices}, which {(down.Count == 1 ? "has" : "have")} no carrier"
            : $"{down.Count} of {route.PathCount} paths of the {routeName} in {table} go through {devices} without carrier";
        var explanation = new StringBuilder()
            .Append($"In namespace {FindingText.DescribeNamespace(ns)}, the {routeName} in {table} ({RouteText.Arguments(route, topology)}) has ")
            .Append(all ? "every path" : $"{Plural(down.Count, "path")} of {route.PathCount}")
            .Append($" through a link without carrier (linkdown): {Join(down.Select(p => RouteText.Path(p, route.Family, topology)))}. ")
            .Append(all
                ? "Traffic for it is sent into a dead link and lost; with net.ipv4.conf.*.ignore_routes_with_linkdown set, lookups skip it and fall to a less specific route instead. "
                : "The kernel keeps hashing flows onto the dead paths until their neighbour entries fail, so part of the traffic is lost meanwhile. ")
            .Append("Nothing is changed automatically: the link may come back (a cable, a peer veth or a VM restarting), and removing its paths is an operator's decision. ")
            .Append($"Check the link (ip link show {topology.DeviceName(down[0].Oif)}) and its peer.")
            .ToString();

        var subject = FindingId.AppendPaths(FindingId.AppendRoute(new StringBuilder(), route, topology).Append("|down"), down, topology, weighted: false);
        return new Finding(FindingId.For(ns.Id, FindingKind.NexthopLinkDown, subject.ToString()), ns.Id, FindingKind.NexthopLinkDown,
            all ? Severity.Warning : Severity.Information, route, [], title, explanation)
        { Family = route.Family, Table = route.Table, LinkdownPaths = down };
    }

    /// <summary>
    /// The kernel's own mark, or a device the namespace shows without carrier (IFF_LOWER_UP clear,
    /// as when it is down): a dump can show the route before the kernel re-marks its paths.
    /// </summary>
    private static bool IsDown(Nexthop path, VrfTopology topology) =>
        (path.Flags & RouteFlags.Linkdown) != 0 || topology.LinkByIndex(path.Oif) is { HasCarrier: false };

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";

    private static string Join(IEnumerable<string> items) => FindingText.Join(items);
}
