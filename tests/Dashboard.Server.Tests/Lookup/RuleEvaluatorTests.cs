using Dashboard.Server.Lookup;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Lookup;

/// <summary>
/// Policy routing evaluated as the kernel's fib_rules_lookup does it, on namespaces built in code. The
/// same cases run against the real VRF kernel in Dashboard.Vm.Tests (LookupScenarioTests), where the
/// kernel's fibmatch answer is the judge; here each rule of the algorithm has its own small case.
/// </summary>
public class RuleEvaluatorTests
{
    private const uint Main = RoutingTable.Main, Local = RoutingTable.Local, Vrf = 1001;
    private const int Lo = 1, Eth0 = 2, Net1 = 3, Eth1 = 4, VrfDev = 10;

    private static readonly Link[] Links =
    [
        new(Lo, "lo", null, OperState.Unknown, 1, null, null, null, 65536),
        new(Eth0, "eth0", "veth", OperState.Up, 1, null, null, null, 1500),
        new(Net1, "net1", "macvlan", OperState.Up, 1, VrfDev, null, null, 1500),
        new(Eth1, "eth1", "veth", OperState.Up, 1, null, null, null, 1500) { Group = 5 },
        new(VrfDev, "vrf1001", "vrf", OperState.Up, 1, null, Vrf, null, 65575),
    ];

    private static IpPrefix P(string t) => IpPrefix.Parse(t);
    private static IpAddr A(string t) => IpAddr.Parse(t);

    private static Route R4(uint table, string dst, string? via, int dev, uint? metric = null, RouteType type = RouteType.Unicast) => new()
    {
        Family = IpFamily.Inet, Table = table, Dst = P(dst), Gateway = via is null ? default : A(via), Oif = dev, Metric = metric, Type = type,
    };

    private static Rule Lookup4(uint priority, uint table) => new() { Family = IpFamily.Inet, Priority = priority, Table = table };

    /// <summary>The kernel's three IPv4 rules and an l3mdev rule at 1000, as a VRF node has them.</summary>
    private static List<Rule> VrfRules() =>
    [
        Lookup4(0, Local),
        new() { Family = IpFamily.Inet, Priority = 1000, L3mdev = true },
        Lookup4(32766, Main),
        Lookup4(32767, RoutingTable.Default),
    ];

    private static List<Route> VrfRoutes() =>
    [
        R4(Local, "10.0.0.5/32", null, Eth0, type: RouteType.Local),
        R4(Main, "0.0.0.0/0", "10.0.0.1", Eth0),
        R4(Main, "10.0.0.0/24", null, Eth0),
        R4(Vrf, "192.168.50.0/24", null, Net1),
        R4(Vrf, "10.50.0.0/16", "192.168.50.1", Net1),
        R4(Vrf, "0.0.0.0/0", null, 0, 4278198272, RouteType.Unreachable),
    ];

    private static NamespaceSnapshot Ns(IEnumerable<Rule> rules, IEnumerable<Route> routes) =>
        new(new NetNamespace("t", "t", NamespaceKind.Named, "/run/netns/t", 1, null, null, null), DateTimeOffset.UtcNow,
            Links, [], [], routes.ToArray(), false) { Rules = rules.ToArray() };

    private static RuleWalk Walk(NamespaceSnapshot s, LookupRequest q) => RuleEvaluator.Evaluate(s, LookupFlow.Of(q, s.Topology));

    private static string Outcomes(RuleWalk w) => string.Join(", ", w.Steps.Select(s => $"{s.Rule.Priority}:{s.Outcome}"));

    [Fact]
    public void Without_a_vrf_the_l3mdev_rule_does_not_match_and_main_decides()
    {
        var w = Walk(Ns(VrfRules(), VrfRoutes()), new LookupRequest { Dst = A("10.50.1.1") });

        Assert.Equal("0:NoRoute, 32766:Route", Outcomes(w));
        Assert.Equal((32766u, Main, "0.0.0.0/0"), (w.Decision!.Rule.Priority, w.Decision.Table!.Value, w.Decision.Route!.Dst.ToString()));
        Assert.Equal(0, w.Errno);
    }

