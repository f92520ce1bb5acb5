using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

/// <summary>vrf-table-no-default: a VRF table without a default for a family its members use.</summary>
public sealed class VrfTableNoDefaultTests
{
    private const uint Main = RoutingTable.Main;

    /// <summary>vrf1001 with net1 holding global addresses of both families, table 1001 with only its connected routes.</summary>
    /// <param name="mixed">main's IPv6 default is the #1253 route (eth0 and net1) instead of eth0's alone.</param>
    private static NodeState Pod(bool mixed = false)
    {
        var s = NodeState.Issue1253Pod().KernelRules()
            .Addr(2, "10.0.0.2", 24).Addr(2, "2001:db8::2", 64)
            .Addr(3, "10.1.0.2", 24).Addr(3, "2001:db8:1::2", 64).Addr(3, "fe80::2", 64, RouteScope.Link);
        s.Add(s.V4(Main, "0.0.0.0/0", "10.0.0.1", "eth0"))
         .Add(mixed ? s.V6Multi(Main, "::/0", s.Hop("2001:db8::1", "eth0"), s.Hop("2001:db8:1::1", "net1")) : s.V6(Main, "::/0", "2001:db8::1", "eth0"))
         .Add(s.V4(1001, "10.1.0.0/24", null, "net1", proto: RouteProtocol.Kernel))
         .Add(s.V6(1001, "2001:db8:1::/64", null, "net1", 256, RouteProtocol.Kernel))
         .Add(s.V6(1001, "fe80::/64", null, "net1", 256, RouteProtocol.Kernel));
        return s;
    }

    private static Route Unreachable(NodeState s, IpFamily family) => new()
    {
        Family = family, Table = 1001, Type = RouteType.Unreachable, Dst = IpPrefix.Default(family), Metric = 4278198272,
        Protocol = RouteProtocol.Boot, Oif = family == IpFamily.Inet6 ? s.IndexOf("lo") : 0,
    };

    [Fact]
    public void Each_family_a_member_uses_gives_a_fixable_warning_with_the_unreachable_default_as_its_plan()
    {
        var diagnoses = Doctor.Diagnose(Pod().Snapshot());

        Assert.Equal(2, diagnoses.Count);
        Assert.All(diagnoses, d => Assert.Equal((FindingKind.VrfTableNoDefault, Severity.Warning, 1001u), (d.Finding.Kind, d.Finding.Severity, d.Finding.Table)));
        Assert.Equal([IpFamily.Inet, IpFamily.Inet6], diagnoses.Select(d => d.Finding.Family!.Value));
        Assert.All(diagnoses, d => Assert.Equal("vrf1001", Assert.Single(d.Finding.Vrfs).Name));
        Assert.All(diagnoses, d => Assert.Null(d.Finding.Route));
        Assert.NotEqual(diagnoses[0].Id, diagnoses[1].Id);
        Assert.Equal(["ip route add unreachable default table 1001 metric 4278198272 proto boot"],
            diagnoses[0].Plan!.Steps.Select(s => s.IpCommand));
        Assert.Equal(["ip -6 route add unreachable default table 1001 metric 4278198272 proto boot"],
            diagnoses[1].Plan!.Steps.Select(s => s.IpCommand));
        var v4 = diagnoses[0].Finding;
        Assert.Equal("Table 1001 of vrf1001 has no IPv4 default route: lookups that miss leave the VRF", v4.Title);
        foreach (var word in new[] { "net1", "10.1.0.2/24", "table main", "vrf.rst", "unreachable default metric 4278198272", "default via 10.0.0.1 dev eth0" })
            Assert.Contains(word, v4.Explanation);
    }

    [Theory]
    [InlineData(RouteType.Unreachable)]
    [InlineData(RouteType.Blackhole)]
    [InlineData(RouteType.Prohibit)]
    [InlineData(RouteType.Unicast)]
    public void A_default_of_any_type_that_ends_the_lookup_is_enough(RouteType type)
    {
        var s = Pod();
        foreach (var family in new[] { IpFamily.Inet, IpFamily.Inet6 })
            s.Add(type == RouteType.Unicast
                ? family == IpFamily.Inet ? s.V4(1001, "0.0.0.0/0", "10.1.0.1", "net1") : s.V6(1001, "::/0", "2001:db8:1::1", "net1")
                : Unreachable(s, family) with { Type = type });

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }

    [Fact]
    public void An_l3mdev_unreachable_rule_ahead_of_main_stops_the_misses_of_every_vrf_table()
    {
        // VyOS's way: `ip rule add pref 2000 l3mdev unreachable`, here for IPv4 only.
        var s = Pod().Rule(new Rule { Family = IpFamily.Inet, Priority = 2000, L3mdev = true, Action = RuleAction.Unreachable });
        var late = Pod().Rule(new Rule { Family = IpFamily.Inet, Priority = 40000, L3mdev = true, Action = RuleAction.Unreachable });

        Assert.Equal([IpFamily.Inet6], FindingAnalyzer.Analyze(s.Snapshot()).Select(f => f.Family!.Value));
        // After main's rule it comes too late: main has answered already.
        Assert.Equal([IpFamily.Inet, IpFamily.Inet6], FindingAnalyzer.Analyze(late.Snapshot()).Select(f => f.Family!.Value));
    }

