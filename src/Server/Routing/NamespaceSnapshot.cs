namespace Dashboard.Server.Routing;

/// <summary>Everything read from one network namespace at one moment.</summary>
public sealed record NamespaceSnapshot(
    NetNamespace Namespace,
    DateTimeOffset TakenAt,
    IReadOnlyList<Link> Links,
    IReadOnlyList<Address> Addresses,
    IReadOnlyList<NexthopObject> NexthopObjects,
    IReadOnlyList<Route> Routes,
    /// <summary>True when a dump kept reporting NLM_F_DUMP_INTR past the retry limit.</summary>
    bool MayBeInconsistent) : IRoutingState
{
    private VrfTopology? _topology;

    /// <summary>A copy made by <c>with</c> builds its own topology: its links may differ.</summary>
    private NamespaceSnapshot(NamespaceSnapshot original)
    {
        Namespace = original.Namespace;
        TakenAt = original.TakenAt;
        Links = original.Links;
        Addresses = original.Addresses;
        NexthopObjects = original.NexthopObjects;
        Routes = original.Routes;
        MayBeInconsistent = original.MayBeInconsistent;
        Rules = original.Rules;
    }

    /// <summary>The policy rules of both families (`ip rule` and `ip -6 rule`), in the kernel's order.</summary>
    public IReadOnlyList<Rule> Rules { get; init; } = [];

    /// <summary>Names and VRF membership of this snapshot's links (built once, on first use).</summary>
    public VrfTopology Topology => _topology ??= new VrfTopology(Links);

    public Link? LinkByIndex(int index) => Topology.LinkByIndex(index);

    public Link? LinkByName(string name) => Topology.LinkByName(name);

    /// <summary>The routes of one table to one destination (every metric, tos and source).</summary>
    public IEnumerable<Route> RoutesTo(uint table, IpPrefix dst)
    {
        foreach (var r in Routes)
            if (r.Table == table && r.Dst == dst) yield return r;
    }

    /// <summary>Groups routes by table; VRF tables carry their VRF.</summary>
    public IReadOnlyList<RoutingTable> Tables() =>
        Routes.GroupBy(r => r.Table).OrderBy(g => g.Key)
            .Select(g => new RoutingTable(g.Key, Topology.VrfOfTable(g.Key), g.ToArray()))
            .ToArray();
}
