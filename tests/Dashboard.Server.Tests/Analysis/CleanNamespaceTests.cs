using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

/// <summary>
/// No false positives: a correctly configured VRF pod and a host with ordinary policy routing hold
/// everything the kinds look at, and none of it is a finding.
/// </summary>
public sealed class CleanNamespaceTests
{
    private const uint Main = RoutingTable.Main, Local = RoutingTable.Local;

    /// <summary>
    /// A VRF pod as it should be: vrf1001 with net1 (global and link-local addresses of both families),
    /// unreachable defaults in table 1001, the kernel's rules with l3mdev, every link with carrier, and
    /// all the routes the kernel makes by itself (connected, local, broadcast, fe80::/64, ff00::/8).
    /// </summary>
    internal static NodeState CleanVrfPod()
    {
        var s = new NodeState { Pod = new PodRef("tenant-a", "db-0", "77aa") }
            .Link(1, "lo").Link(2, "eth0", "veth").Link(3, "net1", "macvlan", master: 4).Vrf(4, "vrf1001", 1001).KernelRules()
            .Addr(1, "127.0.0.1", 8, RouteScope.Host).Addr(1, "::1", 128, RouteScope.Host)
            .Addr(2, "10.0.0.2", 24).Addr(2, "2001:db8::2", 64).Addr(2, "fe80::2", 64, RouteScope.Link)
            .Addr(3, "10.1.0.2", 24).Addr(3, "2001:db8:1::2", 64).Addr(3, "fe80::3", 64, RouteScope.Link);
        s.Add(s.V4(Main, "0.0.0.0/0", "10.0.0.1", "eth0"))
         .Add(s.V4(Main, "10.0.0.0/24", null, "eth0", proto: RouteProtocol.Kernel) with { PrefSrc = IpAddr.Parse("10.0.0.2") })
         .Add(s.V6(Main, "::/0", "fe80::1", "eth0"))
         .Add(s.V6(Main, "2001:db8::/64", null, "eth0", 256, RouteProtocol.Kernel))
         .Add(s.V6(Main, "fe80::/64", null, "eth0", 256, RouteProtocol.Kernel))
         .Add(s.V6(Main, "ff00::/8", null, "eth0", 256, RouteProtocol.Kernel) with { Type = RouteType.Multicast })
         .Add(s.V4(1001, "0.0.0.0/0", "10.1.0.1", "net1", 100))
         .Add(s.V4(1001, "0.0.0.0/0", null, "lo", 4278198272, RouteProtocol.Boot) with { Type = RouteType.Unreachable, Oif = 0, Scope = RouteScope.Universe })
         .Add(s.V4(1001, "10.1.0.0/24", null, "net1", proto: RouteProtocol.Kernel) with { PrefSrc = IpAddr.Parse("10.1.0.2") })
         .Add(s.V4(1001, "10.1.0.255/32", null, "net1", proto: RouteProtocol.Kernel) with { Type = RouteType.Broadcast })
         .Add(s.V4(1001, "10.1.0.2/32", null, "net1", proto: RouteProtocol.Kernel) with { Type = RouteType.Local, Scope = RouteScope.Host })
         .Add(s.V6(1001, "::/0", null, "lo", 4278198272, RouteProtocol.Boot) with { Type = RouteType.Unreachable })
         .Add(s.V6(1001, "2001:db8:1::/64", null, "net1", 256, RouteProtocol.Kernel))
         .Add(s.V6(1001, "fe80::/64", null, "net1", 256, RouteProtocol.Kernel))
         .Add(s.V6(1001, "ff00::/8", null, "net1", 256, RouteProtocol.Kernel) with { Type = RouteType.Multicast })
         .Add(s.V6(1001, "2001:db8:1::2/128", null, "net1", 0, RouteProtocol.Kernel) with { Type = RouteType.Local })
         .Add(s.V4(Local, "127.0.0.0/8", null, "lo", proto: RouteProtocol.Kernel) with { Type = RouteType.Local, Scope = RouteScope.Host })
         .Add(s.V4(Local, "10.0.0.2/32", null, "eth0", proto: RouteProtocol.Kernel) with { Type = RouteType.Local, Scope = RouteScope.Host })
         .Add(s.V6(Local, "::1/128", null, "lo", 0, RouteProtocol.Kernel) with { Type = RouteType.Local });
        return s;
    }

    [Fact]
    public void A_correctly_configured_vrf_pod_has_no_finding()
    {
        Assert.Empty(FindingAnalyzer.Analyze(CleanVrfPod().Snapshot()));
    }

    [Fact]
    public void A_second_member_with_link_local_addresses_only_and_a_real_ipv6_default_keep_it_clean()
    {
        var s = CleanVrfPod().Link(5, "net2", "macvlan", master: 4).Addr(5, "fe80::5", 64, RouteScope.Link);
        s.Add(s.V6(1001, "::/0", "2001:db8:1::1", "net1"));

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }

    [Fact]
    public void A_host_with_policy_routing_and_a_linkdown_connected_route_has_no_finding()
    {
        // The host namespace: source rules into tables without a default are how policy routing adds
        // exceptions there (falling through to main is the point), and a bridge without ports has no
        // carrier but only its connected route.
        var s = new NodeState { NamespaceId = "host" }.Link(1, "lo").Link(2, "eth0").Link(3, "docker0", "bridge").NoCarrier("docker0")
            .KernelRules(l3mdev: false).Addr(2, "192.0.2.10", 24).Addr(3, "172.17.0.1", 16)
            .Rule(new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("192.0.2.0/24"), Table = 100 })
            .Rule(new Rule { Family = IpFamily.Inet, Priority = 101, Fwmark = 0x10, Table = 101 });
        s.Add(s.V4(Main, "0.0.0.0/0", "192.0.2.1", "eth0"))
         .Add(s.V4(Main, "172.17.0.0/16", null, "docker0", proto: RouteProtocol.Kernel) with { Flags = RouteFlags.Linkdown })
         .Add(s.V4(100, "198.51.100.0/24", "192.0.2.2", "eth0"));

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }
}