    [Fact]
    public void A_throw_default_or_one_for_a_single_source_does_not_end_the_lookup()
    {
        var s = Pod();
        s.Add(Unreachable(s, IpFamily.Inet) with { Type = RouteType.Throw })
         .Add(s.V6(1001, "::/0", "2001:db8:1::1", "net1") with { Src = IpPrefix.Parse("2001:db8:1::/64") });

        Assert.Equal([IpFamily.Inet, IpFamily.Inet6], FindingAnalyzer.Analyze(s.Snapshot()).Select(f => f.Family!.Value));
    }

    [Fact]
    public void The_two_half_defaults_together_count_as_a_default_one_alone_does_not()
    {
        var s = Pod();
        s.Add(s.V6(1001, "::/1", "2001:db8:1::1", "net1")).Add(s.V6(1001, "8000::/1", "2001:db8:1::1", "net1"))
         .Add(s.V4(1001, "0.0.0.0/1", "10.1.0.1", "net1"));

        var f = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));
        Assert.Equal(IpFamily.Inet, f.Family);
    }

    [Fact]
    public void Link_local_addresses_and_addresses_outside_the_vrf_do_not_make_a_family_used()
    {
        var s = NodeState.Issue1253Pod().KernelRules()
            .Addr(3, "fe80::2", 64, RouteScope.Link) // net1: link-local only
            .Addr(2, "10.0.0.2", 24) // eth0: default VRF
            .Addr(4, "10.99.0.1", 32); // the VRF device itself, not a member
        s.Add(s.V6(1001, "fe80::/64", null, "net1", 256, RouteProtocol.Kernel));

        Assert.Empty(FindingAnalyzer.Analyze(s.Snapshot()));
    }

    [Fact]
    public void A_member_behind_a_bridge_in_the_vrf_counts()
    {
        var s = NodeState.Issue1253Pod().KernelRules().Link(7, "br1", "bridge", master: 4).Link(8, "veth1", "veth", master: 7).Addr(7, "10.7.0.1", 24);

        var f = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));
        Assert.Equal((FindingKind.VrfTableNoDefault, IpFamily.Inet, 1001u), (f.Kind, f.Family!.Value, f.Table!.Value));
        Assert.Contains("br1", f.Explanation);
    }

    [Fact]
    public void The_1253_route_whose_fix_gives_the_table_its_default_is_the_only_finding_for_that_family()
    {
        var snapshot = Pod(mixed: true).Snapshot();

        var findings = FindingAnalyzer.Analyze(snapshot);

        Assert.Equal([(FindingKind.MixedVrfEcmp, IpFamily.Inet6), (FindingKind.VrfTableNoDefault, IpFamily.Inet)],
            findings.Select(f => (f.Kind, f.Family!.Value)));
        // Once the mixed route's plan is in, table 1001 has its IPv6 default and nothing reports it missing.
        var plan = Doctor.Diagnose(snapshot).Single(d => d.Finding.Kind == FindingKind.MixedVrfEcmp).Plan!;
        var after = snapshot with { Routes = [.. snapshot.Routes.Where(r => !RouteComparer.SameRoute(r, plan.Original!)), plan.ExpectedRemaining!, .. plan.ExpectedAdded] };
        Assert.Equal([(FindingKind.VrfTableNoDefault, IpFamily.Inet)], FindingAnalyzer.Analyze(after).Select(f => (f.Kind, f.Family!.Value)));
    }

    [Fact]
    public void Two_vrfs_on_one_table_give_one_finding_per_family_naming_both()
    {
        var s = new NodeState().Link(1, "lo").Link(3, "net1", master: 10).Link(5, "net2", master: 11)
            .Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1001).KernelRules().Addr(3, "10.1.0.2", 24).Addr(5, "10.2.0.2", 24);

        var findings = FindingAnalyzer.Analyze(s.Snapshot());

        var f = Assert.Single(findings, f => f.Kind == FindingKind.VrfTableNoDefault);
        Assert.Equal(["vrfa", "vrfb"], f.Vrfs.Select(v => v.Name));
        Assert.Single(findings, f => f.Kind == FindingKind.DuplicateVrfTable);
    }

    [Fact]
    public void The_id_depends_on_namespace_table_and_family_only()
    {
        var id = FindingAnalyzer.Analyze(Pod().Snapshot())[0].Id;
        var renumbered = new NodeState().Link(11, "lo").Link(12, "eth0", "veth").Link(13, "net1", "macvlan", master: 14).Vrf(14, "vrf1001", 1001)
            .KernelRules().Addr(13, "10.1.0.9", 16);

        Assert.Equal(id, FindingAnalyzer.Analyze(renumbered.Snapshot()).Single(f => f.Family == IpFamily.Inet).Id);
        Assert.NotEqual(id, FindingAnalyzer.Analyze(new NodeState { NamespaceId = "other" }.Link(1, "lo").Link(3, "net1", master: 4)
            .Vrf(4, "vrf1001", 1001).Addr(3, "10.1.0.2", 24).Snapshot()).Single().Id);
    }
}
