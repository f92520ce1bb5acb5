using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

/// <summary>
/// Builds namespace snapshots in code, the way the reader reports them: links with masters and VRF
/// tables, routes with their paths. Real model objects, so analyzer and planner see what they see in
/// production. Tests name devices; routes hold the index the name has among this state's links, as
/// the kernel's messages do.
/// </summary>
internal sealed class NodeState
{
    private const uint UpWithCarrier = Dashboard.Server.Routing.Link.IffUp | Dashboard.Server.Routing.Link.IffLowerUp;

    private readonly List<Link> links = [];
    private readonly List<Route> routes = [];
    private readonly List<Address> addresses = [];
    private readonly List<NexthopObject> nexthopObjects = [];
    private readonly List<Rule> rules = [];

    public string NamespaceId { get; init; } = "pod-ns";
    public DateTimeOffset TakenAt { get; init; } = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public NodeState Link(int index, string name, string? kind = null, int? master = null, uint? vrfTable = null)
    {
        links.Add(new Link(index, name, kind, OperState.Up, UpWithCarrier, master, vrfTable, null, 1500));
        return this;
    }

    public NodeState Vrf(int index, string name, uint table) => Link(index, name, "vrf", vrfTable: table);

    public NodeState Add(Route route)
    {
        routes.Add(route);
        return this;
    }

    public NodeState Addr(int linkIndex, string local, byte prefix, RouteScope scope = RouteScope.Universe)
    {
        addresses.Add(new Address(linkIndex, IpAddr.Parse(local), prefix, scope, null, 0));
        return this;
    }

    /// <summary>The link is up but its carrier is gone (a veth whose peer is down): `ip link` shows NO-CARRIER.</summary>
    public NodeState NoCarrier(string name)
    {
        int at = links.FindIndex(l => l.Name == name);
        links[at] = links[at] with { Flags = Dashboard.Server.Routing.Link.IffUp, OperState = OperState.LowerLayerDown };
        return this;
    }

    public NodeState Rule(Rule rule)
    {
        rules.Add(rule);
        return this;
    }

    /// <summary>
    /// The rules every namespace has (local 0, main 32766, default 32767, both families) and, with
    /// <paramref name="l3mdev"/>, the l3mdev rules the kernel adds at 1000 with the first VRF.
    /// </summary>
    public NodeState KernelRules(bool l3mdev = true)
    {
        foreach (var family in new[] { IpFamily.Inet, IpFamily.Inet6 })
        {
            Rule(new Rule { Family = family, Priority = 0, Table = RoutingTable.Local });
            if (l3mdev) Rule(new Rule { Family = family, Priority = 1000, L3mdev = true, Protocol = RouteProtocol.Kernel });
            Rule(new Rule { Family = family, Priority = 32766, Table = RoutingTable.Main });
            if (family == IpFamily.Inet) Rule(new Rule { Family = family, Priority = 32767, Table = RoutingTable.Default });
        }
        return this;
    }

    public NodeState Nh(NexthopObject obj)
    {
        nexthopObjects.Add(obj);
        return this;
    }

    public int IndexOf(string name) => links.Single(l => l.Name == name).Index;

    /// <summary>Names and VRFs of the links added so far.</summary>
    public VrfTopology Names => new(links);

    /// <summary>The pod owning the namespace, as the catalog labels it; null for a namespace of no pod.</summary>
    public PodRef? Pod { get; init; }

    public NetNamespace Namespace => new(NamespaceId, NamespaceId, NamespaceKind.Named, "/run/netns/" + NamespaceId, 4026532000, null, null, Pod);

    /// <summary>The pod of issue 1253: eth0 in the default VRF, net1 enslaved to vrf1001 (table 1001).</summary>
    public static NodeState Issue1253Pod() => new NodeState()
        .Link(1, "lo").Link(2, "eth0", "veth").Link(3, "net1", "macvlan", master: 4).Vrf(4, "vrf1001", 1001);

    public NamespaceSnapshot Snapshot(Func<IEnumerable<Link>, IEnumerable<Link>>? linkOrder = null) => new(
        Namespace,
        TakenAt,
        (linkOrder ?? (l => l))(links).ToArray(),
        addresses.ToArray(),
        nexthopObjects.ToArray(),
        routes.ToArray(),
        MayBeInconsistent: false) { Rules = rules.ToArray() };

    private static IpAddr Gw(string? gateway) => gateway is null ? default : IpAddr.Parse(gateway);

    public Nexthop Hop(string? gateway, string dev, int weight = 1, uint nhid = 0, uint flags = 0) =>
        new(Gw(gateway), IndexOf(dev), weight, flags) { NexthopId = nhid };

    public Route V6(uint table, string dst, string? gateway, string dev, uint metric = 1024, RouteProtocol proto = RouteProtocol.Static) => new()
    {
        Family = IpFamily.Inet6, Table = table, Dst = IpPrefix.Parse(dst), Gateway = Gw(gateway), Oif = IndexOf(dev),
        Metric = metric, Pref = RoutePref.Medium, Protocol = proto, Scope = RouteScope.Universe,
    };

    public Route V6Multi(uint table, string dst, params Nexthop[] hops) => new()
    {
        Family = IpFamily.Inet6, Table = table, Dst = IpPrefix.Parse(dst), Metric = 1024, Pref = RoutePref.Medium,
        Protocol = RouteProtocol.Static, Scope = RouteScope.Universe, Nexthops = hops,
    };

    public Route V4(uint table, string dst, string? gateway, string dev, uint? metric = null, RouteProtocol proto = RouteProtocol.Static) => new()
    {
        Family = IpFamily.Inet, Table = table, Dst = IpPrefix.Parse(dst), Gateway = Gw(gateway), Oif = IndexOf(dev),
        Metric = metric, Protocol = proto, Scope = gateway is null ? RouteScope.Link : RouteScope.Universe,
    };

    public Route V4Multi(uint table, string dst, uint? metric, params Nexthop[] hops) => new()
    {
        Family = IpFamily.Inet, Table = table, Dst = IpPrefix.Parse(dst), Metric = metric, Protocol = RouteProtocol.Static,
        Scope = RouteScope.Universe, Nexthops = hops,
    };
}
