using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>What the namespace page shows: one read of the namespace and the findings of one scan.</summary>
public sealed class NamespaceView
{
    private readonly Dictionary<RouteKey, Finding> _findingByRoute = new();

    public NamespaceView(NamespaceSnapshot snapshot, IReadOnlyList<Finding> findings, string? findingsError = null)
    {
        Snapshot = snapshot;
        Findings = findings;
        FindingsError = findingsError;
        Palette = new VrfPalette(snapshot.Links);
        Tables = snapshot.Tables();
        foreach (var f in findings) _findingByRoute.TryAdd(f.Route.Key, f);
    }

    public NamespaceSnapshot Snapshot { get; }
    public IReadOnlyList<Finding> Findings { get; }
    /// <summary>Why findings could not be computed (no analyzer registered, or it failed), or null.</summary>
    public string? FindingsError { get; }
    public VrfPalette Palette { get; }
    public IReadOnlyList<RoutingTable> Tables { get; }

    public IEnumerable<Link> Vrfs => Snapshot.Links.Where(l => l.IsVrf).OrderBy(l => l.VrfTable);

    public Link? VrfOf(Link link) =>
        link.MasterIndex is { } m && Snapshot.LinkByIndex(m) is { IsVrf: true } master ? master : null;

    public IEnumerable<Link> MembersOf(Link vrf) => Snapshot.Links.Where(l => l.MasterIndex == vrf.Index && !l.IsVrf);

    public Finding? FindingFor(Route route) => _findingByRoute.GetValueOrDefault(route.Key);

    /// <summary>True when this path of a route with a finding is one the finding wants moved.</summary>
    public static bool IsOffending(Finding? finding, Nexthop path) =>
        finding is not null && finding.Offending.Any(o => SamePath(o.Nexthop, path));

    private static bool SamePath(Nexthop a, Nexthop b) =>
        a.Gateway == b.Gateway && (a.LinkIndex == b.LinkIndex || (a.Dev is not null && a.Dev == b.Dev));

    public string VrfNameForTable(uint table) =>
        Vrfs.FirstOrDefault(v => v.VrfTable == table)?.Name ?? RouteCells.TableName(table);
}
