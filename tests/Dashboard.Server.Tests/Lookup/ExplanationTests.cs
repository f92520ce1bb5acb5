using Dashboard.Server.Contracts;
using Dashboard.Server.Lookup;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Lookup;

/// <summary>
/// How a lookup's explanation is put together from the kernel's two answers and the rules as read:
/// the kernel's fibmatch entry wins for table and route, the rules name the rule, and every way the two
/// can part is said in a note rather than hidden. The kernel answers here are written by hand; the VM
/// tests get them from a real kernel.
/// </summary>
public class ExplanationTests
{
    private const uint Main = RoutingTable.Main, Vrf = 1001;

    private static readonly Link[] Links =
    [
        new(1, "lo", null, OperState.Unknown, 1, null, null, null, 65536),
        new(2, "eth0", "veth", OperState.Up, 1, null, null, null, 1500),
        new(3, "net1", "macvlan", OperState.Up, 1, 10, null, null, 1500),
        new(10, "vrf1001", "vrf", OperState.Up, 1, null, Vrf, null, 65575),
    ];

    private static readonly Route MainDefault = new()
    {
        Family = IpFamily.Inet, Table = Main, Dst = IpPrefix.Parse("0.0.0.0/0"), Gateway = IpAddr.Parse("10.0.0.1"), Oif = 2,
    };

    private static readonly Route VrfEcmp = new()
    {
        Family = IpFamily.Inet, Table = Vrf, Dst = IpPrefix.Parse("10.50.0.0/16"),
        Nexthops = [new Nexthop(IpAddr.Parse("192.168.50.1"), 3), new Nexthop(IpAddr.Parse("192.168.50.2"), 3)],
    };

    private static readonly Route VrfUnreachable = new()
    {
        Family = IpFamily.Inet, Table = Vrf, Dst = IpPrefix.Parse("0.0.0.0/0"), Type = RouteType.Unreachable, Metric = 4278198272,
    };

    private static NamespaceSnapshot Ns(params Rule[] rules) =>
        new(new NetNamespace("t", "t", NamespaceKind.Named, "/run/netns/t", 1, null, null, null), DateTimeOffset.UtcNow,
            Links, [], [], [MainDefault, VrfEcmp, VrfUnreachable], false)
        {
            Rules = rules.Length > 0 ? rules :
            [
                new() { Family = IpFamily.Inet, Priority = 0, Table = RoutingTable.Local },
                new() { Family = IpFamily.Inet, Priority = 1000, L3mdev = true },
                new() { Family = IpFamily.Inet, Priority = 32766, Table = Main },
            ],
        };

    private static RouteAnswer Answer(string dst, string via, int dev, uint table) => new()
    {
        Route = new Route { Family = IpFamily.Inet, Table = table, Dst = IpPrefix.Host(IpAddr.Parse(dst)), Gateway = IpAddr.Parse(via), Oif = dev, Flags = 0x200 },
        Uid = 0,
    };

    [Fact]
    public void Kernel_and_rules_agree_on_an_ecmp_route_in_the_vrf()
    {
        var q = new LookupRequest { Dst = IpAddr.Parse("10.50.3.4"), Oif = 10 };
        var kernel = new KernelLookup(Answer("10.50.3.4", "192.168.50.2", 3, Vrf), null, VrfEcmp with { Flags = 0 }, null);

        var r = RouteLookup.Explain(Ns(), q, kernel);

        Assert.True(r.Routed);
        Assert.Equal((1000u, Vrf, ExplanationSource.Kernel), (r.Rule!.Priority, r.Table!.Value, r.Source));
        Assert.Equal(2, r.Route!.Nexthops.Count);
        Assert.Null(r.Note);
        var dto = LookupDto.From(r, new VrfTopology(Links));
        Assert.Equal(("192.168.50.2", "net1", "vrf1001", "kernel"), (dto.Gateway, dto.Dev, dto.Explanation.Vrf, dto.Explanation.Source));
        Assert.Equal(["192.168.50.1", "192.168.50.2"], dto.Explanation.Route!.Nexthops.Select(n => n.Gateway));
        Assert.Equal(["no-route", "route"], dto.Explanation.Steps.Select(s => s.Outcome));
    }

