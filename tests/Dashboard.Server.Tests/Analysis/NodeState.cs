using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

/// <summary>
/// Builds namespace snapshots in code, the way the reader reports them: links with masters and VRF
/// tables, routes with their paths. Real model objects, so analyzer and planner see what they see in
/// production.
/// </summary>
internal sealed class NodeState
{
    private readonly List<Link> links = [];
    private readonly List<Route> routes = [];
    private readonly List<Address> addresses = [];
    private readonly List<NexthopObject> nexthopObjects = [];

    public string NamespaceId { get; init; } = "pod-ns";
    public DateTimeOffset TakenAt { get; init; } = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public NodeState Link(int index, string name, string? kind = null, int? master = null, uint? vrfTable = null)
    {
        links.Add(new Link(index, name, kind, "UP", true, master, vrfTable, null, 1500));
        return this;
    }

    public NodeState Vrf(int index, string name, uint table) => Link(index, name, "vrf", vrfTable: table);

    public NodeState Add(Route route)
    {
        routes.Add(route);
        return this;
    }

    public NodeState Addr(int linkIndex, IpFamily family, string local, byte prefix)
    {
        addresses.Add(new Address(family, linkIndex, local, prefix, "global", null, []));
        return this;
    }

    public NodeState Nh(NexthopObject obj)
    {
        nexthopObjects.Add(obj);
        return this;
    }

    public int IndexOf(string name) => links.Single(l => l.Name == name).Index;

    /// <summary>The pod of issue 1253: eth0 in the default VRF, net1 enslaved to vrf1001 (table 1001).</summary>
    public static NodeState Issue1253Pod() => new NodeState()
        .Link(1, "lo").Link(2, "eth0", "veth").Link(3, "net1", "macvlan", master: 4).Vrf(4, "vrf1001", 1001);

    public NamespaceSnapshot Snapshot(Func<IEnumerable<Link>, IEnumerable<Link>>? linkOrder = null) => new(
        new NetNamespace(NamespaceId, NamespaceId, NamespaceKind.Named, "/run/netns/" + NamespaceId, 4026532000, null, null, null),
        TakenAt,
        (linkOrder ?? (l => l))(links).ToArray(),
        addresses.ToArray(),
        nexthopObjects.ToArray(),
        routes.ToArray(),
        MayBeInconsistent: false);

    public Nexthop Hop(string? gateway, string dev, int weight = 1, uint? nhid = null, params string[] flags) =>
        new(gateway, gateway is null ? null : gateway.Contains(':') ? IpFamily.Inet6 : IpFamily.Inet, IndexOf(dev), dev, weight, flags)
        {
            NexthopId = nhid,
        };

    public Route V6(uint table, string dst, string? gateway, string dev, uint metric = 1024, string proto = "static") => new()
    {
        Family = IpFamily.Inet6, Table = table, Dst = dst, Gateway = gateway,
        ViaFamily = gateway is null ? null : IpFamily.Inet6, Dev = dev, LinkIndex = IndexOf(dev),
        Metric = metric, Pref = "medium", Protocol = proto, Scope = "global",
    };

    public Route V6Multi(uint table, string dst, params Nexthop[] hops) => new()
    {
        Family = IpFamily.Inet6, Table = table, Dst = dst, Metric = 1024, Pref = "medium", Protocol = "static",
        Scope = "global", Nexthops = hops,
    };

    public Route V4(uint table, string dst, string? gateway, string dev, uint? metric = null, string proto = "static") => new()
    {
        Family = IpFamily.Inet, Table = table, Dst = dst, Gateway = gateway,
        ViaFamily = gateway is null ? null : IpFamily.Inet, Dev = dev, LinkIndex = IndexOf(dev),
        Metric = metric, Protocol = proto, Scope = gateway is null ? "link" : "global",
    };

    public Route V4Multi(uint table, string dst, uint? metric, params Nexthop[] hops) => new()
    {
        Family = IpFamily.Inet, Table = table, Dst = dst, Metric = metric, Protocol = "static", Scope = "global",
        Nexthops = hops,
    };
}
