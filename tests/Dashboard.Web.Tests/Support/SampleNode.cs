using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// A pod namespace in the state the CNI vrf plugin leaves it (containernetworking/plugins #1253):
/// net1 enslaved to vrf-blue (table 1001), and an IPv6 ECMP default in main with one path via eth0
/// and one via net1. Plus a plain namespace without findings.
/// Only the kernel's side is written here (links, addresses, routes). Findings, ids, titles,
/// explanations and plans come from the real analyzer and planner (<see cref="Doctor"/>), so the
/// pages and screenshots show what a node would show for this namespace.
/// </summary>
public static class SampleNode
{
    public const string PodNs = "cni-4f1c2a9e";
    public const string PlainNs = "rdt-plain";

    public const int LoIndex = 1, Eth0Index = 2, Net1Index = 3, VrfBlueIndex = 4;
    public const uint BlueTable = 1001;

    /// <summary>IFF_UP | IFF_RUNNING | IFF_LOWER_UP: what `ip link` shows as &lt;UP,LOWER_UP&gt;.</summary>
    private const uint Up = Link.IffUp | 0x40 | Link.IffLowerUp;

    public static NetNamespace PodNamespace => new(PodNs, PodNs, NamespaceKind.Named, $"/run/netns/{PodNs}", 4026532871, 4711, "pause",
        new PodRef("tenant-a", "frontend-7d9f8b6c5-x2x8q", "2b7e1f0c"));

    public static NetNamespace PlainNamespace => new(PlainNs, PlainNs, NamespaceKind.Named, $"/run/netns/{PlainNs}", 4026532999, null, null, null);

    public static readonly Link Lo = new(LoIndex, "lo", null, OperState.Unknown, Up | 0x8 /* IFF_LOOPBACK */, null, null, "00:00:00:00:00:00", 65536);
    public static readonly Link Eth0 = new(Eth0Index, "eth0", "veth", OperState.Up, Up, null, null, "0a:58:0a:f4:00:07", 1450);
    public static readonly Link Net1 = new(Net1Index, "net1", "macvlan", OperState.Up, Up, VrfBlueIndex, null, "3e:1d:9a:42:00:11", 1500);
    public static readonly Link VrfBlue = new(VrfBlueIndex, "vrf-blue", "vrf", OperState.Up, Up, null, BlueTable, "2a:55:0c:77:10:01", 65575);

    private static IpPrefix P(string text) => IpPrefix.Parse(text);
    private static IpAddr A(string text) => IpAddr.Parse(text);

    /// <summary>
    /// `default proto static metric 1024 pref medium nexthop via fe80::1 dev eth0 weight 1
    /// nexthop via 2001:db8:1::1 dev net1 weight 1` in main: the route the issue is about.
    /// </summary>
    public static Route V6MixedDefault => new()
    {
        Family = IpFamily.Inet6, Table = RoutingTable.Main, Dst = IpPrefix.Default(IpFamily.Inet6),
        Protocol = RouteProtocol.Static, Metric = 1024, Pref = RoutePref.Medium,
        Nexthops = [new Nexthop(A("fe80::1"), Eth0Index), new Nexthop(A("2001:db8:1::1"), Net1Index)],
    };

    public static IReadOnlyList<Route> PodRoutes =>
    [
        new() { Family = IpFamily.Inet, Table = RoutingTable.Main, Dst = IpPrefix.Default(IpFamily.Inet), Gateway = A("10.244.0.1"), Oif = Eth0Index, Protocol = RouteProtocol.Static },
        new() { Family = IpFamily.Inet, Table = RoutingTable.Main, Dst = P("10.244.0.0/24"), Oif = Eth0Index, Protocol = RouteProtocol.Kernel, Scope = RouteScope.Link, PrefSrc = A("10.244.0.7") },
        new() { Family = IpFamily.Inet, Table = BlueTable, Dst = P("192.168.50.0/24"), Oif = Net1Index, Protocol = RouteProtocol.Kernel, Scope = RouteScope.Link, PrefSrc = A("192.168.50.11") },
        new() { Family = IpFamily.Inet, Table = BlueTable, Dst = P("10.50.0.0/16"), Gateway = A("192.168.50.1"), Oif = Net1Index, Protocol = RouteProtocol.Static },
        // The VRF's IPv4 side is configured as Documentation/networking/vrf.rst recommends: only the #1253 route is wrong here.
        new() { Family = IpFamily.Inet, Table = BlueTable, Type = RouteType.Unreachable, Dst = IpPrefix.Default(IpFamily.Inet), Protocol = RouteProtocol.Boot, Metric = 4278198272 },
        new() { Family = IpFamily.Inet, Table = RoutingTable.Local, Type = RouteType.Local, Dst = P("10.244.0.7/32"), Oif = Eth0Index, Protocol = RouteProtocol.Kernel, Scope = RouteScope.Host, PrefSrc = A("10.244.0.7") },
        new() { Family = IpFamily.Inet, Table = RoutingTable.Local, Type = RouteType.Local, Dst = P("127.0.0.0/8"), Oif = LoIndex, Protocol = RouteProtocol.Kernel, Scope = RouteScope.Host, PrefSrc = A("127.0.0.1") },
        new() { Family = IpFamily.Inet6, Table = RoutingTable.Main, Dst = P("fd00:10:244::/64"), Oif = Eth0Index, Protocol = RouteProtocol.Kernel, Metric = 256, Pref = RoutePref.Medium },
        V6MixedDefault,
        new() { Family = IpFamily.Inet6, Table = BlueTable, Dst = P("2001:db8:1::/64"), Oif = Net1Index, Protocol = RouteProtocol.Kernel, Metric = 256, Pref = RoutePref.Medium },
        new() { Family = IpFamily.Inet6, Table = RoutingTable.Local, Type = RouteType.Local, Dst = P("::1/128"), Oif = LoIndex, Protocol = RouteProtocol.Kernel, Metric = 0, Pref = RoutePref.Medium },
    ];

