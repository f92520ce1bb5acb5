using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Routing;

/// <summary>Rules as `ip rule add/del` commands: what plans show and what iproute2 accepts back.</summary>
public sealed class RuleCommandTests
{
    [Fact]
    public void The_l3mdev_rule_prints_as_the_kernels_vrf_documentation_writes_it()
    {
        var rule = new Rule { Family = IpFamily.Inet6, Priority = 1000, L3mdev = true };

        Assert.Equal("ip -6 rule add l3mdev pref 1000", RuleText.Command(RouteChange.Add, rule));
        Assert.Equal("ip rule del l3mdev pref 1000", RuleText.Command(RouteChange.Delete, rule with { Family = IpFamily.Inet }));
        Assert.Throws<ArgumentException>(() => RuleText.Command(RouteChange.Append, rule));
    }

    [Theory]
    [InlineData("from 10.1.0.2 lookup 100 pref 100", "10.1.0.2/32", null, 100u)]
    [InlineData("from 10.1.0.0/24 to 10.9.0.0/16 lookup main pref 5", "10.1.0.0/24", "10.9.0.0/16", 254u)]
    [InlineData("to 2001:db8::/32 lookup 1001 pref 5", null, "2001:db8::/32", 1001u)]
    public void Prefixes_print_like_ip_rule_host_prefixes_without_their_length(string expected, string? from, string? to, uint table)
    {
        var rule = new Rule
        {
            Family = (from ?? to)!.Contains(':') ? IpFamily.Inet6 : IpFamily.Inet, Priority = expected.EndsWith("100") ? 100u : 5u,
            Src = from is null ? default : IpPrefix.Parse(from), Dst = to is null ? default : IpPrefix.Parse(to), Table = table,
        };

        Assert.Equal(expected, RuleText.Arguments(rule));
    }

    [Fact]
    public void Selectors_action_suppressor_and_protocol_in_iproute2s_order()
    {
        var rule = new Rule
        {
            Family = IpFamily.Inet, Priority = 7, Flags = RuleFlags.Invert | RuleFlags.Unresolved, Tos = 0x10, Fwmark = 0x10, Fwmask = 0xff,
            Iif = "vrf1001", Oif = "net1", UidRange = new RuleRange(1000, 1999), IpProto = 6, SportRange = new RuleRange(1024, 2048),
            DportRange = new RuleRange(53, 53), Table = RoutingTable.Main, SuppressPrefixLength = 0, Protocol = RouteProtocol.Static,
        };

        Assert.Equal("not tos 0x10 fwmark 0x10/0xff iif vrf1001 oif net1 uidrange 1000-1999 ipproto 6 sport 1024-2048 dport 53 "
                     + "lookup main suppress_prefixlength 0 protocol static pref 7", RuleText.Arguments(rule));
    }

    [Theory]
    [InlineData(RuleAction.Goto, "goto 32766 pref 9")]
    [InlineData(RuleAction.Blackhole, "blackhole pref 9")]
    [InlineData(RuleAction.Unreachable, "unreachable pref 9")]
    [InlineData(RuleAction.Prohibit, "prohibit pref 9")]
    [InlineData(RuleAction.Nop, "nop pref 9")]
    public void Actions_other_than_lookup(RuleAction action, string expected)
    {
        var rule = new Rule { Family = IpFamily.Inet, Priority = 9, Action = action, Goto = action == RuleAction.Goto ? 32766u : null };

        Assert.Equal(expected, RuleText.Arguments(rule));
    }
}