    [Fact]
    public void A_refusal_is_explained_by_the_rules_with_the_reject_route_that_caused_it()
    {
        var q = new LookupRequest { Dst = IpAddr.Parse("8.8.8.8"), Oif = 10 };
        var refusal = new KernelRefusal(113, null);

        var r = RouteLookup.Explain(Ns(), q, new KernelLookup(null, refusal, null, refusal));

        Assert.False(r.Routed);
        Assert.Equal("No route to host", r.Error);
        Assert.Equal((1000u, Vrf, ExplanationSource.Rules), (r.Rule!.Priority, r.Table!.Value, r.Source));
        Assert.Equal(RouteType.Unreachable, r.Route!.Type);
        Assert.Null(r.Note); // the rules predict the kernel's errno
        var dto = LookupDto.From(r, new VrfTopology(Links));
        Assert.Equal((false, 113, "No route to host"), (dto.Routed, dto.Refusal!.Errno, dto.Refusal.Message));
        Assert.Null(dto.Gateway);
        Assert.Equal("unreachable", dto.Explanation.Route!.Type);
    }

    [Fact]
    public void When_the_kernel_used_another_table_its_entry_wins_and_a_note_says_so()
    {
        // As if a rule the evaluation cannot see (a tunnel id, say) had sent the packet into the VRF.
        var q = new LookupRequest { Dst = IpAddr.Parse("10.50.3.4") };
        var kernel = new KernelLookup(Answer("10.50.3.4", "192.168.50.1", 3, Vrf), null, VrfEcmp, null);

        var r = RouteLookup.Explain(Ns(
            new Rule { Family = IpFamily.Inet, Priority = 10, TunId = 7, Table = Vrf },
            new Rule { Family = IpFamily.Inet, Priority = 32766, Table = Main }), q, kernel);

        Assert.Equal((Vrf, ExplanationSource.Kernel), (r.Table!.Value, r.Source));
        Assert.Same(VrfEcmp, r.Route);
        Assert.Null(r.Rule); // no rule the flow matches leads to 1001
        Assert.Contains("the rules as read lead to default via 10.0.0.1 dev eth0 in table main", r.Note);
        Assert.Contains("the kernel matched 10.50.0.0/16", r.Note);
    }

    [Fact]
    public void A_different_errno_is_noted_and_an_on_link_answer_without_an_entry_is_explained()
    {
        var q = new LookupRequest { Dst = IpAddr.Parse("8.8.8.8"), Oif = 10 };
        var denied = new KernelRefusal(13, null);
        var r = RouteLookup.Explain(Ns(), q, new KernelLookup(null, denied, null, denied));
        Assert.Equal("the rules as read lead to \"No route to host\", the kernel answered \"Permission denied\"", r.Note);

        // An output device and no route: the kernel assumes the destination is on that link; fibmatch has no entry.
        var onLink = new LookupRequest { Dst = IpAddr.Parse("172.16.0.1"), Oif = 2 };
        var answer = Answer("172.16.0.1", "0.0.0.0", 2, Main) with { Route = Answer("172.16.0.1", "0.0.0.0", 2, Main).Route with { Gateway = default } };
        var r2 = RouteLookup.Explain(Ns(new Rule { Family = IpFamily.Inet, Priority = 32766, Table = 100 }), onLink,
            new KernelLookup(answer, null, null, new KernelRefusal(101, null)));
        Assert.True(r2.Routed);
        Assert.Null(r2.Route);
        Assert.Equal("no route matched; the kernel assumed 172.16.0.1 is on the link of eth0, the output device given", r2.Note);
    }

    [Fact]
    public void Local_and_main_share_one_trie_until_a_namespace_has_rules_of_its_own()
    {
        var local = new Route
        {
            Family = IpFamily.Inet, Table = RoutingTable.Local, Type = RouteType.Local, Dst = IpPrefix.Parse("127.0.0.1/32"), Oif = 1,
            Protocol = RouteProtocol.Kernel, Scope = RouteScope.Host, PrefSrc = IpAddr.Parse("127.0.0.1"),
        };
        var s = Ns() with { Routes = [local, MainDefault] };
        var q = new LookupRequest { Dst = IpAddr.Parse("127.0.0.1") };
        // What a namespace with the default rules only answers: the local route, "table main".
        var kernel = new KernelLookup(null, null, local with { Table = Main }, null);

        var r = RouteLookup.Explain(s, q, kernel);

        Assert.Equal((0u, RoutingTable.Local), (r.Rule!.Priority, r.Table!.Value));
        Assert.Equal(RoutingTable.Local, r.Route!.Table);
        Assert.Null(r.Note);
    }
}