    [Fact]
    public void The_vrf_device_as_output_leads_the_l3mdev_rule_to_the_vrfs_table()
    {
        var s = Ns(VrfRules(), VrfRoutes());

        var hit = Walk(s, new LookupRequest { Dst = A("10.50.1.1"), Oif = VrfDev });
        Assert.Equal((1000u, Vrf, "10.50.0.0/16"), (hit.Decision!.Rule.Priority, hit.Decision.Table!.Value, hit.Decision.Route!.Dst.ToString()));

        // The VRF's unreachable default (vrf.rst) refuses what the VRF has no route for: "No route to host".
        var miss = Walk(s, new LookupRequest { Dst = A("8.8.8.8"), Oif = VrfDev });
        Assert.Equal(StepOutcome.RejectRoute, miss.Decision!.Outcome);
        Assert.Equal((RouteType.Unreachable, 4278198272u), (miss.Decision.Route!.Type, miss.Decision.Route.Metric!.Value));
        Assert.Equal(RuleEvaluator.EHOSTUNREACH, miss.Errno);
    }

    [Fact]
    public void A_member_as_output_or_input_device_is_in_its_vrf_too()
    {
        var s = Ns(VrfRules(), VrfRoutes());
        // Output via the member: the VRF's table, and the path must leave through that member.
        var output = Walk(s, new LookupRequest { Dst = A("192.168.50.7"), Oif = Net1 });
        Assert.Equal((1000u, Vrf), (output.Decision!.Rule.Priority, output.Decision.Table!.Value));
        // Forwarding a packet that came in on the member: its VRF (flowi_l3mdev), whatever the rest says.
        var input = Walk(s, new LookupRequest { Dst = A("10.50.9.9"), Src = A("192.168.50.7"), Iif = Net1 });
        Assert.Equal((1000u, Vrf, "10.50.0.0/16"), (input.Decision!.Rule.Priority, input.Decision.Table!.Value, input.Decision.Route!.Dst.ToString()));
    }

    [Fact]
    public void A_source_rule_matches_only_a_lookup_that_names_that_source()
    {
        var rules = VrfRules();
        rules.Insert(1, new Rule { Family = IpFamily.Inet, Priority = 100, Src = P("192.168.50.11/32"), Table = Vrf });
        var s = Ns(rules, VrfRoutes());

        // `ip route get` without "from" looks up with source 0.0.0.0: the rule does not see the pod's address.
        Assert.Equal(Main, Walk(s, new LookupRequest { Dst = A("10.50.1.1") }).Decision!.Table);
        var sourced = Walk(s, new LookupRequest { Dst = A("10.50.1.1"), Src = A("192.168.50.11") });
        Assert.Equal((100u, Vrf), (sourced.Decision!.Rule.Priority, sourced.Decision.Table!.Value));
    }

    [Fact]
    public void Ipv6_source_rule_needs_a_source_and_a_prefix_contains_it()
    {
        Rule[] rules =
        [
            new() { Family = IpFamily.Inet6, Priority = 0, Table = Local },
            new() { Family = IpFamily.Inet6, Priority = 100, Src = P("2001:db8:1::/64"), Table = Vrf },
            new() { Family = IpFamily.Inet6, Priority = 32766, Table = Main },
        ];
        Route[] routes =
        [
            new() { Family = IpFamily.Inet6, Table = Main, Dst = P("::/0"), Gateway = A("fe80::1"), Oif = Eth0, Metric = 1024 },
            new() { Family = IpFamily.Inet6, Table = Vrf, Dst = P("::/0"), Gateway = A("2001:db8:1::1"), Oif = Net1, Metric = 1024 },
        ];
        var s = Ns(rules, routes);

        Assert.Equal(Main, Walk(s, new LookupRequest { Dst = A("2001:db8:99::1") }).Decision!.Table);
        Assert.Equal(Vrf, Walk(s, new LookupRequest { Dst = A("2001:db8:99::1"), Src = A("2001:db8:1::11") }).Decision!.Table);
        Assert.Equal(Main, Walk(s, new LookupRequest { Dst = A("2001:db8:99::1"), Src = A("2001:db8:2::11") }).Decision!.Table);
    }

