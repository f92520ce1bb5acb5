using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;
using Dashboard.Server.Tests.Netlink;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Events;

/// <summary>
/// Rule notices (RTM_NEWRULE / RTM_DELRULE, laid out as the kernel's fib_nl_fill_rule sends them) in the
/// live model: RuleAdded and RuleRemoved with the `ip rule` line, the rule list kept in the kernel's
/// order without a re-read, goto targets resolved as the kernel resolves them, and a resync announcing
/// what changed.
/// </summary>
public sealed class LiveModelRuleTests
{
    private readonly List<LiveEvent> _events = [];

    private static Rule Lookup(IpFamily family, uint priority, uint table) => new() { Family = family, Priority = priority, Table = table };

    private static readonly Rule[] KernelRules =
    [
        Lookup(IpFamily.Inet, 0, RoutingTable.Local) with { Protocol = RouteProtocol.Kernel },
        Lookup(IpFamily.Inet, 32766, RoutingTable.Main) with { Protocol = RouteProtocol.Kernel },
        Lookup(IpFamily.Inet, 32767, RoutingTable.Default) with { Protocol = RouteProtocol.Kernel },
        Lookup(IpFamily.Inet6, 0, RoutingTable.Local) with { Protocol = RouteProtocol.Kernel },
        Lookup(IpFamily.Inet6, 32766, RoutingTable.Main) with { Protocol = RouteProtocol.Kernel },
    ];

    private LiveModel Loaded(params Rule[] rules)
    {
        var model = new LiveModel(NodeState.Issue1253Pod().Namespace);
        model.Load(NodeState.Issue1253Pod().Snapshot() with { Rules = rules.Length > 0 ? rules : KernelRules }, announce: false, _events);
        Assert.Empty(_events);
        return model;
    }

    /// <summary>A rule's notice payload, as fib_nl_fill_rule writes it (table, suppressor -1 and protocol always).</summary>
    private static byte[] Notice(Rule r)
    {
        var attrs = new Bytes().AttrU32(K.FRA_TABLE, r.Table).AttrU32(K.FRA_SUPPRESS_PREFIXLEN, r.SuppressPrefixLength ?? uint.MaxValue)
            .AttrU8(K.FRA_PROTOCOL, (byte)r.Protocol);
        if (r.Priority != 0) attrs.AttrU32(K.FRA_PRIORITY, r.Priority);
        if (!r.Src.IsNone) attrs.Attr(K.FRA_SRC, r.Src.Address.ToBytes());
        if (!r.Dst.IsNone) attrs.Attr(K.FRA_DST, r.Dst.Address.ToBytes());
        if (r.Iif is not null) attrs.AttrString(K.FRA_IIFNAME, r.Iif);
        if (r.Fwmark is uint mark) attrs.AttrU32(K.FRA_FWMARK, mark).AttrU32(K.FRA_FWMASK, r.Fwmask ?? uint.MaxValue);
        if (r.Goto is uint target) attrs.AttrU32(K.FRA_GOTO, target);
        if (r.L3mdev) attrs.AttrU8(K.FRA_L3MDEV, 1);
        return FibRuleHdr((byte)r.Family, (byte)r.Action, (byte)Math.Min(r.Table, 252), (byte)(r.Dst.IsNone ? 0 : r.Dst.Length),
            (byte)(r.Src.IsNone ? 0 : r.Src.Length), r.Tos, r.Flags).Raw(attrs.ToArray()).ToArray();
    }

    private LiveEvent[] Apply(LiveModel model, ushort type, Rule r)
    {
        int before = _events.Count;
        Assert.False(model.Apply(type, 0, Notice(r), 42, _events)); // a rule notice says all; no re-read
        return _events.Skip(before).ToArray();
    }

    private static string Lines(LiveModel model, IpFamily family) =>
        string.Join('\n', model.Rules.Where(r => r.Family == family).Select(RuleText.Show));

