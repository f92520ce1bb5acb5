using Dashboard.Server.Analysis;
using Dashboard.Server.Events;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;
using Dashboard.Server.Tests.Netlink;

namespace Dashboard.Server.Tests.Events;

/// <summary>
/// The live model fed real rtnetlink route messages (encoded by the codec, taken apart by the
/// MessageReader as the event loop does) after a dump: the notices it emits, their `ip route` lines
/// and sequence numbers, and the findings it opens, resolves and keeps up to date. No root needed.
/// </summary>
public sealed class LiveModelTests
{
    private const uint Main = RoutingTable.Main;
    private const long ReadAt = 123_456;

    private readonly List<LiveEvent> _events = [];

    /// <summary>
    /// The pod of issue 1253 as a dump shows it: main's IPv6 default via eth0 alone, or already mixed
    /// with net1's path (<paramref name="mixed"/>); table 1001 with its own default or without.
    /// </summary>
    private static NodeState Pod(bool mixed = false, bool vrfDefault = false)
    {
        var s = NodeState.Issue1253Pod();
        s.Add(mixed ? s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1")) : s.V6(Main, "::/0", "fe80::1", "eth0"))
         .Add(s.V6(Main, "2001:db8::/64", null, "eth0", 256, RouteProtocol.Kernel))
         .Add(s.V6(1001, "2001:db8:1::/64", null, "net1", 256, RouteProtocol.Kernel));
        if (vrfDefault) s.Add(VrfDefault(s));
        return s;
    }

    private LiveModel Loaded(NodeState s)
    {
        var model = new LiveModel(s.Namespace);
        model.Load(s.Snapshot(), announce: false, _events);
        Assert.Empty(_events); // a first load is the starting point, not news
        return model;
    }

    /// <summary>
    /// One route notice as the kernel multicasts it: rtmsg and attributes, after the netlink header.
    /// The encoder writes the layout a notice has; what a notice adds (RTA_CACHEINFO, state flags
    /// such as linkdown) does not occur in these routes.
    /// </summary>
    private static byte[] Notice(Route route)
    {
        var message = RouteEncoder.Encode(RouteChange.Add, route).Build(0);
        var reader = new MessageReader(message);
        Assert.True(reader.Next(out _, out var payload));
        return payload.ToArray();
    }

    private LiveEvent[] New(LiveModel model, Route route, ushort flags = K.NLM_F_CREATE | K.NLM_F_EXCL) =>
        Applied(model, K.RTM_NEWROUTE, flags, route);

    private LiveEvent[] Deleted(LiveModel model, Route route) => Applied(model, K.RTM_DELROUTE, 0, route);

    private LiveEvent[] Applied(LiveModel model, ushort type, ushort flags, Route route)
    {
        int before = _events.Count;
        var refresh = model.Apply(type, flags, Notice(route), ReadAt, _events);
        Assert.False(refresh); // a route notice says everything that changed
        return _events.Skip(before).ToArray();
    }

    private static RouteChangeKind[] Kinds(IEnumerable<LiveEvent> events) => events.Select(e => e.Notice.Kind).ToArray();

    /// <summary>Every notice of a namespace carries the next number: a consumer that sees a gap knows it missed one.</summary>
    private void AssertSequenceIsOneTwoThree() =>
        Assert.Equal(Enumerable.Range(1, _events.Count).Select(i => (long)i), _events.Select(e => e.Notice.Sequence));

    [Fact]
    public void Route_added_changed_and_removed_notices_carry_the_ip_route_line()
    {
        var s = Pod();
        var model = Loaded(s);
        var route = s.V6(Main, "2001:db8:5::/64", "fe80::1", "eth0");

        var added = Assert.Single(New(model, route));
        Assert.Equal(RouteChangeKind.RouteAdded, added.Notice.Kind);
        Assert.Equal("2001:db8:5::/64 via fe80::1 dev eth0 proto static metric 1024 pref medium", added.Notice.Summary);
        Assert.Equal(("pod-ns", ReadAt), (added.Notice.NamespaceId, added.ReadAt));
        Assert.True(RouteComparer.SameRoute(route, added.Route!));

        var moved = s.V6(Main, "2001:db8:5::/64", "fe80::2", "eth0");
        var changed = Assert.Single(New(model, moved, K.NLM_F_CREATE | K.NLM_F_REPLACE));
        Assert.Equal(RouteChangeKind.RouteChanged, changed.Notice.Kind);
        Assert.Equal("2001:db8:5::/64 via fe80::2 dev eth0 proto static metric 1024 pref medium", changed.Notice.Summary);
        Assert.Equal(IpAddr.Parse("fe80::1"), changed.Previous!.Gateway);

        var removed = Assert.Single(Deleted(model, moved));
        Assert.Equal(RouteChangeKind.RouteRemoved, removed.Notice.Kind);
        Assert.Equal("2001:db8:5::/64 via fe80::2 dev eth0 proto static metric 1024 pref medium", removed.Notice.Summary);

        Assert.Equal(s.Snapshot().Routes.Count, model.RouteCount);
        AssertSequenceIsOneTwoThree();
    }

    [Fact]
    public void Ipv4_notices_print_like_ip_route_too()
    {
        var s = Pod();
        var model = Loaded(s);
        var route = s.V4(1001, "10.20.0.0/16", "10.1.0.1", "net1", 5);

        Assert.Equal("10.20.0.0/16 via 10.1.0.1 dev net1 table 1001 proto static metric 5", Assert.Single(New(model, route)).Notice.Summary);
        Assert.Equal("10.20.0.0/16 via 10.1.0.1 dev net1 table 1001 proto static metric 5", Assert.Single(Deleted(model, route)).Notice.Summary);
    }

    [Fact]
    public void A_notice_the_model_already_reflects_emits_nothing()
    {
        var s = Pod();
        var model = Loaded(s);

        Assert.Empty(New(model, s.V6(Main, "::/0", "fe80::1", "eth0"))); // in the dump already
        Assert.Empty(Deleted(model, s.V6(Main, "2001:db8:9::/64", "fe80::1", "eth0"))); // never there
        Assert.Equal(0, model.Sequence);
    }

    /// <summary>The notice the kernel sends for `ip -6 route append default via 2001:db8:1::1 dev net1`: the new sibling first.</summary>
    private static Route AppendedNet1(NodeState s) =>
        s.V6Multi(Main, "::/0", s.Hop("2001:db8:1::1", "net1"), s.Hop("fe80::1", "eth0"));

    [Fact]
    public void A_mixed_vrf_ecmp_default_opens_a_finding_and_removing_the_net1_sibling_resolves_it()
    {
        var s = Pod();
        var model = Loaded(s);

        var appended = New(model, AppendedNet1(s), K.NLM_F_CREATE | K.NLM_F_APPEND);

        Assert.Equal([RouteChangeKind.RouteChanged, RouteChangeKind.FindingOpened], Kinds(appended));
        Assert.Equal("default proto static metric 1024 pref medium\n\tnexthop via fe80::1 dev eth0 weight 1\n\tnexthop via 2001:db8:1::1 dev net1 weight 1",
            appended[0].Notice.Summary);
        var opened = appended[1].Diagnosis!;
        // The id a fresh scan of the same state gives: what `routedash scan` shows and `migrate --finding` takes.
        var scanned = Assert.Single(FindingAnalyzer.Analyze(Pod(mixed: true).Snapshot()));
        Assert.Equal(scanned.Id, opened.Id);
        Assert.Equal(FindingKind.MixedVrfEcmp, opened.Finding.Kind);
        Assert.Equal(opened.Finding.Title, appended[1].Notice.Summary);
        Assert.NotNull(opened.Plan);
        Assert.Equal(1, model.OpenFindings);

        // `ip -6 route del default via 2001:db8:1::1 dev net1`: the kernel names that sibling only.
        var deleted = Deleted(model, s.V6(Main, "::/0", "2001:db8:1::1", "net1"));

        Assert.Equal([RouteChangeKind.RouteChanged, RouteChangeKind.FindingResolved], Kinds(deleted));
        Assert.Equal("default via fe80::1 dev eth0 proto static metric 1024 pref medium", deleted[0].Notice.Summary);
        Assert.Equal(opened.Id, deleted[1].Diagnosis!.Id);
        Assert.Equal(0, model.OpenFindings);
        AssertSequenceIsOneTwoThree();
    }

    [Fact]
    public void The_same_append_notice_again_opens_nothing_new()
    {
        var s = Pod();
        var model = Loaded(s);
        New(model, AppendedNet1(s), K.NLM_F_CREATE | K.NLM_F_APPEND);

        Assert.Empty(New(model, AppendedNet1(s), K.NLM_F_CREATE | K.NLM_F_APPEND));
        Assert.Equal(1, model.OpenFindings);
    }

    private static Route VrfDefault(NodeState s) => s.V6(1001, "::/0", "2001:db8:1::1", "net1");

    [Fact]
    public void An_open_findings_explanation_follows_the_vrf_tables_own_default()
    {
        // Issue item 7: the explanation said table 1001 had no default route whatever it held, because
        // the live model gave the analysis no routes to look at.
        var s = Pod();
        var model = Loaded(s);
        New(model, AppendedNet1(s), K.NLM_F_CREATE | K.NLM_F_APPEND);
        var opened = Assert.Single(model.Diagnoses);
        Assert.Contains("has no default route at all in table 1001", opened.Finding.Explanation);

        // `ip -6 route add default via 2001:db8:1::1 dev net1 table 1001`
        var added = New(model, VrfDefault(s));

        // The finding is the same one (same id, so no notice about it)...
        Assert.Equal([RouteChangeKind.RouteAdded], Kinds(added));
        var now = Assert.Single(model.Diagnoses);
        Assert.Equal(opened.Id, now.Id);
        // ...but what it says is what table 1001 holds now.
        Assert.Contains("table 1001 already has its own route for ::/0", now.Finding.Explanation);
        Assert.DoesNotContain("no default route", now.Finding.Explanation);

        // And back when the VRF's default goes again.
        Deleted(model, VrfDefault(s));
        Assert.Contains("has no default route at all in table 1001", Assert.Single(model.Diagnoses).Finding.Explanation);
        AssertSequenceIsOneTwoThree();
    }

    [Fact]
    public void A_finding_opened_by_a_notice_reads_the_vrf_table_as_loaded()
    {
        // The VRF table's default came with the dump; the mixed route comes later by notice.
        var s = Pod(vrfDefault: true);
        var model = Loaded(s);

        var opened = New(model, AppendedNet1(s), K.NLM_F_CREATE | K.NLM_F_APPEND)[1].Diagnosis!;

        Assert.Contains("table 1001 already has its own route for ::/0", opened.Finding.Explanation);
    }

    [Theory]
    [InlineData(false, "has no default route at all in table 1001")]
    [InlineData(true, "table 1001 already has its own route for ::/0")]
    public void A_finding_in_the_dump_is_open_after_load_as_a_scan_explains_it(bool vrfDefault, string says)
    {
        var s = Pod(mixed: true, vrfDefault: vrfDefault);
        var model = Loaded(s);

        var d = Assert.Single(model.Diagnoses);
        var scanned = Assert.Single(FindingAnalyzer.Analyze(s.Snapshot()));
        Assert.Equal((scanned.Id, scanned.Explanation), (d.Id, d.Finding.Explanation));
        Assert.Contains(says, d.Finding.Explanation);
        Assert.Equal(0, model.Sequence);
    }
}