    /// <summary>IFA_F_PERMANENT: addresses configured by the CNI plugins, not learnt.</summary>
    private const uint Permanent = 0x80;

    public static IReadOnlyList<Address> PodAddresses =>
    [
        new(Eth0Index, A("10.244.0.7"), 24, RouteScope.Universe, "eth0", Permanent),
        new(Eth0Index, A("fd00:10:244::7"), 64, RouteScope.Universe, null, Permanent),
        new(Eth0Index, A("fe80::858:aff:fef4:7"), 64, RouteScope.Link, null, Permanent),
        new(Net1Index, A("192.168.50.11"), 24, RouteScope.Universe, "net1", Permanent),
        new(Net1Index, A("2001:db8:1::11"), 64, RouteScope.Universe, null, Permanent),
    ];

    /// <summary>
    /// A VRF pod's rules (vrf.rst): the l3mdev rule at 1000 sends a packet of vrf-blue to table 1001; the
    /// pod's VRF address also sources into table 1001 (200); the kernel's local, main and default rules.
    /// </summary>
    public static IReadOnlyList<Rule> PodRules =>
    [
        new() { Family = IpFamily.Inet, Priority = 0, Table = RoutingTable.Local, Protocol = RouteProtocol.Kernel },
        new() { Family = IpFamily.Inet, Priority = 200, Src = P("192.168.50.11/32"), Table = BlueTable, Protocol = RouteProtocol.Static },
        new() { Family = IpFamily.Inet, Priority = 1000, L3mdev = true, Protocol = RouteProtocol.Kernel },
        new() { Family = IpFamily.Inet, Priority = 32766, Table = RoutingTable.Main, Protocol = RouteProtocol.Kernel },
        new() { Family = IpFamily.Inet, Priority = 32767, Table = RoutingTable.Default, Protocol = RouteProtocol.Kernel },
        new() { Family = IpFamily.Inet6, Priority = 0, Table = RoutingTable.Local, Protocol = RouteProtocol.Kernel },
        new() { Family = IpFamily.Inet6, Priority = 1000, L3mdev = true, Protocol = RouteProtocol.Kernel },
        new() { Family = IpFamily.Inet6, Priority = 32766, Table = RoutingTable.Main, Protocol = RouteProtocol.Kernel },
    ];

    public static NamespaceSnapshot PodSnapshot(IReadOnlyList<Route>? routes = null) => new(
        PodNamespace, DateTimeOffset.UtcNow, [Lo, Eth0, Net1, VrfBlue], PodAddresses, [], routes ?? PodRoutes, false) { Rules = PodRules };

    /// <summary>The pod namespace's one finding with its plan, as the analyzer and planner make them.</summary>
    public static Diagnosis MixedFinding => Doctor.Diagnose(PodSnapshot()).Single();

    /// <summary>The mixed route's finding id, as <see cref="Dashboard.Server.Analysis.FindingId"/> computes it.</summary>
    public static string FindingId => MixedFinding.Id;

    public static NamespaceSnapshot PlainSnapshot => new(
        PlainNamespace, DateTimeOffset.UtcNow, [Lo, Eth0 with { Name = "veth-a" }], [], [],
        [
            new() { Family = IpFamily.Inet, Table = RoutingTable.Main, Dst = P("10.9.0.0/24"), Oif = Eth0Index, Protocol = RouteProtocol.Kernel, Scope = RouteScope.Link },
        ], false);

    /// <summary>A big table: the pod's routes plus <paramref name="count"/> IPv4 /32 routes learnt over BGP in main.</summary>
    public static IReadOnlyList<Route> ManyRoutes(int count)
    {
        var routes = new List<Route>(count + 10);
        routes.AddRange(PodRoutes);
        var gateway = A("10.244.0.1");
        for (int i = 0; i < count; i++)
            routes.Add(new Route
            {
                Family = IpFamily.Inet, Table = RoutingTable.Main, Dst = new IpPrefix(IpAddr.V4(0x0A000000u | (uint)i), 32),
                Gateway = gateway, Oif = Eth0Index, Protocol = (RouteProtocol)186, // bgp in rt_protos
            });
        return routes;
    }

    public static InCodeBackend Backend()
    {
        var b = new InCodeBackend();
        b.Put(PodSnapshot());
        b.Put(PlainSnapshot);
        return b;
    }
}
