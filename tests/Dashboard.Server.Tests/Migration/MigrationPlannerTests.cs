using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;

namespace Dashboard.Server.Tests.Migration;

public sealed class MigrationPlannerTests
{
    private const uint Main = RoutingTable.Main;

    private static MigrationPlan PlanOf(NodeState s)
    {
        var snapshot = s.Snapshot();
        var f = Assert.Single(FindingAnalyzer.Analyze(snapshot));
        var plan = Assert.IsType<MigrationPlan>(MigrationPlanner.Plan(f, snapshot));
        Assert.Equal(f.Id, plan.FindingId);
        Assert.Equal(s.NamespaceId, plan.NamespaceId);
        Assert.Same(f.Route, plan.Original);
        return plan;
    }

    private static string[] Commands(MigrationPlan plan) => plan.Steps.Select(s => s.IpCommand).ToArray();

    private static void AssertAddsBeforeRemovals(MigrationPlan plan)
    {
        var lastAdd = plan.Steps.ToList().FindLastIndex(s => s.Kind == RouteChange.Add);
        var firstRemoval = plan.Steps.ToList().FindIndex(s => s.Kind != RouteChange.Add);
        Assert.True(firstRemoval < 0 || lastAdd < firstRemoval, string.Join("\n", Commands(plan)));
    }

    [Fact]
    public void Issue1253_adds_to_vrf_table_then_deletes_the_sibling_from_main()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1")));

        var plan = PlanOf(s);