    [Fact]
    public void Device_selectors_see_lo_as_the_input_of_a_local_lookup()
    {
        Rule[] rules =
        [
            new() { Family = IpFamily.Inet, Priority = 10, Iif = "eth1", Table = 100 },
            new() { Family = IpFamily.Inet, Priority = 20, Iif = "lo", Oif = "eth1", Table = 200 },
            new() { Family = IpFamily.Inet, Priority = 30, Iif = "gone0", Table = 300, Flags = RuleFlags.IifDetached },
            Lookup4(32766, Main),
        ];
        Route[] routes = [R4(100, "0.0.0.0/0", "10.1.0.1", Eth1), R4(200, "0.0.0.0/0", "10.2.0.1", Eth1), R4(300, "0.0.0.0/0", "10.3.0.1", Eth0), R4(Main, "0.0.0.0/0", "10.0.0.1", Eth1)];
        var s = Ns(rules, routes);

        Assert.Equal(200u, Walk(s, new LookupRequest { Dst = A("1.1.1.1"), Oif = Eth1 }).Decision!.Table);
        Assert.Equal(Main, Walk(s, new LookupRequest { Dst = A("1.1.1.1") }).Decision!.Table);
        Assert.Equal(100u, Walk(s, new LookupRequest { Dst = A("1.1.1.1"), Src = A("10.9.0.1"), Iif = Eth1 }).Decision!.Table);
        // A rule naming a device that does not exist (detached) matches nothing.
        Assert.DoesNotContain(Walk(s, new LookupRequest { Dst = A("1.1.1.1") }).Steps, st => st.Rule.Priority == 30);
    }

    [Fact]
    public void Marks_with_masks_goto_nop_and_inversion()
    {
        Rule[] rules =
        [
            new() { Family = IpFamily.Inet, Priority = 10, Fwmark = 0x1, Fwmask = 0xf, Action = RuleAction.Goto, Goto = 40 },
            new() { Family = IpFamily.Inet, Priority = 20, Action = RuleAction.Blackhole, Fwmark = 0x2, Fwmask = uint.MaxValue },
            new() { Family = IpFamily.Inet, Priority = 30, Action = RuleAction.Goto, Goto = 35, Flags = RuleFlags.Unresolved },
            new() { Family = IpFamily.Inet, Priority = 40, Action = RuleAction.Nop },
            new() { Family = IpFamily.Inet, Priority = 50, Dst = P("10.0.0.0/8"), Flags = RuleFlags.Invert, Action = RuleAction.Prohibit },
            Lookup4(32766, Main),
        ];
        var s = Ns(rules, [R4(Main, "0.0.0.0/0", "10.0.0.1", Eth0)]);

        // 0x31 & 0xf == 0x1: the goto skips the blackhole at 20 and the unresolved goto at 30.
        var jumped = Walk(s, new LookupRequest { Dst = A("10.1.1.1"), Mark = 0x31 });
        Assert.Equal("10:Goto, 40:Nop, 32766:Route", Outcomes(jumped));
        Assert.Equal("20:Refused", Outcomes(Walk(s, new LookupRequest { Dst = A("10.1.1.1"), Mark = 0x2 })));
        Assert.Equal(RuleEvaluator.EINVAL, Walk(s, new LookupRequest { Dst = A("10.1.1.1"), Mark = 0x2 }).Errno);
        var unmarked = Walk(s, new LookupRequest { Dst = A("10.1.1.1") });
        Assert.Equal("30:Unresolved, 40:Nop, 32766:Route", Outcomes(unmarked));
        // "not to 10.0.0.0/8 prohibit": everything outside 10/8 is refused with EACCES.
        var outside = Walk(s, new LookupRequest { Dst = A("1.1.1.1") });
        Assert.Equal((50u, RuleEvaluator.EACCES), (outside.Decision!.Rule.Priority, outside.Errno));
    }

    [Fact]
    public void Protocol_and_port_selectors_match_the_lookups_keys()
    {
        Rule[] rules =
        [
            new() { Family = IpFamily.Inet, Priority = 10, IpProto = 6, DportRange = new RuleRange(443, 443), Table = 100 },
            new() { Family = IpFamily.Inet, Priority = 20, UidRange = new RuleRange(1000, 2000), Table = 200 },
            Lookup4(32766, Main),
        ];
        var s = Ns(rules, [R4(100, "0.0.0.0/0", "10.1.0.1", Eth0), R4(200, "0.0.0.0/0", "10.2.0.1", Eth0), R4(Main, "0.0.0.0/0", "10.0.0.1", Eth0)]);

        Assert.Equal(100u, Walk(s, new LookupRequest { Dst = A("1.1.1.1"), IpProto = 6, Dport = 443 }).Decision!.Table);
        Assert.Equal(Main, Walk(s, new LookupRequest { Dst = A("1.1.1.1"), IpProto = 17, Dport = 443 }).Decision!.Table);
        Assert.Equal(Main, Walk(s, new LookupRequest { Dst = A("1.1.1.1"), IpProto = 6, Dport = 80 }).Decision!.Table);
        // A lookup runs as root (uid 0) unless it names a uid.
        Assert.Equal(Main, Walk(s, new LookupRequest { Dst = A("1.1.1.1") }).Decision!.Table);
        Assert.Equal(200u, Walk(s, new LookupRequest { Dst = A("1.1.1.1"), Uid = 1500 }).Decision!.Table);
    }

