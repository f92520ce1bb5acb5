using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

/// <summary>l3mdev-rule-missing: VRFs whose tables no rule of a family consults.</summary>
public sealed class L3mdevRuleMissingTests
{
    private static Rule DeviceRule(IpFamily family, uint pref, string? iif, string? oif, uint table) =>
        new() { Family = family, Priority = pref, Iif = iif, Oif = oif, Table = table };

    [Fact]
    public void The_kernels_l3mdev_rules_consult_the_vrf_tables()
    {
        Assert.Empty(FindingAnalyzer.Analyze(NodeState.Issue1253Pod().KernelRules(l3mdev: true).Snapshot()));
    }

    [Fact]
    public void After_ip_rule_flush_each_family_is_an_error_fixed_by_the_kernels_rule()
    {
        var diagnoses = Doctor.Diagnose(NodeState.Issue1253Pod().KernelRules(l3mdev: false).Snapshot());

        Assert.Equal([IpFamily.Inet, IpFamily.Inet6], diagnoses.Select(d => d.Finding.Family!.Value));
        Assert.All(diagnoses, d => Assert.Equal((FindingKind.L3mdevRuleMissing, Severity.Error, true), (d.Finding.Kind, d.Finding.Severity, d.Finding.Fixable)));
        Assert.Equal(["ip rule add l3mdev pref 1000"], diagnoses[0].Plan!.Steps.Select(s => s.IpCommand));
        Assert.Equal(["ip -6 rule add l3mdev pref 1000"], diagnoses[1].Plan!.Steps.Select(s => s.IpCommand));
        var rule = Assert.Single(diagnoses[1].Plan!.ExpectedRules);
        Assert.Equal((IpFamily.Inet6, 1000u, true, 0u, RuleAction.ToTable), (rule.Family, rule.Priority, rule.L3mdev, rule.Table, rule.Action));
        var f = diagnoses[1].Finding;
        Assert.Equal("No IPv6 l3mdev rule: the table of vrf1001 is never consulted for IPv6", f.Title);
        foreach (var word in new[] { "vrf1001 (table 1001)", "ip rule flush", "preference 1000", "ip -6 rule add l3mdev pref 1000" })
            Assert.Contains(word, f.Explanation);
    }

    [Fact]
    public void Only_the_family_that_lost_its_rule_is_reported()
    {
        var s = NodeState.Issue1253Pod().KernelRules(l3mdev: false)
            .Rule(new Rule { Family = IpFamily.Inet, Priority = 1000, L3mdev = true, Protocol = RouteProtocol.Kernel });

        Assert.Equal(IpFamily.Inet6, Assert.Single(FindingAnalyzer.Analyze(s.Snapshot())).Family);
    }

    [Fact]
    public void Iif_and_oif_rules_of_a_vrf_reach_its_table_one_of_them_alone_does_not()
    {
        var both = NodeState.Issue1253Pod().KernelRules(l3mdev: false);
        var oneEach = NodeState.Issue1253Pod().KernelRules(l3mdev: false);
        foreach (var family in new[] { IpFamily.Inet, IpFamily.Inet6 })
        {
            both.Rule(DeviceRule(family, 100, "vrf1001", null, 1001)).Rule(DeviceRule(family, 101, null, "vrf1001", 1001));
            oneEach.Rule(DeviceRule(family, 100, "vrf1001", null, 1001));
        }

        Assert.Empty(FindingAnalyzer.Analyze(both.Snapshot()));
        Assert.Equal(2, FindingAnalyzer.Analyze(oneEach.Snapshot()).Count);
    }

    [Fact]
    public void A_vrf_covered_by_device_rules_is_not_named_the_other_is()
    {
        var s = new NodeState().Link(1, "lo").Link(3, "net1", master: 10).Link(5, "net2", master: 11)
            .Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1002).KernelRules(l3mdev: false)
            .Rule(DeviceRule(IpFamily.Inet, 100, "vrfa", null, 1001)).Rule(DeviceRule(IpFamily.Inet, 101, null, "vrfa", 1001))
            // The right devices but another table: that does not reach vrfb's table.
            .Rule(DeviceRule(IpFamily.Inet, 102, "vrfb", null, 1001)).Rule(DeviceRule(IpFamily.Inet, 103, null, "vrfb", 1001));

        var v4 = FindingAnalyzer.Analyze(s.Snapshot()).Single(f => f.Family == IpFamily.Inet);

        Assert.Equal(["vrfb"], v4.Vrfs.Select(v => v.Name));
    }

    [Fact]
    public void No_vrf_or_no_rules_read_gives_nothing()
    {
        Assert.Empty(FindingAnalyzer.Analyze(new NodeState().Link(1, "lo").Link(2, "eth0").KernelRules(l3mdev: false).Snapshot()));
        // Rules not read at all (an older snapshot, a test double): undecidable, so not reported.
        Assert.Empty(FindingAnalyzer.Analyze(NodeState.Issue1253Pod().Snapshot()));
    }

    [Fact]
    public void The_id_is_per_family_and_does_not_change_with_the_vrfs()
    {
        var one = FindingAnalyzer.Analyze(NodeState.Issue1253Pod().KernelRules(l3mdev: false).Snapshot());
        var two = FindingAnalyzer.Analyze(NodeState.Issue1253Pod().Link(6, "net2", master: 7).Vrf(7, "vrf1002", 1002).KernelRules(l3mdev: false).Snapshot());

        Assert.Equal(one.Select(f => f.Id), two.Where(f => f.Kind == FindingKind.L3mdevRuleMissing).Select(f => f.Id));
        Assert.NotEqual(one[0].Id, one[1].Id);
    }
}
