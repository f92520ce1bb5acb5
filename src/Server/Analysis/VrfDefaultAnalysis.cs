using System.Globalization;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// vrf-table-no-default: a VRF's table without a default route for a family its members use. A lookup
/// that misses in the VRF's table continues with the later rules (the kernel's l3mdev rule does not
/// stop there), so the VRF's traffic to unknown destinations leaks into main. The kernel's
/// Documentation/networking/vrf.rst recommends `unreachable default metric 4278198272` in every VRF table.
/// </summary>
internal static class VrfDefaultAnalysis
{
    /// <summary>The metric of the recommended unreachable default: far behind any real default added later.</summary>
    public const uint UnreachableMetric = 4278198272;

    /// <summary>
    /// Appends a finding per VRF table and family that needs one, and returns every (table, family)
    /// that lacks a default but is already accounted for (here or by a route finding's fix), so that
    /// no other kind reports the same missing default again.
    /// </summary>
    public static HashSet<(uint Table, IpFamily Family)> Analyze(IRoutingState state, IReadOnlyList<Finding> routeFindings, List<Finding> into)
    {
        var accounted = new HashSet<(uint, IpFamily)>();
        var topology = state.Topology;
        if (topology.Vrfs.Count == 0) return accounted;

        // Which families each VRF's members use: a global address is what makes the VRF route that family.
        SortedDictionary<(uint Table, IpFamily Family), List<Address>>? used = null;
        foreach (var a in state.Addresses)
        {
            if (a.Scope != RouteScope.Universe || a.Local.IsIPv6LinkLocal) continue;
            if (topology.LinkByIndex(a.LinkIndex) is not { IsVrf: false } link) continue;
            var vrf = topology.VrfOf(link);
            if (vrf.IsDefault) continue;
            used ??= [];
            if (!used.TryGetValue((vrf.Table, a.Family), out var list)) used[(vrf.Table, a.Family)] = list = [];
            list.Add(a);
        }
        if (used is null) return accounted;

        foreach (var ((table, family), addresses) in used)
        {
            if (TableDefaults.Has(state, table, family) || L3mdevRejectStopsMisses(state, family)) continue;
            accounted.Add((table, family));
            // The mixed-VRF fix moves a default into this table already: its plan covers the missing default.
            if (routeFindings.Any(f => VrfPlacement.FixAddsDefault(f, table, family))) continue;
            into.Add(Finding(state, table, family, addresses));
        }
        return accounted;
    }

    /// <summary>
    /// The other way to stop a VRF's misses (VyOS, openperouter#516): an l3mdev rule with a reject action
    /// (`ip rule add pref 2000 l3mdev unreachable`) ahead of main's rule ends every VRF lookup that found
    /// nothing in its table, whichever the table.
    /// </summary>
    private static bool L3mdevRejectStopsMisses(IRoutingState state, IpFamily family)
    {
        uint main = uint.MaxValue;
        foreach (var r in state.Rules)
            if (r.Family == family && r.Action == RuleAction.ToTable && r.Table == RoutingTable.Main && r.Priority < main) main = r.Priority;
        foreach (var r in state.Rules)
            if (r.Family == family && r.L3mdev && !r.Invert && r.Priority < main
                && r.Action is RuleAction.Unreachable or RuleAction.Blackhole or RuleAction.Prohibit)
                return true;
        return false;
    }

    private static Finding Finding(IRoutingState state, uint table, IpFamily family, List<Address> addresses)
    {
        var topology = state.Topology;
        var vrfs = topology.Vrfs.Where(v => v.Table == table).ToArray();
        var vrfNames = FindingText.Join(vrfs.Select(v => v.Name));
        var fam = family == IpFamily.Inet6 ? "IPv6" : "IPv4";
        var first = addresses[0];
        var leak = LeakPath(state, family);
        var ns = state.Namespace;
        var title = $"Table {table} of {vrfNames} has no {fam} default route: lookups that miss leave the VRF";
        var explanation =
            $"In namespace {FindingText.DescribeNamespace(ns)}, {topology.DeviceName(first.LinkIndex)} (in VRF {vrfNames}) has the {fam} address {first.Prefix}, "
            + $"but table {table} has no {fam} default route, neither a real one nor an unreachable one. A lookup in the VRF that finds no route "
            + $"in table {table} does not end there: the kernel goes on with the next policy rules, normally to table main, so the VRF's traffic "
            + $"to destinations it has no route for leaves through the default VRF{leak} instead of being refused. The kernel's VRF documentation "
            + $"(Documentation/networking/vrf.rst) recommends an unreachable default with a high metric in every VRF table, behind which a real "
            + $"default can still be added. The fix adds `unreachable default metric {UnreachableMetric.ToString(CultureInfo.InvariantCulture)}` "
            + $"to table {table} for {fam}.";
        var subject = string.Create(CultureInfo.InvariantCulture, $"{(byte)family}|{table}");
        return new Finding(FindingId.For(ns.Id, FindingKind.VrfTableNoDefault, subject), ns.Id, FindingKind.VrfTableNoDefault,
            Severity.Warning, null, [], title, explanation)
        { Family = family, Table = table, Vrfs = vrfs };
    }

    /// <summary>Where main would send the leaked traffic, said briefly: " (default via … dev eth0)", or nothing.</summary>
    internal static string LeakPath(IRoutingState state, IpFamily family)
    {
        foreach (var r in state.RoutesTo(RoutingTable.Main, IpPrefix.Default(family)))
            if (r.Type == RouteType.Unicast && r.Src.IsNone)
                return $" (main's default {RouteText.Path(r.Paths[0], family, state.Topology)})";
        return "";
    }
}
