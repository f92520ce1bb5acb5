using System.Globalization;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// duplicate-vrf-table: two VRF devices on one table. The kernel allows it unless net.vrf.strict_mode
/// is 1; a VRF is its table, so the two are no longer separate. No automatic fix: giving one of them
/// a table of its own means recreating it with its members and routes.
/// </summary>
internal static class DuplicateVrfTableAnalysis
{
    public static void Analyze(IRoutingState state, List<Finding> into)
    {
        var topology = state.Topology;
        if (topology.Vrfs.Count < 2) return;
        foreach (var shared in topology.Vrfs.GroupBy(v => v.Table).Where(g => g.Count() > 1).OrderBy(g => g.Key))
        {
            var vrfs = shared.OrderBy(v => v.Name, StringComparer.Ordinal).ToArray();
            into.Add(Finding(state, shared.Key, vrfs));
        }
    }

    private static Finding Finding(IRoutingState state, uint table, VrfRef[] vrfs)
    {
        var ns = state.Namespace;
        var names = FindingText.Join(vrfs.Select(v => v.Name));
        var title = $"VRFs {names} share table {table}";
        var explanation =
            $"In namespace {FindingText.DescribeNamespace(ns)}, the VRF devices {names} all use table {table}. A VRF is its table: a route "
            + $"added for one of them is used by the others, lookups of every one of them see the others' routes, and where the kernel maps "
            + $"the table back to a VRF it picks one of them. The separation the VRFs were made for is gone. It happens when two tools create "
            + $"VRFs with the same table id, or a VRF is recreated while the old one is still there (with net.vrf.strict_mode=1 the kernel "
            + $"refuses a second VRF on a table). Nothing is changed automatically: giving a VRF its own table means deleting and recreating "
            + $"it, re-enslaving its members and re-adding its routes.";
        var subject = new System.Text.StringBuilder(table.ToString(CultureInfo.InvariantCulture));
        foreach (var v in vrfs) subject.Append('|').Append(v.Name);
        return new Finding(FindingId.For(ns.Id, FindingKind.DuplicateVrfTable, subject.ToString()), ns.Id, FindingKind.DuplicateVrfTable,
            Severity.Error, null, [], title, explanation)
        { Table = table, Vrfs = vrfs };
    }
}
