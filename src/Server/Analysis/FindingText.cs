using System.Globalization;
using System.Text;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>Titles and one-paragraph explanations written for the operator who has to decide.</summary>
internal sealed class FindingText(
    IRoutingState state,
    Route route,
    VrfRef context,
    IReadOnlyList<(Nexthop Path, PathVrf Where)> paths)
{
    private string Family => route.Family == IpFamily.Inet6 ? "IPv6" : "IPv4";
    private bool IsDefaultRoute => route.Dst.IsDefault;
    private string RouteName => IsDefaultRoute ? $"{Family} default route" : $"{Family} route to {route.Dst}";
    private string TrafficName => IsDefaultRoute ? "default-route traffic" : $"traffic to {route.Dst}";
    private string TableName => context.IsDefault ? "table main" : $"table {route.Table} of {context.Name}";
    private string NamespaceName => DescribeNamespace(state.Namespace);

    /// <summary>How every explanation names the namespace: its display name, and its pod where known.</summary>
    public static string DescribeNamespace(NetNamespace ns) => ns.Pod is { } pod ? $"{ns.DisplayName} (pod {pod})" : ns.DisplayName;
    private string Dev(Nexthop p) => state.Topology.DeviceName(p.Oif);

    private IEnumerable<(Nexthop Path, PathVrf Where)> Movable =>
        paths.Where(p => p.Where.Vrf != context && !p.Where.Vrf.IsDefault && !p.Where.ViaVrfDevice);

    private IReadOnlyList<VrfRef> TargetVrfs => Movable.Select(p => p.Where.Vrf).Distinct().ToArray();

    public string Title(FindingKind kind)
    {
        var targets = string.Join(", ", TargetVrfs.Select(v =>
            $"{Join(Movable.Where(p => p.Where.Vrf == v).Select(p => Dev(p.Path)).Distinct())} in {v.Name}"));
        return kind switch
        {
            FindingKind.MixedVrfEcmp => $"{RouteName} in {TableName} mixes VRFs: {targets}",
            FindingKind.VrfMemberRouteInDefaultVrf => $"{RouteName} in table main uses {targets}, a VRF member",
            _ => $"{RouteName} in {TableName} leaves the VRF via {Join(Foreign.Select(p => Dev(p.Path)).Distinct())}",
        };
    }

    private IEnumerable<(Nexthop Path, PathVrf Where)> Foreign => paths.Where(p => p.Where.Vrf != context);

    public string Explanation(FindingKind kind) => kind switch
    {
        FindingKind.MixedVrfEcmp => MixedEcmp(),
        FindingKind.VrfMemberRouteInDefaultVrf => MemberRoute(),
        _ => InterVrf(),
    };

    private string MixedEcmp()
    {
        var s = new StringBuilder();
        s.Append($"In namespace {NamespaceName}, the {RouteName}{MetricText} in {TableName} is a multipath (ECMP) route with ")
         .Append($"{paths.Count} nexthops: {Join(paths.Select(p => $"{PathText(p.Path)} ({Belongs(p.Where)})"))}. ");
        s.Append($"A device enslaved to a VRF only carries that VRF's traffic correctly from routes in the VRF's own table. ");
        var total = paths.Sum(p => Math.Max(1, p.Path.Weight));
        foreach (var vrf in TargetVrfs)
        {
            var hops = Movable.Where(p => p.Where.Vrf == vrf).ToArray();
            var weight = hops.Sum(p => Math.Max(1, p.Path.Weight));
            var devs = Join(hops.Select(p => Dev(p.Path)).Distinct());
            if (weight == total)
                s.Append($"All of {ContextTrafficOwner}'s {TrafficName} goes out of {devs} into {vrf.Name}'s network; ");
            else
                s.Append($"The kernel hashes about {Percent(weight, total)} of {ContextTrafficOwner}'s {TrafficName} (weight {weight} of {total}) onto {devs}, leaking it into {vrf.Name}'s network; ");
            s.Append(TargetTableState(vrf)).Append(' ');
        }
        if (context.IsDefault && IsDefaultRoute)
            s.Append("This is what the CNI vrf plugin leaves behind when a second default route is merged into main before the device is enslaved (containernetworking/plugins#1253). ");
        var stays = paths.Where(p => !Movable.Contains(p)).ToArray();
        s.Append($"The fix moves {Join(TargetVrfs.Select(v => $"the {Plural(Movable.Count(p => p.Where.Vrf == v), "nexthop")} via {Join(Movable.Where(p => p.Where.Vrf == v).Select(p => Dev(p.Path)).Distinct())} into table {v.Table}"))}");
        s.Append(stays.Length == 0
            ? $" and removes the route from {TableName}."
            : $" and keeps the {(stays.Length == 1 ? "nexthop" : "nexthops")} {Join(stays.Select(p => PathText(p.Path)))} in {TableName}.");
        return s.ToString();
    }

    private string MemberRoute()
    {
        var (path, where) = Movable.First();
        var vrf = where.Vrf;
        return $"In namespace {NamespaceName}, table main holds the {RouteName} {PathText(path)}{MetricText}, but {Dev(path)} is "
             + $"enslaved to VRF {vrf.Name} (table {vrf.Table}). Table main belongs to the default VRF: its traffic matching "
             + $"{route.Dst} is sent out of {Dev(path)} into {vrf.Name}'s network, while {TargetTableState(vrf)} "
             + $"The vrf plugin moves a member's routes into the VRF table when it enslaves the device; this one was left behind. "
             + $"The fix adds the same route to table {vrf.Table} and removes it from main.";
    }

    private string InterVrf()
    {
        var foreign = Foreign.ToArray();
        var s = new StringBuilder();
        s.Append($"In namespace {NamespaceName}, {TableName} holds the {RouteName}{MetricText} through ")
         .Append($"{Join(foreign.Select(p => $"{PathText(p.Path)} ({Belongs(p.Where)})"))}, outside {ContextName}. ");
        s.Append($"Traffic in {ContextName} {(IsDefaultRoute ? "without a more specific route" : "to " + route.Dst)} therefore leaves it through {Join(foreign.Select(p => Dev(p.Path)).Distinct())}. ");
        s.Append("This is how route leaking between VRFs is configured, so it may well be deliberate: it is shown for review and never changed automatically.");
        return s.ToString();
    }

    private string ContextName => context.IsDefault ? "the default VRF" : context.Name;
    private string ContextTrafficOwner => context.IsDefault ? "main" : context.Name;
    private string MetricText => route.Metric is { } m ? $" (metric {m})" : "";

    private static string Belongs(PathVrf where) => where.ViaVrfDevice
        ? $"the VRF device of {where.Vrf.Name}"
        : where.Vrf.IsDefault ? "default VRF" : $"VRF {where.Vrf.Name}, table {where.Vrf.Table}";

    /// <summary>What V's own table has for the route's destination, said the way it matters.</summary>
    private string TargetTableState(VrfRef vrf)
    {
        var same = state.RoutesTo(vrf.Table, route.Dst).ToArray();
        var usable = same.Where(r => r.Type == RouteType.Unicast).ToArray();
        if (usable.Length > 0)
            return $"table {vrf.Table} already has its own route for {route.Dst}, so only the copy in {TableName} is wrong.";
        var what = IsDefaultRoute ? "default route" : $"route to {route.Dst}";
        if (IsDefaultRoute)
        {
            var halves = route.Family == IpFamily.Inet6
                ? new[] { IpPrefix.Parse("::/1"), IpPrefix.Parse("8000::/1") }
                : [IpPrefix.Parse("0.0.0.0/1"), IpPrefix.Parse("128.0.0.0/1")];
            if (halves.All(h => state.RoutesTo(vrf.Table, h).Any(r => r.Type == RouteType.Unicast)))
                return $"traffic in {vrf.Name} gets by only through the split routes {halves[0]} and {halves[1]} in table {vrf.Table}.";
        }
        if (same.Length > 0)
            return $"traffic in {vrf.Name} has no usable {what}: table {vrf.Table} only has a {RouteNames.Type(same[0].Type)} one.";
        return $"traffic in {vrf.Name} has no {what} at all in table {vrf.Table}.";
    }

    private string PathText(Nexthop p) => RouteText.Path(p, route.Family, state.Topology);

    private static string Percent(int part, int total) =>
        (100.0 * part / total).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Plural(int n, string word) => n == 1 ? word : $"{n} {word}s";

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }
}
