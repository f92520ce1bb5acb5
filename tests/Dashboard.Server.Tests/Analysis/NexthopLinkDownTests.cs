using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

/// <summary>nexthop-link-down: route paths through links without carrier.</summary>
public sealed class NexthopLinkDownTests
{
    private const uint Main = RoutingTable.Main;

    private static NodeState Host() => new NodeState().Link(1, "lo").Link(2, "eth0", "veth").Link(3, "eth1", "veth").KernelRules(l3mdev: false);

    [Fact]
    public void A_route_whose_only_path_has_no_carrier_is_a_warning_without_a_plan()
    {
        var s = Host().NoCarrier("eth1");
        s.Add(s.V4(Main, "10.5.0.0/16", "10.2.0.1", "eth1"));

        var d = Assert.Single(Doctor.Diagnose(s.Snapshot()));

        var f = d.Finding;
        Assert.Equal((FindingKind.NexthopLinkDown, Severity.Warning), (f.Kind, f.Severity));
        Assert.Equal(IpPrefix.Parse("10.5.0.0/16"), f.Route!.Dst);
        Assert.Equal(3, Assert.Single(f.LinkdownPaths).Oif);
        Assert.Empty(f.Offending);
        Assert.Null(d.Plan);
        Assert.Equal("IPv4 route to 10.5.0.0/16 in table main goes only through eth1, which has no carrier", f.Title);
        foreach (var word in new[] { "via 10.2.0.1 dev eth1", "linkdown", "ip link show eth1" })
            Assert.Contains(word, f.Explanation);
    }

    [Fact]
    public void The_kernels_linkdown_mark_counts_even_before_the_link_shows_it()
    {
        var s = Host();
        s.Add(s.V4(Main, "10.5.0.0/16", "10.2.0.1", "eth1") with { Flags = RouteFlags.Linkdown });

        Assert.Equal(FindingKind.NexthopLinkDown, Assert.Single(FindingAnalyzer.Analyze(s.Snapshot())).Kind);
    }

    [Fact]
    public void One_dead_path_of_an_ecmp_route_is_information()
    {
        var s = Host().NoCarrier("eth1");
        s.Add(s.V4Multi(Main, "0.0.0.0/0", 100, s.Hop("10.0.0.1", "eth0"), s.Hop("10.2.0.1", "eth1", flags: RouteFlags.Linkdown)));

        var f = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));

        Assert.Equal((FindingKind.NexthopLinkDown, Severity.Information), (f.Kind, f.Severity));
        Assert.Equal("1 of 2 paths of the IPv4 default route in table main go through eth1 without carrier", f.Title);
    }

    [Fact]
    public void Connected_link_local_and_reject_routes_of_a_dead_link_say_nothing_the_link_does_not()
    {
        var s = Host().NoCarrier("eth1");
        s.Add(s.V4(Main, "10.2.0.0/24", null, "eth1", proto: RouteProtocol.Kernel) with { Flags = RouteFlags.Linkdown })
         .Add(s.V6(Main, "fe80::/64", null, "eth1", 256, RouteProtocol.Kernel))
         .Add(s.V6(Main, "ff00::/8", null, "eth1", 256, RouteProtocol.Kernel) with { Type = RouteType.Multicast })
         .Add(s.V4(RoutingTable.Local, "10.2.0.2/32", null, "eth1", proto: RouteProtocol.Kernel) with { Type = RouteType.Local });

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }

    [Fact]
    public void A_mixed_route_with_a_dead_path_has_both_findings_each_with_its_own_id()
    {
        var s = NodeState.Issue1253Pod().NoCarrier("net1");
        s.Add(s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1")));

        var findings = FindingAnalyzer.Analyze(s.Snapshot());

        Assert.Equal([FindingKind.MixedVrfEcmp, FindingKind.NexthopLinkDown], findings.Select(f => f.Kind));
        Assert.NotEqual(findings[0].Id, findings[1].Id);
        Assert.Same(findings[0].Route, findings[1].Route);
    }

    [Fact]
    public void The_id_follows_the_route_and_its_dead_paths_not_interface_indexes()
    {
        NodeState Build(int eth0, int eth1, bool bothDown)
        {
            var s = new NodeState().Link(1, "lo").Link(eth0, "eth0", "veth").Link(eth1, "eth1", "veth").NoCarrier("eth1");
            if (bothDown) s.NoCarrier("eth0");
            return s.Add(s.V4Multi(Main, "0.0.0.0/0", 100, s.Hop("10.0.0.1", "eth0"), s.Hop("10.2.0.1", "eth1")));
        }

        var id = Assert.Single(FindingAnalyzer.Analyze(Build(2, 3, false).Snapshot())).Id;
        Assert.Equal(id, Assert.Single(FindingAnalyzer.Analyze(Build(7, 5, false).Snapshot())).Id);
        var worse = Assert.Single(FindingAnalyzer.Analyze(Build(2, 3, true).Snapshot()));
        Assert.NotEqual(id, worse.Id);
        Assert.Equal(Severity.Warning, worse.Severity);
    }
}
