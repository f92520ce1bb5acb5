using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>What the namespace page shows: the namespace at one moment and the findings open in it.</summary>
public sealed class NamespaceView
{
    private readonly Dictionary<Route, Diagnosis> _findingByRoute = new(RouteComparer.Instance);

    public NamespaceView(NamespaceSnapshot snapshot, IReadOnlyList<Diagnosis> findings)
    {
        Snapshot = snapshot;
        Findings = findings;
        Palette = new VrfPalette(snapshot.Topology);
        Tables = snapshot.Tables();
        foreach (var f in findings) _findingByRoute.TryAdd(f.Finding.Route, f);
    }

    public NamespaceSnapshot Snapshot { get; }
    /// <summary>The live model's sequence number this view shows (0: a netlink read, never reused).</summary>
    public long Sequence { get; init; }
    public IReadOnlyList<Diagnosis> Findings { get; }
    public VrfPalette Palette { get; }
    public IReadOnlyList<RoutingTable> Tables { get; }
    /// <summary>Device, VRF and table names of this namespace.</summary>
    public VrfTopology Names => Snapshot.Topology;

    public IEnumerable<Link> Vrfs => Snapshot.Links.Where(l => l.IsVrf).OrderBy(l => l.VrfTable);

    /// <summary>The VRF a link belongs to (through every level of masters), or null for the default VRF.</summary>
    public VrfRef? VrfOf(Link link) => Names.VrfOf(link) is { IsDefault: false } vrf && !link.IsVrf ? vrf : null;

    public IEnumerable<Link> MembersOf(Link vrf) =>
        Snapshot.Links.Where(l => !l.IsVrf && Names.VrfOf(l).LinkIndex == vrf.Index);

    public Diagnosis? FindingFor(Route route) => _findingByRoute.GetValueOrDefault(route);

    /// <summary>True when this path of a route with a finding is one the finding wants moved.</summary>
    public static bool IsOffending(Diagnosis? finding, Nexthop path) =>
        finding is not null && finding.Finding.Offending.Any(o => o.Nexthop.Gateway == path.Gateway && o.Nexthop.Oif == path.Oif);
}
