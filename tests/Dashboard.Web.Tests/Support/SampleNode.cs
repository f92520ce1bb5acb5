using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// A pod namespace in the state the CNI vrf plugin leaves it (containernetworking/plugins #1253):
/// net1 enslaved to vrf-blue (table 1001), and an IPv6 ECMP default in main with one path via eth0
/// and one via net1. Plus a plain namespace without findings.
/// </summary>
public static class SampleNode
{
    public const string PodNs = "cni-4f1c2a9e";
    public const string PlainNs = "rdt-plain";
    public const string FindingId = "mixed-vrf:cni-4f1c2a9e:inet6:254::/0:1024";

    public static NetNamespace PodNamespace => new(PodNs, PodNs, NamespaceKind.Named, $"/run/netns/{PodNs}", 4026532871, 4711, "pause",
        new PodRef("tenant-a", "frontend-7d9f8b6c5-x2x8q", "2b7e1f0c"));

    public static NetNamespace PlainNamespace => new(PlainNs, PlainNs, NamespaceKind.Named, $"/run/netns/{PlainNs}", 4026532999, null, null, null);

    public static readonly Link Lo = new(1, "lo", null, "UNKNOWN", true, null, null, "00:00:00:00:00:00", 65536);
    public static readonly Link Eth0 = new(2, "eth0", "veth", "UP", true, null, null, "0a:58:0a:f4:00:07", 1450);
    public static readonly Link Net1 = new(3, "net1", "macvlan", "UP", true, 4, null, "3e:1d:9a:42:00:11", 1500);
    public static readonly Link VrfBlue = new(4, "vrf-blue", "vrf", "UP", true, null, 1001, "2a:55:0c:77:10:01", 65575);

    public static Route V6MixedDefault => new()
    {
        Family = IpFamily.Inet6, Table = RoutingTable.Main, TableName = "main", Dst = "::/0", Protocol = "static", Metric = 1024, Pref = "medium",
        Nexthops =
        [
            new Nexthop("fe80::1", null, 2, "eth0", 1, []),
            new Nexthop("2001:db8:1::1", null, 3, "net1", 1, []),
        ],
    };

    public static Route V6VrfDefault => new()
    {
        Family = IpFamily.Inet6, Table = 1001, TableName = "vrf-blue", Dst = "::/0", Protocol = "static", Metric = 1024, Pref = "medium",
        Gateway = "2001:db8:1::1", LinkIndex = 3, Dev = "net1",
    };

    public static Route V6MainRemaining => V6MixedDefault with { Nexthops = [], Gateway = "fe80::1", LinkIndex = 2, Dev = "eth0" };

    public static IReadOnlyList<Route> PodRoutes =>
    [
        new() { Family = IpFamily.Inet, Table = RoutingTable.Main, TableName = "main", Dst = "0.0.0.0/0", Gateway = "10.244.0.1", LinkIndex = 2, Dev = "eth0", Protocol = "static" },
        new() { Family = IpFamily.Inet, Table = RoutingTable.Main, TableName = "main", Dst = "10.244.0.0/24", LinkIndex = 2, Dev = "eth0", Protocol = "kernel", Scope = "link", PrefSrc = "10.244.0.7" },
        new() { Family = IpFamily.Inet, Table = 1001, TableName = "vrf-blue", Dst = "192.168.50.0/24", LinkIndex = 3, Dev = "net1", Protocol = "kernel", Scope = "link", PrefSrc = "192.168.50.11" },
        new() { Family = IpFamily.Inet, Table = 1001, TableName = "vrf-blue", Dst = "10.50.0.0/16", Gateway = "192.168.50.1", LinkIndex = 3, Dev = "net1", Protocol = "static" },
        new() { Family = IpFamily.Inet, Table = RoutingTable.Local, TableName = "local", Type = "local", Dst = "10.244.0.7/32", LinkIndex = 2, Dev = "eth0", Protocol = "kernel", Scope = "host", PrefSrc = "10.244.0.7" },
        new() { Family = IpFamily.Inet, Table = RoutingTable.Local, TableName = "local", Type = "local", Dst = "127.0.0.0/8", LinkIndex = 1, Dev = "lo", Protocol = "kernel", Scope = "host", PrefSrc = "127.0.0.1" },
        new() { Family = IpFamily.Inet6, Table = RoutingTable.Main, TableName = "main", Dst = "fd00:10:244::/64", LinkIndex = 2, Dev = "eth0", Protocol = "kernel", Metric = 256, Pref = "medium" },
        V6MixedDefault,
        new() { Family = IpFamily.Inet6, Table = 1001, TableName = "vrf-blue", Dst = "2001:db8:1::/64", LinkIndex = 3, Dev = "net1", Protocol = "kernel", Metric = 256, Pref = "medium" },
        new() { Family = IpFamily.Inet6, Table = RoutingTable.Local, TableName = "local", Type = "local", Dst = "::1/128", LinkIndex = 1, Dev = "lo", Protocol = "kernel", Metric = 0, Pref = "medium" },
    ];

