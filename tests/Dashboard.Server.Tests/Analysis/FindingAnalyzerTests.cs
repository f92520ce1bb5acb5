using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

public sealed class FindingAnalyzerTests
{
    private const uint Main = RoutingTable.Main;

    /// <summary>What the kernel keeps around the mixed route in a real 1253 pod: none of it is a finding.</summary>
    private static NodeState WithKernelRoutes(NodeState s) => s
        .Add(s.V6(Main, "2001:db8::/64", null, "eth0", 256, RouteProtocol.Kernel))
        .Add(s.V6(Main, "fe80::/64", null, "eth0", 256, RouteProtocol.Kernel))
        .Add(s.V6(1001, "2001:db8:1::/64", null, "net1", 256, RouteProtocol.Kernel))
        .Add(s.V6(1001, "fe80::/64", null, "net1", 256, RouteProtocol.Kernel))
        .Add(s.V6(1001, "ff00::/8", null, "net1", 256, RouteProtocol.Boot))
        .Add(s.V6(1001, "ff00::/8", null, "net1", 256, RouteProtocol.Kernel) with { Type = RouteType.Multicast })
        .Add(s.V6(Main, "ff00::/8", null, "eth0", 256, RouteProtocol.Kernel) with { Type = RouteType.Multicast })
        .Add(s.V6(RoutingTable.Local, "2001:db8:1::2/128", null, "net1", 0, RouteProtocol.Kernel) with { Type = RouteType.Local })
        .Add(s.V4(Main, "10.0.0.0/24", null, "eth0", proto: RouteProtocol.Kernel) with { PrefSrc = IpAddr.Parse("10.0.0.2") })
        .Add(s.V4(1001, "10.1.0.0/24", null, "net1", proto: RouteProtocol.Kernel) with { PrefSrc = IpAddr.Parse("10.1.0.2") });

    /// <summary>The one finding of a snapshot with its plan (or none), as pages and the CLI get it.</summary>
    private static Diagnosis Diagnosed(NamespaceSnapshot snapshot) => Assert.Single(Doctor.Diagnose(snapshot));

