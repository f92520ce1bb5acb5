using Dashboard.Server.Contracts;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Netlink;

/// <summary>
/// RTM_NEWRULE as the kernel's fib_nl_fill_rule lays it out, byte by byte: every field of the model,
/// the `ip rule show` line, and the `ip -j rule show` fields. The expected lines are what iproute2 6.1
/// printed for the same rules on this machine's kernel (the integration tests compare with ip itself).
/// </summary>
public class RuleDecoderTests
{
    private static byte[] NewRule(Bytes header, Bytes attrs) =>
        Bytes.Message(K.RTM_NEWRULE, K.NLM_F_MULTI, header.Raw(attrs.ToArray()).ToArray());

    /// <summary>What the kernel always sends: the table (u32), "no suppression" as -1, and the protocol.</summary>
    private static Bytes Common(uint table, byte protocol = 0) => new Bytes()
        .AttrU32(K.FRA_TABLE, table).AttrU32(K.FRA_SUPPRESS_PREFIXLEN, uint.MaxValue).AttrU8(K.FRA_PROTOCOL, protocol);

    private static byte[] Range(ushort start, ushort end) => new Bytes().U16(start).U16(end).ToArray();

    [Fact]
    public void Every_selector_of_an_ipv4_rule_and_its_ip_rule_line()
    {
        var attrs = Common(100, protocol: 186)
            .AttrIp(K.FRA_DST, "10.2.0.0").AttrIp(K.FRA_SRC, "10.1.0.0")
            .AttrString(K.FRA_IIFNAME, "eth0").AttrString(K.FRA_OIFNAME, "lo")
            .AttrU32(K.FRA_PRIORITY, 2000).AttrU32(K.FRA_FWMARK, 0x10).AttrU32(K.FRA_FWMASK, 0xff)
            .Attr(K.FRA_UID_RANGE, new Bytes().U32(100).U32(200))
            .AttrU8(K.FRA_IP_PROTO, 6)
            .Attr(K.FRA_SPORT_RANGE, Range(1000, 2000)).Attr(K.FRA_DPORT_RANGE, Range(80, 80));

        var r = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET, table: 100, dstLen: 24, srcLen: 16, tos: 0x10), attrs));

        Assert.Equal(IpFamily.Inet, r.Family);
        Assert.Equal(2000u, r.Priority);
        Assert.Equal(RuleAction.ToTable, r.Action);
        Assert.Equal(100u, r.Table);
        Assert.Equal(IpPrefix.Parse("10.1.0.0/16"), r.Src);
        Assert.Equal(IpPrefix.Parse("10.2.0.0/24"), r.Dst);
        Assert.Equal(0x10, r.Tos);
        Assert.Equal(("eth0", "lo"), (r.Iif, r.Oif));
        Assert.Equal((0x10u, 0xffu), (r.Fwmark, r.Fwmask));
        Assert.Equal(new RuleRange(100, 200), r.UidRange);
        Assert.Equal((byte)6, r.IpProto);
        Assert.Equal(new RuleRange(1000, 2000), r.SportRange);
        Assert.Equal(new RuleRange(80, 80), r.DportRange);
        Assert.Null(r.SuppressPrefixLength); // -1: none
        Assert.Equal((RouteProtocol)186, r.Protocol);
        Assert.Equal("2000:\tfrom 10.1.0.0/16 to 10.2.0.0/24 tos 0x10 fwmark 0x10/0xff iif eth0 oif lo uidrange 100-200 "
            + "ipproto tcp sport 1000-2000 dport 80 lookup 100 proto bgp", RuleText.Show(r));

        var dto = RuleDto.From(r);
        Assert.Equal(("inet", "10.1.0.0", 16u, "10.2.0.0", 24u), (dto.Family, dto.Src, dto.Srclen!.Value, dto.Dst, dto.Dstlen!.Value));
        Assert.Equal(("0x10", "0x10", "0xff", "tcp"), (dto.Tos, dto.Fwmark, dto.Fwmask, dto.Ipproto));
        // ip prints one port as "dport" and a range as sport_start/sport_end.
        Assert.Equal((null, 1000u, 2000u), (dto.Sport, dto.SportStart, dto.SportEnd));
        Assert.Equal((80u, null, null), (dto.Dport, dto.DportStart, dto.DportEnd));
        Assert.Equal((100u, "100", "bgp"), (dto.Table!.Value, dto.TableName, dto.Protocol));
    }

    [Fact]
    public void L3mdev_rule_has_no_table_and_prints_the_l3mdev_table()
    {
        var r = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET6), Common(0).AttrU32(K.FRA_PRIORITY, 1000).AttrU8(K.FRA_L3MDEV, 1)));

        Assert.True(r.L3mdev);
        Assert.Equal(0u, r.Table);
        Assert.Equal("1000:\tfrom all lookup [l3mdev-table]", RuleText.Show(r));
        var dto = RuleDto.From(r);
        Assert.True(dto.L3mdev);
        Assert.Null(dto.Table);
        Assert.Equal(("inet6", "all", "unspec"), (dto.Family, dto.Src, dto.Protocol));
    }

    [Fact]
    public void Actions_goto_nop_and_the_refusing_ones()
    {
        var unresolved = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET, K.FR_ACT_GOTO, flags: K.FIB_RULE_UNRESOLVED),
            Common(0).AttrU32(K.FRA_PRIORITY, 4001).AttrU32(K.FRA_GOTO, 4500)));
        Assert.Equal((RuleAction.Goto, 4500u, true), (unresolved.Action, unresolved.Goto!.Value, unresolved.Unresolved));
        Assert.Equal("4001:\tfrom all goto 4500 [unresolved]", RuleText.Show(unresolved));
        Assert.Equal((4500u, true, null), (RuleDto.From(unresolved).Goto!.Value, RuleDto.From(unresolved).Unresolved, RuleDto.From(unresolved).Action));

        var markGoto = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET, K.FR_ACT_GOTO),
            Common(0).AttrU32(K.FRA_PRIORITY, 4000).AttrU32(K.FRA_FWMARK, 7).AttrU32(K.FRA_FWMASK, uint.MaxValue).AttrU32(K.FRA_GOTO, 5000)));
        // A mark without a mask is sent with mask 0xffffffff, which ip does not print.
        Assert.Equal("4000:\tfrom all fwmark 0x7 goto 5000", RuleText.Show(markGoto));
        Assert.Null(RuleDto.From(markGoto).Fwmask);

        var nop = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET, K.FR_ACT_NOP), Common(0).AttrU32(K.FRA_PRIORITY, 5003)));
        Assert.Equal("5003:\tfrom all nop", RuleText.Show(nop));
        Assert.True(RuleDto.From(nop).Nop);

        foreach (var (action, word) in new[] { (K.FR_ACT_BLACKHOLE, "blackhole"), (K.FR_ACT_UNREACHABLE, "unreachable"), (K.FR_ACT_PROHIBIT, "prohibit") })
        {
            var r = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET, action, srcLen: 16), Common(0).AttrU32(K.FRA_PRIORITY, 5001).AttrIp(K.FRA_SRC, "10.9.0.0")));
            Assert.Equal($"5001:\tfrom 10.9.0.0/16 {word}", RuleText.Show(r));
            Assert.Equal(word, RuleDto.From(r).Action);
        }
    }

    [Fact]
    public void Inverted_ipv6_rule_with_a_masked_mark_and_a_host_source()
    {
        var r = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET6, K.FR_ACT_PROHIBIT, dstLen: 48, srcLen: 128, flags: K.FIB_RULE_INVERT),
            Common(0).AttrU32(K.FRA_PRIORITY, 200).AttrIp(K.FRA_DST, "2001:db8:1::").AttrIp(K.FRA_SRC, "2001:db8::5")
                .AttrU32(K.FRA_FWMARK, 3).AttrU32(K.FRA_FWMASK, 7)));

        Assert.True(r.Invert);
        // A host prefix prints without its length; ip -j leaves srclen out for it.
        Assert.Equal("200:\tnot from 2001:db8::5 to 2001:db8:1::/48 fwmark 0x3/0x7 prohibit", RuleText.Show(r));
        var dto = RuleDto.From(r);
        Assert.Equal((true, "2001:db8::5", null, 48u), (dto.Not, dto.Src, dto.Srclen, dto.Dstlen!.Value));
    }

    [Fact]
    public void Suppressors_realms_tun_id_and_a_detached_device()
    {
        var suppress = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET, table: 254), new Bytes()
            .AttrU32(K.FRA_TABLE, 254).AttrU32(K.FRA_SUPPRESS_PREFIXLEN, 0).AttrU32(K.FRA_SUPPRESS_IFGROUP, 5)
            .AttrU8(K.FRA_PROTOCOL, 0).AttrU32(K.FRA_PRIORITY, 3000)));
        Assert.Equal((0u, 5u), (suppress.SuppressPrefixLength!.Value, suppress.SuppressIfGroup!.Value));
        Assert.Equal("3000:\tfrom all lookup main suppress_prefixlength 0 suppress_ifgroup 5", RuleText.Show(suppress));
        Assert.Equal((0, "5"), (RuleDto.From(suppress).SuppressPrefixlen!.Value, RuleDto.From(suppress).SuppressIfgroup));

        // FRA_FLOW: source realm in the high half; FRA_TUN_ID is big-endian (nla_put_be64).
        var realms = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET, table: 200), Common(200).AttrU32(K.FRA_PRIORITY, 5004)
            .AttrU32(K.FRA_FLOW, (3u << 16) | 4).Attr(K.FRA_TUN_ID, [0, 0, 0, 0, 0, 0, 0, 42])));
        Assert.Equal((0x30004u, 42ul), (realms.Realms!.Value, realms.TunId!.Value));
        Assert.Equal("5004:\tfrom all tun_id 42 lookup 200 realms 3/4", RuleText.Show(realms));
        Assert.Equal(("3", "4", 42ul), (RuleDto.From(realms).FlowFrom, RuleDto.From(realms).FlowTo, RuleDto.From(realms).TunId!.Value));

        var detached = Decode.Rule(NewRule(FibRuleHdr(K.AF_INET, table: 202, flags: K.FIB_RULE_IIF_DETACHED),
            Common(202).AttrU32(K.FRA_PRIORITY, 5006).AttrString(K.FRA_IIFNAME, "nosuch")));
        Assert.Equal("5006:\tfrom all iif nosuch [detached] lookup 202", RuleText.Show(detached));
        Assert.True(RuleDto.From(detached).IifDetached);
    }

    [Fact]
    public void The_kernels_identity_of_a_rule_ignores_the_state_bits()
    {
        var goTo = new Rule { Family = IpFamily.Inet, Priority = 4001, Action = RuleAction.Goto, Goto = 4500, Flags = RuleFlags.Unresolved };
        Assert.True(Rule.SameRule(goTo, goTo with { Flags = 0 }));
        Assert.False(Rule.SameRule(goTo, goTo with { Flags = RuleFlags.Invert }));
        Assert.False(Rule.SameRule(goTo, goTo with { Goto = 4600 }));
    }

    [Theory]
    [InlineData(K.FRA_UID_RANGE, 4)]
    [InlineData(K.FRA_SPORT_RANGE, 2)]
    [InlineData(K.FRA_TUN_ID, 4)]
    [InlineData(K.FRA_PRIORITY, 2)]
    public void Short_attributes_are_refused_with_their_name(ushort type, int length)
    {
        var buffer = NewRule(FibRuleHdr(K.AF_INET), Common(254).Attr(type, new byte[length]));
        var e = Assert.Throws<NetlinkParseException>(() => Decode.Rule(buffer));
        Assert.StartsWith("FRA_", e.Message);
    }
}
