using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

/// <summary>rule-table-no-default: a pod's source rule into a table that lets misses fall through to main.</summary>
public sealed class RuleTableNoDefaultTests
{
    private const uint Main = RoutingTable.Main;
    private static readonly PodRef PodOwner = new("tenant-a", "web-0", "8c1e");

    /// <summary>
    /// A pod as the sbr plugin leaves it (containernetworking/plugins#654): eth0 with main's default,
    /// net1 with 10.1.0.2 and `from 10.1.0.2 lookup 100`, table 100 holding net1's subnet only.
    /// </summary>
    private static NodeState SbrPod(PodRef? pod = null, Rule? rule = null)
    {
        var s = new NodeState { Pod = pod }.Link(1, "lo").Link(2, "eth0", "veth").Link(3, "net1", "macvlan").KernelRules(l3mdev: false)
            .Addr(2, "10.0.0.2", 24).Addr(3, "10.1.0.2", 24)
            .Rule(rule ?? new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("10.1.0.2/32"), Table = 100 });
        s.Add(s.V4(Main, "0.0.0.0/0", "10.0.0.1", "eth0")).Add(s.V4(100, "10.1.0.0/24", null, "net1", proto: RouteProtocol.Boot));
        return s;
    }

    [Fact]
    public void A_pods_source_rule_into_a_table_without_default_is_a_warning_without_a_plan()
    {
        var d = Assert.Single(Doctor.Diagnose(SbrPod(PodOwner).Snapshot()));

        var f = d.Finding;
        Assert.Equal((FindingKind.RuleTableNoDefault, Severity.Warning, IpFamily.Inet, 100u), (f.Kind, f.Severity, f.Family!.Value, f.Table!.Value));
        Assert.Equal(IpPrefix.Parse("10.1.0.2/32"), f.Rule!.Src);
        Assert.Null(d.Plan);
        Assert.Equal("Rule `from 10.1.0.2 lookup 100 pref 100`: traffic from 10.1.0.2 that table 100 has no route for falls through to main", f.Title);
        foreach (var word in new[] { "web-0", "table main", "default via 10.0.0.1 dev eth0", "#654", "#542", "table 100" })
            Assert.Contains(word, f.Explanation);
    }

    [Fact]
    public void Outside_pods_the_same_rule_is_policy_routing_and_not_reported()
    {
        Assert.Empty(FindingAnalyzer.Analyze(SbrPod(pod: null).Snapshot()));
    }

    [Fact]
    public void A_default_in_the_table_real_or_unreachable_ends_it()
    {
        var real = SbrPod(PodOwner);
        real.Add(real.V4(100, "0.0.0.0/0", "10.1.0.1", "net1"));
        var unreachable = SbrPod(PodOwner);
        unreachable.Add(new Route { Family = IpFamily.Inet, Table = 100, Type = RouteType.Unreachable, Dst = IpPrefix.Parse("0.0.0.0/0"), Metric = 4278198272 });

        Assert.Empty(FindingAnalyzer.Analyze(real.Snapshot()));
        Assert.Empty(FindingAnalyzer.Analyze(unreachable.Snapshot()));
    }

    public static TheoryData<string, Rule> RulesMeantToFallThrough => new()
    {
        { "to", new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("10.1.0.2/32"), Dst = IpPrefix.Parse("10.9.0.0/16"), Table = 100 } },
        { "suppress_prefixlength", new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("10.1.0.2/32"), Table = 100, SuppressPrefixLength = 0 } },
        { "not", new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("10.1.0.2/32"), Table = 100, Flags = RuleFlags.Invert } },
        { "from all", new Rule { Family = IpFamily.Inet, Priority = 100, Table = 100 } },
        { "lookup main", new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("10.1.0.2/32"), Table = Main } },
        { "goto", new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("10.1.0.2/32"), Action = RuleAction.Goto, Goto = 32766 } },
    };

    [Theory]
    [MemberData(nameof(RulesMeantToFallThrough))]
    public void Rules_that_are_not_plain_source_rules_are_not_reported(string what, Rule rule)
    {
        Assert.True(FindingAnalyzer.Analyze(SbrPod(PodOwner, rule).Snapshot()).Count == 0, what);
    }

    [Fact]
    public void An_ipv6_source_rule_and_an_ipv4_one_are_two_findings_with_ids_of_their_own()
    {
        var s = SbrPod(PodOwner)
            .Rule(new Rule { Family = IpFamily.Inet6, Priority = 100, Src = IpPrefix.Parse("2001:db8:1::2/128"), Table = 100 })
            .Rule(new Rule { Family = IpFamily.Inet, Priority = 101, Src = IpPrefix.Parse("10.1.0.3/32"), Table = 100 });

        var findings = FindingAnalyzer.Analyze(s.Snapshot());

        Assert.Equal(3, findings.Count);
        Assert.Equal(3, findings.Select(f => f.Id).Distinct().Count());
        Assert.Equal([IpFamily.Inet, IpFamily.Inet6, IpFamily.Inet], findings.Select(f => f.Family!.Value));
    }

    [Fact]
    public void A_rule_into_a_vrf_table_whose_missing_default_is_reported_already_is_not_reported_again()
    {
        var s = new NodeState { Pod = PodOwner }.Link(1, "lo").Link(2, "eth0", "veth").Link(3, "net1", "macvlan", master: 4).Vrf(4, "vrf1001", 1001)
            .KernelRules();
        s.Addr(3, "10.1.0.2", 24).Rule(new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("10.1.0.2/32"), Table = 1001 });

        Assert.Equal(FindingKind.VrfTableNoDefault, Assert.Single(FindingAnalyzer.Analyze(s.Snapshot())).Kind);
    }
}
