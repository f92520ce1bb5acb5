using Dashboard.Server.Analysis;
using Dashboard.Server.Events;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;
using Dashboard.Server.Tests.Netlink;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Events;

/// <summary>
/// The live model keeps the namespace's own findings (VRF tables, rules) current from notices: a
/// default into a VRF table or an address on a member re-runs the namespace pass, and the route
/// findings it defers to (the mixed-VRF fix supplies the default) stay the only ones reported.
/// </summary>
public sealed class LiveNamespaceFindingsTests
{
    private const uint Main = RoutingTable.Main;
    private const long ReadAt = 42;
    private readonly List<LiveEvent> _events = [];

    /// <summary>vrf1001 with net1 (10.1.0.2/24), the kernel's rules; no default in table 1001.</summary>
    private static NodeState Pod()
    {
        var s = NodeState.Issue1253Pod().KernelRules().Addr(3, "10.1.0.2", 24);
        s.Add(s.V6(Main, "::/0", "fe80::1", "eth0")).Add(s.V4(1001, "10.1.0.0/24", null, "net1", proto: RouteProtocol.Kernel));
        return s;
    }

    private LiveModel Loaded(NodeState s)
    {
        var model = new LiveModel(s.Namespace);
        model.Load(s.Snapshot(), announce: false, _events);
        return model;
    }

    private LiveEvent[] Apply(LiveModel model, ushort type, ushort flags, byte[] payload)
    {
        int before = _events.Count;
        model.Apply(type, flags, payload, ReadAt, _events);
        return _events.Skip(before).ToArray();
    }

    private static byte[] RouteNotice(Route route)
    {
        var reader = new MessageReader(RouteEncoder.Encode(RouteChange.Add, route).Build(0));
        Assert.True(reader.Next(out _, out var payload));
        return payload.ToArray();
    }

    private static byte[] AddressNotice(int index, string ip, byte prefix) =>
        Ifaddrmsg(ip.Contains(':') ? K.AF_INET6 : K.AF_INET, prefix, index).Raw(new Bytes().AttrIp(K.IFA_ADDRESS, ip).AttrIp(K.IFA_LOCAL, ip).ToArray()).ToArray();

    private static (RouteChangeKind Kind, FindingKind? Finding, IpFamily? Family)[] Findings(IEnumerable<LiveEvent> events) =>
        events.Where(e => e.Diagnosis is not null).Select(e => (e.Notice.Kind, (FindingKind?)e.Diagnosis!.Finding.Kind, e.Diagnosis.Finding.Family)).ToArray();

    [Fact]
    public void An_unreachable_default_added_to_the_vrf_table_resolves_the_finding()
    {
        var s = Pod();
        var model = Loaded(s);
        var open = Assert.Single(model.View().Diagnoses);
        Assert.Equal(FindingKind.VrfTableNoDefault, open.Finding.Kind);

        var unreachable = new Route { Family = IpFamily.Inet, Table = 1001, Type = RouteType.Unreachable, Dst = IpPrefix.Default(IpFamily.Inet), Metric = 4278198272 };
        var events = Apply(model, K.RTM_NEWROUTE, K.NLM_F_CREATE | K.NLM_F_EXCL, RouteNotice(unreachable));

        Assert.Equal([(RouteChangeKind.FindingResolved, FindingKind.VrfTableNoDefault, IpFamily.Inet)], Findings(events));
        Assert.Equal(open.Id, events.Single(e => e.Diagnosis is not null).Diagnosis!.Id);
        Assert.Empty(model.View().Diagnoses);
        Assert.Equal(0, model.OpenFindings);
    }

    [Fact]
    public void A_global_address_on_a_member_opens_the_finding_for_its_family()
    {
        var s = Pod();
        var model = Loaded(s);

        var events = Apply(model, K.RTM_NEWADDR, K.NLM_F_CREATE, AddressNotice(3, "2001:db8:1::2", 64));

        Assert.Equal([(RouteChangeKind.FindingOpened, FindingKind.VrfTableNoDefault, IpFamily.Inet6)], Findings(events));
        Assert.Equal(2, model.OpenFindings);
        Assert.Null(events.Single(e => e.Diagnosis is not null).Route); // about a table, not a route
    }

    [Fact]
    public void A_mixed_default_takes_over_the_missing_default_and_its_removal_gives_it_back()
    {
        var s = Pod().Addr(3, "2001:db8:1::2", 64);
        var model = Loaded(s);
        Assert.Equal(2, model.OpenFindings); // no IPv4 and no IPv6 default in table 1001

        // `ip -6 route append default via 2001:db8:1::1 dev net1`: the #1253 route, whose fix gives table 1001 its IPv6 default.
        var mixed = s.V6Multi(Main, "::/0", s.Hop("2001:db8:1::1", "net1"), s.Hop("fe80::1", "eth0"));
        var appended = Apply(model, K.RTM_NEWROUTE, K.NLM_F_CREATE | K.NLM_F_APPEND, RouteNotice(mixed));

        Assert.Equal([(RouteChangeKind.FindingOpened, FindingKind.MixedVrfEcmp, IpFamily.Inet6),
                      (RouteChangeKind.FindingResolved, FindingKind.VrfTableNoDefault, IpFamily.Inet6)], Findings(appended));

        var removed = Apply(model, K.RTM_DELROUTE, 0, RouteNotice(s.V6(Main, "::/0", "2001:db8:1::1", "net1")));

        Assert.Equal([(RouteChangeKind.FindingResolved, FindingKind.MixedVrfEcmp, IpFamily.Inet6),
                      (RouteChangeKind.FindingOpened, FindingKind.VrfTableNoDefault, IpFamily.Inet6)], Findings(removed));
        Assert.Equal(2, model.OpenFindings);
    }

    [Fact]
    public void A_route_change_elsewhere_does_not_touch_the_namespace_findings()
    {
        var s = Pod();
        var model = Loaded(s);
        var id = Assert.Single(model.View().Diagnoses).Id;

        var events = Apply(model, K.RTM_NEWROUTE, K.NLM_F_CREATE | K.NLM_F_EXCL, RouteNotice(s.V4(1001, "10.9.0.0/16", "10.1.0.1", "net1")));

        Assert.Equal([RouteChangeKind.RouteAdded], events.Select(e => e.Notice.Kind));
        Assert.Equal(id, Assert.Single(model.View().Diagnoses).Id);
    }
}