    [Fact]
    public void Suppressors_reject_a_too_general_route_or_a_device_group_and_the_next_rule_decides()
    {
        Rule[] rules =
        [
            new() { Family = IpFamily.Inet, Priority = 10, Table = Main, SuppressPrefixLength = 0 },
            new() { Family = IpFamily.Inet, Priority = 20, Table = 100, SuppressIfGroup = 5 },
            Lookup4(30, 200),
        ];
        var s = Ns(rules,
        [
            R4(Main, "0.0.0.0/0", "10.0.0.1", Eth0), R4(Main, "10.9.0.0/16", "10.0.0.2", Eth0),
            R4(100, "0.0.0.0/0", "10.4.0.1", Eth1), R4(200, "0.0.0.0/0", "10.5.0.1", Eth0),
        ]);

        Assert.Equal((10u, "10.9.0.0/16"), (Walk(s, new LookupRequest { Dst = A("10.9.1.1") }).Decision!.Rule.Priority,
            Walk(s, new LookupRequest { Dst = A("10.9.1.1") }).Decision!.Route!.Dst.ToString()));
        var w = Walk(s, new LookupRequest { Dst = A("1.1.1.1") });
        Assert.Equal("10:Suppressed, 20:Suppressed, 30:Route", Outcomes(w));
    }

    [Fact]
    public void Table_lookup_takes_the_longest_prefix_then_the_lowest_metric_and_skips_dead_paths_and_throws()
    {
        Rule[] rules = [Lookup4(10, 100), Lookup4(32766, Main)];
        var dead = R4(100, "10.1.0.0/16", "10.0.0.9", Eth0, 10) with { Flags = RouteFlags.Dead };
        var s = Ns(rules,
        [
            R4(100, "10.0.0.0/8", "10.0.0.1", Eth0), dead, R4(100, "10.1.0.0/16", "10.0.0.2", Eth0, 20), R4(100, "10.1.0.0/16", "10.0.0.3", Eth0, 30),
            R4(100, "10.2.0.0/16", null, 0, type: RouteType.Throw), R4(Main, "0.0.0.0/0", "10.0.0.254", Eth0),
            R4(100, "10.3.0.0/16", "10.0.0.4", Eth1),
        ]);

        Assert.Equal(IpAddr.Parse("10.0.0.2"), Walk(s, new LookupRequest { Dst = A("10.1.2.3") }).Decision!.Route!.Gateway);
        Assert.Equal("10.0.0.0/8", Walk(s, new LookupRequest { Dst = A("10.4.2.3") }).Decision!.Route!.Dst.ToString());
        Assert.Equal("10:Throw, 32766:Route", Outcomes(Walk(s, new LookupRequest { Dst = A("10.2.2.3") })));
        // An output device must be the path's: 10.3/16 leaves through eth1, so with eth0 asked the /8 answers.
        Assert.Equal("10.0.0.0/8", Walk(s, new LookupRequest { Dst = A("10.3.2.3"), Oif = Eth0 }).Decision!.Route!.Dst.ToString());
    }

    [Fact]
    public void Nothing_matching_is_network_unreachable_and_refusing_rules_have_their_errno()
    {
        var empty = Walk(Ns([Lookup4(32766, Main)], []), new LookupRequest { Dst = A("1.1.1.1") });
        Assert.Null(empty.Decision);
        Assert.Equal(RuleEvaluator.ENETUNREACH, empty.Errno);

        var unreachable = Walk(Ns([new Rule { Family = IpFamily.Inet, Priority = 5, Action = RuleAction.Unreachable }], []),
            new LookupRequest { Dst = A("1.1.1.1") });
        Assert.Equal(RuleEvaluator.ENETUNREACH, unreachable.Errno);
        Assert.Equal(StepOutcome.Refused, unreachable.Decision!.Outcome);

        var prohibitRoute = Walk(Ns([Lookup4(32766, Main)], [R4(Main, "1.0.0.0/8", null, 0, type: RouteType.Prohibit)]),
            new LookupRequest { Dst = A("1.1.1.1") });
        Assert.Equal((StepOutcome.RejectRoute, RuleEvaluator.EACCES), (prohibitRoute.Decision!.Outcome, prohibitRoute.Errno));
    }
}