    public static MigrationPlan Plan => new(FindingId, PodNs, V6MixedDefault,
        [
            new RouteOperation(RouteOperationKind.Add, V6VrfDefault, "ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024"),
            new RouteOperation(RouteOperationKind.Delete, V6MixedDefault, "ip -6 route del default via 2001:db8:1::1 dev net1 metric 1024 table main"),
        ],
        [V6VrfDefault], V6MainRemaining);

    public static Finding MixedFinding => new(FindingId, PodNs, FindingKind.MixedVrfEcmp, Severity.Error, V6MixedDefault,
        [new OffendingNexthop(V6MixedDefault.Nexthops[1], "vrf-blue", 1001)],
        "Mixed-VRF ECMP route",
        "The IPv6 default in main has a path via net1, which is enslaved to vrf-blue (table 1001): traffic hashed onto it leaves through the VRF while its lookups happen in main.",
        Plan);

    public static NamespaceSnapshot PodSnapshot(IReadOnlyList<Route>? routes = null) => new(
        PodNamespace, DateTimeOffset.UtcNow, [Lo, Eth0, Net1, VrfBlue],
        [
            new Address(IpFamily.Inet, 2, "10.244.0.7", 24, "global", "eth0", []),
            new Address(IpFamily.Inet, 3, "192.168.50.11", 24, "global", "net1", []),
            new Address(IpFamily.Inet6, 3, "2001:db8:1::11", 64, "global", null, []),
            new Address(IpFamily.Inet6, 2, "fe80::858:aff:fef4:7", 64, "link", null, []),
        ],
        [], routes ?? PodRoutes, false);

    public static NamespaceSnapshot PlainSnapshot => new(
        PlainNamespace, DateTimeOffset.UtcNow, [Lo, Eth0 with { Name = "veth-a" }], [],
        [],
        [
            new() { Family = IpFamily.Inet, Table = RoutingTable.Main, TableName = "main", Dst = "10.9.0.0/24", LinkIndex = 2, Dev = "veth-a", Protocol = "kernel", Scope = "link" },
        ], false);

    /// <summary>A big table: <paramref name="count"/> IPv4 /32 routes in main.</summary>
    public static IReadOnlyList<Route> ManyRoutes(int count)
    {
        var routes = new List<Route>(count + 10);
        routes.AddRange(PodRoutes);
        for (int i = 0; i < count; i++)
            routes.Add(new Route
            {
                Family = IpFamily.Inet, Table = RoutingTable.Main, TableName = "main",
                Dst = $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}/32", Gateway = "10.244.0.1", LinkIndex = 2, Dev = "eth0", Protocol = "bgp",
            });
        return routes;
    }

    public static InCodeBackend Backend()
    {
        var b = new InCodeBackend();
        b.Put(PodSnapshot(), MixedFinding);
        b.Put(PlainSnapshot);
        return b;
    }
}