    private static NodeState Issue1253()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1")));
        return WithKernelRoutes(s);
    }

    [Fact]
    public void Issue1253_one_error_naming_net1_vrf1001_and_what_breaks()
    {
        var findings = FindingAnalyzer.Analyze(Issue1253().Snapshot());

        var f = Assert.Single(findings);
        Assert.Equal(FindingKind.MixedVrfEcmp, f.Kind);
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal(IpPrefix.Parse("::/0"), f.Route!.Dst);
        Assert.Equal(Main, f.Route.Table);
        var off = Assert.Single(f.Offending);
        Assert.Equal((3, IpAddr.Parse("2001:db8:1::1"), "vrf1001", 1001u), (off.Nexthop.Oif, off.Nexthop.Gateway, off.Vrf.Name, off.Vrf.Table));
        Assert.True(off.Movable);
        Assert.True(f.Fixable);
        Assert.Matches("^f-[0-9a-f]{12}$", f.Id);
        Assert.Contains("net1", f.Title);
        Assert.Contains("vrf1001", f.Title);
        foreach (var word in new[] { "eth0", "net1", "vrf1001", "table 1001", "no default route", "50%", "1253", "pod-ns" })
            Assert.Contains(word, f.Explanation);
    }

    [Fact]
    public void Ipv4_multipath_across_vrfs_is_an_error()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4Multi(Main, "0.0.0.0/0", 100, s.Hop("10.0.0.1", "eth0"), s.Hop("10.1.0.1", "net1")));

        var f = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));
        Assert.Equal((FindingKind.MixedVrfEcmp, Severity.Error), (f.Kind, f.Severity));
        Assert.Equal(IpAddr.Parse("10.1.0.1"), Assert.Single(f.Offending).Nexthop.Gateway);
        Assert.Contains("IPv4 default route", f.Title);
    }

    [Fact]
    public void Three_way_ecmp_over_two_vrfs_reports_both_vrfs_and_their_shares()
    {
        var s = new NodeState().Link(2, "eth0").Link(3, "net1", master: 10).Link(5, "net2", master: 11)
            .Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1002);
        s.Add(s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0", 1), s.Hop("fe80::a", "net1", 2), s.Hop("fe80::b", "net2", 3)));

        var f = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));
        Assert.Equal(FindingKind.MixedVrfEcmp, f.Kind);
        Assert.Equal([(3, "vrfa", 1001u), (5, "vrfb", 1002u)],
            f.Offending.Select(o => (o.Nexthop.Oif, o.Vrf.Name, o.Vrf.Table)).ToArray());
        Assert.Contains("33%", f.Explanation); // weight 2 of 6 into vrfa
        Assert.Contains("50%", f.Explanation); // weight 3 of 6 into vrfb
    }

    [Fact]
    public void All_nexthops_in_one_vrf_but_route_in_main_is_an_error_that_removes_it_from_main()
    {
        var s = NodeState.Issue1253Pod().Link(6, "net3", "macvlan", master: 4);
        s.Add(s.V6Multi(Main, "2001:db8:99::/48", s.Hop("fe80::1", "net1"), s.Hop("fe80::2", "net3")));

        var f = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));
        Assert.Equal(FindingKind.MixedVrfEcmp, f.Kind);
        Assert.Equal(2, f.Offending.Count);
        Assert.Contains("All of main's traffic to 2001:db8:99::/48", f.Explanation);
        Assert.Contains("removes the route from table main", f.Explanation);
    }

    [Fact]
    public void Single_path_member_route_left_in_main_is_a_fixable_warning()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4(Main, "10.20.0.0/16", "10.1.0.1", "net1"));

        var d = Diagnosed(s.Snapshot());
        var f = d.Finding;
        Assert.Equal((FindingKind.VrfMemberRouteInDefaultVrf, Severity.Warning), (f.Kind, f.Severity));
        Assert.NotNull(d.Plan);
        Assert.True(f.Fixable);
        Assert.Contains("net1 is enslaved to VRF vrf1001", f.Explanation);
    }

    [Fact]
    public void Route_in_vrf_table_via_default_vrf_device_is_information_without_plan()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4(1001, "10.9.0.0/16", "10.0.0.1", "eth0"));

        var d = Diagnosed(s.Snapshot());
        var f = d.Finding;
        Assert.Equal((FindingKind.InterVrfRoute, Severity.Information), (f.Kind, f.Severity));
        Assert.Null(d.Plan);
        Assert.False(f.Fixable);
        Assert.True(Assert.Single(f.Offending).InDefaultVrf);
        Assert.Contains("deliberate", f.Explanation);
        Assert.Contains("eth0", f.Explanation);
    }

    [Fact]
    public void Route_in_main_via_the_vrf_device_itself_is_leaking_not_a_member_route()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4(Main, "10.50.0.0/16", null, "vrf1001"));

        var d = Diagnosed(s.Snapshot());
        var f = d.Finding;
        Assert.Equal(FindingKind.InterVrfRoute, f.Kind);
        Assert.Null(d.Plan);
        Assert.True(Assert.Single(f.Offending).ViaVrfDevice);
    }

    [Fact]
    public void Policy_routing_table_is_not_a_vrf_context()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4(100, "0.0.0.0/0", "10.0.0.1", "eth0"))
         .Add(s.V6Multi(100, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("fe80::2", "eth0")));

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }

    [Fact]
    public void Split_defaults_via_net1_in_the_vrf_table_give_no_finding()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V6(1001, "::/1", "2001:db8:1::1", "net1")).Add(s.V6(1001, "8000::/1", "2001:db8:1::1", "net1"))
         .Add(s.V6(Main, "::/0", "fe80::1", "eth0"));

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }

    [Fact]
    public void Explanation_mentions_split_defaults_when_only_they_cover_the_vrf()
    {
        var s = Issue1253();
        s.Add(s.V6(1001, "::/1", "2001:db8:1::1", "net1")).Add(s.V6(1001, "8000::/1", "2001:db8:1::1", "net1"));

        var f = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));
        Assert.Contains("split routes ::/1 and 8000::/1", f.Explanation);
    }

    [Fact]
    public void Unreachable_default_in_vrf_table_shown_with_dev_lo_gives_no_finding()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V6(1001, "::/0", null, "lo", 4278198272, RouteProtocol.Boot) with { Type = RouteType.Unreachable })
         .Add(s.V4(1001, "0.0.0.0/0", null, "lo", 4278198272, RouteProtocol.Boot) with { Type = RouteType.Unreachable })
         .Add(s.V6(Main, "2001:db8:66::/48", null, "lo") with { Type = RouteType.Blackhole })
         .Add(s.V6(Main, "2001:db8:67::/48", null, "net1") with { Type = RouteType.Prohibit });

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }

    [Fact]
    public void Local_table_and_kernel_connected_routes_give_no_finding()
    {
        var s = WithKernelRoutes(NodeState.Issue1253Pod());
        // Even a unicast route via a member in the local table is the kernel's business.
        s.Add(s.V4(RoutingTable.Local, "10.1.0.0/24", "10.1.0.1", "net1"));
        // A kernel-made connected route of a member in main: the kernel owns it.
        s.Add(s.V4(Main, "10.1.0.0/24", null, "net1", proto: RouteProtocol.Kernel));

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }

    [Fact]
    public void Operator_made_connected_route_of_a_member_in_main_is_reported()
    {
        // Same shape as the kernel's, but protocol boot: someone added it, and it was left behind.
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4(Main, "10.1.0.0/24", null, "net1", proto: RouteProtocol.Boot));

        Assert.Equal(FindingKind.VrfMemberRouteInDefaultVrf, Assert.Single(FindingAnalyzer.Analyze(s.Snapshot())).Kind);
    }

    [Fact]
    public void Nexthop_group_with_members_in_two_vrfs_is_an_error()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(new Route
        {
            Family = IpFamily.Inet6, Table = Main, Dst = IpPrefix.Parse("::/0"), Metric = 1024, Pref = RoutePref.Medium,
            Protocol = RouteProtocol.Static, NexthopId = 20, Nexthops = [s.Hop("fe80::1", "eth0", 1, 11), s.Hop("2001:db8:1::1", "net1", 1, 12)],
        });

        var f = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));
        Assert.Equal(FindingKind.MixedVrfEcmp, f.Kind);
        Assert.Equal(12u, Assert.Single(f.Offending).Nexthop.NexthopId);
    }

    [Fact]
    public void Member_behind_a_bridge_enslaved_to_the_vrf_counts_as_in_the_vrf()
    {
        var s = NodeState.Issue1253Pod().Link(7, "br1", "bridge", master: 4);
        s.Add(s.V4(Main, "10.30.0.0/16", "10.3.0.1", "br1"));

        var f = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));
        Assert.Equal("vrf1001", Assert.Single(f.Offending).Vrf.Name);
    }

    [Fact]
    public void A_route_whose_device_is_missing_from_the_snapshot_is_not_judged()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4(Main, "10.40.0.0/16", "10.1.0.1", "net1") with { Oif = 99 });

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }

    [Fact]
    public void Finding_id_is_stable_across_scans_and_changes_with_the_route()
    {
        var first = Issue1253();
        // Second scan: later, links come in another order, and the reader listed the ECMP paths the other way.
        var snap2 = Issue1253().Snapshot(links => links.Reverse()) with { TakenAt = first.TakenAt.AddMinutes(5) };
        var reordered = snap2.Routes.Select(r => r.IsMultipath ? r with { Nexthops = r.Nexthops.Reverse().ToArray() } : r).ToArray();
        snap2 = snap2 with { Routes = reordered };

        var id1 = Assert.Single(FindingAnalyzer.Analyze(first.Snapshot())).Id;
        var id2 = Assert.Single(FindingAnalyzer.Analyze(snap2)).Id;
        Assert.Equal(id1, id2);

        var changed = NodeState.Issue1253Pod();
        changed.Add(changed.V6Multi(Main, "::/0", changed.Hop("fe80::1", "eth0"), changed.Hop("2001:db8:1::2", "net1")));
        Assert.NotEqual(id1, Assert.Single(FindingAnalyzer.Analyze(changed.Snapshot())).Id);

        // Same paths, another protocol: the plan would copy the new protocol, so it is another finding.
        var reprotocolled = Issue1253().Snapshot();
        reprotocolled = reprotocolled with { Routes = reprotocolled.Routes.Select(r => r.IsMultipath ? r with { Protocol = (RouteProtocol)186 } : r).ToArray() };
        Assert.NotEqual(id1, Assert.Single(FindingAnalyzer.Analyze(reprotocolled)).Id);

        var otherNs = new NodeState { NamespaceId = "other" }.Link(1, "lo").Link(2, "eth0", "veth").Link(3, "net1", "macvlan", master: 4).Vrf(4, "vrf1001", 1001);
        otherNs.Add(otherNs.V6Multi(Main, "::/0", otherNs.Hop("fe80::1", "eth0"), otherNs.Hop("2001:db8:1::1", "net1")));
        Assert.NotEqual(id1, Assert.Single(FindingAnalyzer.Analyze(otherNs.Snapshot())).Id);
    }

    [Fact]
    public void Mixed_route_in_a_vrf_table_moves_only_the_other_vrfs_member()
    {
        var s = new NodeState().Link(2, "eth0").Link(3, "net1", master: 10).Link(5, "net2", master: 11)
            .Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1002);
        s.Add(s.V6Multi(1001, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("fe80::a", "net1"), s.Hop("fe80::b", "net2")));

        var d = Diagnosed(s.Snapshot());
        var f = d.Finding;
        Assert.Equal(FindingKind.MixedVrfEcmp, f.Kind);
        Assert.Equal([2, 5], f.Offending.Select(o => o.Nexthop.Oif).ToArray()); // eth0 (default VRF) and net2 (vrfb)
        var plan = Assert.IsType<MigrationPlan>(d.Plan);
        var add = Assert.Single(plan.Steps, st => st.Kind == RouteChange.Add);
        Assert.Equal(1002u, add.Route!.Table);
        Assert.Equal(5, add.Route.Oif);
    }
}