        Assert.Equal(
        [
            "ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024 proto static pref medium",
            "ip -6 route del default via 2001:db8:1::1 dev net1 table main metric 1024 proto static",
        ], Commands(plan));
        Assert.Equal([RouteChange.Add, RouteChange.Delete], plan.Steps.Select(x => x.Kind));
        var added = Assert.Single(plan.ExpectedAdded);
        Assert.True(RouteComparer.SameRoute(s.V6(1001, "::/0", "2001:db8:1::1", "net1"), added));
        Assert.True(RouteComparer.SameRoute(s.V6(Main, "::/0", "fe80::1", "eth0"), plan.ExpectedRemaining!));
        Assert.Equal(3, plan.Steps[0].Route!.Oif); // the request names net1 by its index
    }

    [Fact]
    public void Ipv4_multipath_replaces_the_original_with_what_stays()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4Multi(Main, "0.0.0.0/0", 100, s.Hop("10.0.0.1", "eth0"), s.Hop("10.1.0.1", "net1")));

        var plan = PlanOf(s);

        Assert.Equal(
        [
            "ip route add default via 10.1.0.1 dev net1 table 1001 metric 100 proto static",
            "ip route replace default via 10.0.0.1 dev eth0 table main metric 100 proto static",
        ], Commands(plan));
        Assert.DoesNotContain(plan.Steps, x => x.Kind == RouteChange.Delete);
        Assert.False(plan.ExpectedRemaining!.IsMultipath);
    }

    [Fact]
    public void Ipv4_route_entirely_in_one_vrf_is_deleted_by_naming_all_its_paths()
    {
        var s = NodeState.Issue1253Pod().Link(6, "net3", master: 4);
        s.Add(s.V4Multi(Main, "10.70.0.0/16", null, s.Hop("10.1.0.1", "net1", 2), s.Hop("10.3.0.1", "net3", 5)));

        var plan = PlanOf(s);

        Assert.Equal(
        [
            "ip route add 10.70.0.0/16 table 1001 proto static nexthop via 10.1.0.1 dev net1 weight 2 nexthop via 10.3.0.1 dev net3 weight 5",
            "ip route del 10.70.0.0/16 table main proto static nexthop via 10.1.0.1 dev net1 weight 2 nexthop via 10.3.0.1 dev net3 weight 5",
        ], Commands(plan));
        Assert.Null(plan.ExpectedRemaining);
    }

    [Fact]
    public void Three_way_ecmp_across_two_vrfs_keeps_unequal_weights_of_what_stays()
    {
        var s = new NodeState().Link(2, "eth0").Link(3, "eth1").Link(4, "net1", master: 10).Link(5, "net2", master: 11)
            .Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1002);
        s.Add(s.V4Multi(Main, "0.0.0.0/0", 20,
            s.Hop("10.0.0.1", "eth0", 1), s.Hop("10.1.0.1", "net1", 2), s.Hop("10.2.0.1", "net2", 3), s.Hop("10.0.1.1", "eth1", 4)));

        var plan = PlanOf(s);

        Assert.Equal(
        [
            "ip route add default via 10.1.0.1 dev net1 table 1001 metric 20 proto static",
            "ip route add default via 10.2.0.1 dev net2 table 1002 metric 20 proto static",
            "ip route replace default table main metric 20 proto static nexthop via 10.0.0.1 dev eth0 weight 1 nexthop via 10.0.1.1 dev eth1 weight 4",
        ], Commands(plan));
        Assert.Equal([1001u, 1002u], plan.ExpectedAdded.Select(r => r.Table));
        AssertAddsBeforeRemovals(plan);
    }

    [Fact]
    public void Ipv6_three_way_over_two_vrfs_one_add_per_vrf_then_one_delete_per_sibling()
    {
        var s = new NodeState().Link(2, "eth0").Link(4, "net1", master: 10).Link(5, "net2", master: 11)
            .Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1002);
        s.Add(s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0", 1), s.Hop("fe80::a", "net1", 2), s.Hop("fe80::b", "net2", 3)));

        var plan = PlanOf(s);

        Assert.Equal(
        [
            "ip -6 route add default via fe80::a dev net1 table 1001 metric 1024 proto static pref medium",
            "ip -6 route add default via fe80::b dev net2 table 1002 metric 1024 proto static pref medium",
            "ip -6 route del default via fe80::a dev net1 table main metric 1024 proto static",
            "ip -6 route del default via fe80::b dev net2 table main metric 1024 proto static",
        ], Commands(plan));
    }

    [Fact]
    public void Two_nexthops_in_the_same_vrf_stay_multipath_with_their_weights()
    {
        var s = NodeState.Issue1253Pod().Link(6, "net3", "macvlan", master: 4);
        s.Add(s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1", 2), s.Hop("2001:db8:3::1", "net3", 3)));

        var plan = PlanOf(s);

        var add = Assert.Single(plan.Steps, x => x.Kind == RouteChange.Add);
        Assert.Equal(
            "ip -6 route add default table 1001 metric 1024 proto static pref medium nexthop via 2001:db8:1::1 dev net1 weight 2 nexthop via 2001:db8:3::1 dev net3 weight 3",
            add.IpCommand);
        Assert.Equal([2, 3], add.Route!.Nexthops.Select(h => h.Weight));
        Assert.Equal(2, plan.Steps.Count(x => x.Kind == RouteChange.Delete));
        Assert.True(RouteComparer.SameRoute(s.V6(Main, "::/0", "fe80::1", "eth0"), plan.ExpectedRemaining!));
    }

    [Fact]
    public void Link_local_gateway_on_both_sides_moves_only_the_member_path()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("fe80::1", "net1")));

        var plan = PlanOf(s);

        Assert.Equal(
        [
            "ip -6 route add default via fe80::1 dev net1 table 1001 metric 1024 proto static pref medium",
            "ip -6 route del default via fe80::1 dev net1 table main metric 1024 proto static",
        ], Commands(plan));
        Assert.Equal(2, plan.ExpectedRemaining!.Oif); // eth0 keeps its path
    }

    [Fact]
    public void Onlink_flag_ra_protocol_high_pref_and_source_prefix_are_kept()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V6Multi(Main, "2001:db8:40::/48",
                s.Hop("2001:db8:9::1", "eth0"), s.Hop("2001:db8:8::1", "net1", 1, 0, RouteFlags.Onlink)) with
            { Protocol = RouteProtocol.Ra, Pref = RoutePref.High, Src = IpPrefix.Parse("2001:db8:77::/64"), Metric = 512 });

        var plan = PlanOf(s);

        Assert.Equal(
            "ip -6 route add 2001:db8:40::/48 from 2001:db8:77::/64 via 2001:db8:8::1 dev net1 onlink table 1001 metric 512 proto ra pref high",
            plan.Steps[0].IpCommand);
        Assert.Equal(RouteFlags.Onlink, plan.ExpectedAdded[0].Flags);
    }

    [Fact]
    public void Member_route_in_main_is_added_to_the_vrf_and_deleted_from_main()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4(Main, "10.20.0.0/16", null, "net1", 5, RouteProtocol.Boot));

        var plan = PlanOf(s);

        Assert.Equal(
        [
            "ip route add 10.20.0.0/16 dev net1 table 1001 metric 5 proto boot",
            "ip route del 10.20.0.0/16 dev net1 table main metric 5 proto boot",
        ], Commands(plan));
        Assert.Equal(RouteScope.Link, plan.ExpectedAdded[0].Scope);
        Assert.Null(plan.ExpectedRemaining);
    }

    [Fact]
    public void Scope_other_than_the_ip_default_is_spelled_out()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V4(Main, "10.21.0.0/16", null, "net1") with { Scope = RouteScope.Universe });

        Assert.Equal("ip route add 10.21.0.0/16 dev net1 table 1001 proto static scope global", PlanOf(s).Steps[0].IpCommand);
    }

    [Fact]
    public void Prefsrc_is_kept_only_when_the_vrf_owns_the_address()
    {
        var s = NodeState.Issue1253Pod().Addr(3, "10.1.0.2", 24).Addr(2, "10.0.0.2", 24);
        s.Add(s.V4(Main, "10.22.0.0/16", "10.1.0.1", "net1") with { PrefSrc = IpAddr.Parse("10.1.0.2") })
         .Add(s.V4(Main, "10.23.0.0/16", "10.1.0.1", "net1") with { PrefSrc = IpAddr.Parse("10.0.0.2") });

        var plans = Doctor.Diagnose(s.Snapshot()).Select(d => d.Plan!).ToArray();

        Assert.Equal("ip route add 10.22.0.0/16 via 10.1.0.1 dev net1 table 1001 proto static src 10.1.0.2", plans[0].Steps[0].IpCommand);
        Assert.Equal("ip route add 10.23.0.0/16 via 10.1.0.1 dev net1 table 1001 proto static", plans[1].Steps[0].IpCommand);
    }

    private static Route GroupRoute(NodeState s, uint group, params Nexthop[] members) => new()
    {
        Family = IpFamily.Inet6, Table = Main, Dst = IpPrefix.Parse("::/0"), Metric = 1024, Pref = RoutePref.Medium,
        Protocol = RouteProtocol.Static, NexthopId = group, Nexthops = members,
    };

    [Fact]
    public void Nexthop_group_across_two_vrfs_uses_member_objects_and_leaves_the_group_alone()
    {
        var s = NodeState.Issue1253Pod();
        s.Add(GroupRoute(s, 20, s.Hop("fe80::1", "eth0", 1, 11), s.Hop("2001:db8:1::1", "net1", 1, 12)));

        var plan = PlanOf(s);

        Assert.Equal(
        [
            "ip -6 route add default nhid 12 table 1001 metric 1024 proto static pref medium",
            "ip -6 route replace default nhid 11 table main metric 1024 proto static pref medium",
        ], Commands(plan));
        // Requests carry the object id and no paths: the kernel refuses both together.
        Assert.All(plan.Steps, x => Assert.True(x.Route!.Gateway.IsNone && x.Route.Oif == 0 && x.Route.Nexthops.Count == 0));
        // What the kernel will show carries the expanded path, for verification.
        Assert.Equal((12u, 3), (plan.ExpectedAdded[0].NexthopId!.Value, plan.ExpectedAdded[0].Oif)); // net1
        Assert.Equal((11u, 2), (plan.ExpectedRemaining!.NexthopId!.Value, plan.ExpectedRemaining.Oif)); // eth0
        Assert.DoesNotContain(plan.Steps, x => x.Route!.NexthopId == 20);
    }

    [Fact]
    public void Nexthop_group_with_two_members_in_the_vrf_becomes_plain_multipath_there()
    {
        var s = NodeState.Issue1253Pod().Link(6, "net3", master: 4);
        s.Add(GroupRoute(s, 20, s.Hop("fe80::1", "eth0", 1, 11), s.Hop("fe80::2", "net1", 2, 12), s.Hop("fe80::3", "net3", 3, 13)));

        var plan = PlanOf(s);

        Assert.Equal(
        [
            "ip -6 route add default table 1001 metric 1024 proto static pref medium nexthop via fe80::2 dev net1 weight 2 nexthop via fe80::3 dev net3 weight 3",
            "ip -6 route replace default nhid 11 table main metric 1024 proto static pref medium",
        ], Commands(plan));
        Assert.Null(plan.ExpectedAdded[0].NexthopId);
    }

    [Fact]
    public void Nexthop_group_entirely_in_the_vrf_is_deleted_from_main_by_its_id()
    {
        var s = NodeState.Issue1253Pod().Link(6, "net3", master: 4);
        s.Add(GroupRoute(s, 20, s.Hop("fe80::2", "net1", 1, 12), s.Hop("fe80::3", "net3", 1, 13)));

        var plan = PlanOf(s);

        Assert.Equal("ip -6 route del default nhid 20 table main metric 1024 proto static", plan.Steps[^1].IpCommand);
        Assert.Null(plan.ExpectedRemaining);
    }

    [Fact]
    public void Nexthop_group_keeping_two_members_in_main_replaces_with_plain_multipath()
    {
        var s = NodeState.Issue1253Pod().Link(7, "eth1");
        s.Add(GroupRoute(s, 20, s.Hop("fe80::1", "eth0", 1, 11), s.Hop("fe80::4", "eth1", 4, 14), s.Hop("fe80::2", "net1", 1, 12)));

        var plan = PlanOf(s);

        Assert.Equal(
            "ip -6 route replace default table main metric 1024 proto static pref medium nexthop via fe80::1 dev eth0 weight 1 nexthop via fe80::4 dev eth1 weight 4",
            plan.Steps[^1].IpCommand);
    }

    [Fact]
    public void Moves_that_are_not_paths_of_the_route_are_refused()
    {
        var s = NodeState.Issue1253Pod();
        var route = s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1"));
        var bogus = new OffendingNexthop(s.Hop("2001:db8:1::9", "net1"), s.Names.VrfOfTable(1001)!);

        var e = Assert.Throws<ArgumentException>(() => MigrationPlanner.Plan("f-x", "pod-ns", route, [bogus], s.Add(route).Snapshot()));
        // The message names the path that is not there (printing it once overflowed the stack).
        Assert.StartsWith("not paths of the route: via 2001:db8:1::9 oif 3 weight 1", e.Message);
    }
}