    [Fact]
    public void A_new_rule_goes_in_after_its_priority_and_is_announced_as_ip_monitor_prints_it()
    {
        var model = Loaded();
        var rule = new Rule
        {
            Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("192.168.50.0/24"), Table = 1001, Protocol = RouteProtocol.Static,
        };

        var added = Assert.Single(Apply(model, K.RTM_NEWRULE, rule));

        Assert.Equal(RouteChangeKind.RuleAdded, added.Notice.Kind);
        Assert.Equal("100:\tfrom 192.168.50.0/24 lookup 1001 proto static", added.Notice.Summary);
        Assert.Equal(rule, added.Rule);
        Assert.Equal("0:\tfrom all lookup local\n100:\tfrom 192.168.50.0/24 lookup 1001 proto static\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default",
            Lines(model, IpFamily.Inet));
        var dto = RouteEventDto.From(added);
        Assert.Equal(("RuleAdded", 100u, "192.168.50.0", 24u), (dto.Kind, dto.Rule!.Priority, dto.Rule.Src, dto.Rule.Srclen!.Value));

        // A second rule of the same priority goes after the first, as the kernel inserts it.
        var second = Lookup(IpFamily.Inet, 100, 200);
        Apply(model, K.RTM_NEWRULE, second);
        Assert.Equal(second, model.Rules.Where(r => r.Family == IpFamily.Inet).ElementAt(2));

        var removed = Assert.Single(Apply(model, K.RTM_DELRULE, rule));
        Assert.Equal((RouteChangeKind.RuleRemoved, "100:\tfrom 192.168.50.0/24 lookup 1001 proto static"), (removed.Notice.Kind, removed.Notice.Summary));
        Assert.DoesNotContain(model.Rules, r => Rule.SameRule(r, rule));
        Assert.Equal([1L, 2L, 3L], _events.Select(e => e.Notice.Sequence));
        // The view pages and the API read has the rules too.
        Assert.Equal(model.Rules, model.View().Snapshot.Rules);
    }

    [Fact]
    public void Notices_the_model_already_reflects_change_nothing()
    {
        var model = Loaded();
        Assert.Empty(Apply(model, K.RTM_NEWRULE, KernelRules[1]));
        Assert.Empty(Apply(model, K.RTM_DELRULE, Lookup(IpFamily.Inet, 5, 5)));
        Assert.Equal(0, model.Sequence);
        Assert.Equal(KernelRules, model.Rules);
    }

    [Fact]
    public void A_goto_resolves_when_its_target_appears_and_unresolves_when_it_goes()
    {
        var jump = new Rule { Family = IpFamily.Inet6, Priority = 100, Action = RuleAction.Goto, Goto = 500, Flags = RuleFlags.Unresolved };
        var model = Loaded([.. KernelRules, jump]);
        Assert.Contains("100:\tfrom all goto 500 [unresolved]", Lines(model, IpFamily.Inet6));

        var target = Lookup(IpFamily.Inet6, 500, 300);
        Apply(model, K.RTM_NEWRULE, target);
        Assert.Contains("100:\tfrom all goto 500\n500:\tfrom all lookup 300", Lines(model, IpFamily.Inet6));

        Apply(model, K.RTM_DELRULE, target);
        Assert.Contains("100:\tfrom all goto 500 [unresolved]", Lines(model, IpFamily.Inet6));
        // An IPv4 rule of that priority is no target for an IPv6 goto.
        Apply(model, K.RTM_NEWRULE, Lookup(IpFamily.Inet, 500, 300));
        Assert.Contains("100:\tfrom all goto 500 [unresolved]", Lines(model, IpFamily.Inet6));
        // The kernel sends a goto's [unresolved] in its flags; a delete names the rule all the same.
        var gone = Assert.Single(Apply(model, K.RTM_DELRULE, jump with { Flags = 0 }));
        Assert.Equal(RouteChangeKind.RuleRemoved, gone.Notice.Kind);
    }

    [Fact]
    public void A_resync_announces_the_rules_that_changed_while_notices_were_lost()
    {
        var model = Loaded();
        var l3mdev = new Rule { Family = IpFamily.Inet, Priority = 1000, L3mdev = true, Protocol = RouteProtocol.Kernel };
        var after = KernelRules.Where(r => r.Priority != 32767).Append(l3mdev).ToArray();

        model.Load(NodeState.Issue1253Pod().Snapshot() with { Rules = after }, announce: true, _events);

        var ruleEvents = _events.Where(e => e.Rule is not null).ToArray();
        Assert.Equal([(RouteChangeKind.RuleRemoved, "32767:\tfrom all lookup default"), (RouteChangeKind.RuleAdded, "1000:\tfrom all lookup [l3mdev-table]")],
            ruleEvents.Select(e => (e.Notice.Kind, e.Notice.Summary)));
    }
}
