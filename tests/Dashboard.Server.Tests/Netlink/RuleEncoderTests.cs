using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Netlink;

/// <summary>
/// RTM_NEWRULE / RTM_DELRULE requests, byte for byte as iproute2's iprule_modify sends them, and back
/// through the decoder. The numbers are uapi's (linux/fib_rules.h, linux/rtnetlink.h).
/// </summary>
public sealed class RuleEncoderTests
{
    private const uint Seq = 77;
    private const ushort RtmNewRule = 32, RtmDelRule = 33;
    private const ushort FraDst = 1, FraSrc = 2, FraIifname = 3, FraPriority = 6, FraFwmark = 10, FraTable = 15, FraFwmask = 16,
        FraOifname = 17, FraL3mdev = 19, FraProtocol = 21, FraSportRange = 23;
    private const byte FrActToTbl = 1, FibRuleInvert = 2;

    /// <summary>struct fib_rule_hdr (12 bytes): family, dst_len, src_len, tos, table, res1, res2, action, flags.</summary>
    private static Bytes Frh(byte family, byte dstLen = 0, byte srcLen = 0, byte table = 0, byte action = FrActToTbl, uint flags = 0, byte tos = 0) =>
        new Bytes().U8(family).U8(dstLen).U8(srcLen).U8(tos).U8(table).U8(0).U8(0).U8(action).U32(flags);

    private static byte[] Expected(ushort type, ushort flags, Bytes frh, Bytes attrs) =>
        Bytes.Message(type, flags, frh.Raw(attrs.ToArray()).ToArray(), seq: Seq, pid: 0);

    private static byte[] Encode(RouteChange change, Rule rule) => RuleEncoder.Encode(change, rule).Build(Seq);

    private static readonly Rule L3mdev6 = new() { Family = IpFamily.Inet6, Priority = 1000, L3mdev = true };

    [Fact]
    public void Add_l3mdev_pref_1000_as_ip_minus_6_rule_add_sends_it()
    {
        var expected = Expected(RtmNewRule, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE | K.NLM_F_EXCL,
            Frh(K.AF_INET6), new Bytes().AttrU32(FraPriority, 1000).AttrU8(FraL3mdev, 1));

        Assert.Equal(expected, Encode(RouteChange.Add, L3mdev6));
    }

    [Fact]
    public void Delete_names_the_rule_by_the_same_selectors_without_create_flags()
    {
        var expected = Expected(RtmDelRule, K.NLM_F_REQUEST | K.NLM_F_ACK,
            Frh(K.AF_INET6), new Bytes().AttrU32(FraPriority, 1000).AttrU8(FraL3mdev, 1));

        Assert.Equal(expected, Encode(RouteChange.Delete, L3mdev6));
    }

    [Fact]
    public void A_source_rule_into_a_table_above_255_uses_fra_table_and_header_table_zero()
    {
        var rule = new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("10.1.0.2/32"), Table = 1001, Flags = RuleFlags.Invert };
        var expected = Expected(RtmNewRule, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE | K.NLM_F_EXCL,
            Frh(K.AF_INET, srcLen: 32, table: 0, flags: FibRuleInvert),
            new Bytes().AttrU32(FraPriority, 100).AttrU32(FraTable, 1001).AttrIp(FraSrc, "10.1.0.2"));

        Assert.Equal(expected, Encode(RouteChange.Add, rule));
    }

    [Fact]
    public void Device_mark_and_port_selectors_go_in_their_attributes()
    {
        var rule = new Rule
        {
            Family = IpFamily.Inet, Priority = 5, Dst = IpPrefix.Parse("10.9.0.0/16"), Table = 100, Iif = "vrf1001", Oif = "net1",
            Fwmark = 0x10, Fwmask = 0xff, SportRange = new RuleRange(1000, 2000), Protocol = RouteProtocol.Static,
        };
        var expected = Expected(RtmNewRule, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE | K.NLM_F_EXCL,
            Frh(K.AF_INET, dstLen: 16, table: 100),
            new Bytes().AttrU32(FraPriority, 5).AttrU32(FraTable, 100).AttrIp(FraDst, "10.9.0.0").AttrString(FraIifname, "vrf1001")
                .AttrString(FraOifname, "net1").AttrU32(FraFwmark, 0x10).AttrU32(FraFwmask, 0xff).AttrU8(FraProtocol, 4)
                .Attr(FraSportRange, new Bytes().U16(1000).U16(2000)));

        Assert.Equal(expected, Encode(RouteChange.Add, rule));
    }

    public static TheoryData<Rule> Rules => new()
    {
        L3mdev6,
        new Rule { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse("10.1.0.0/24"), Table = 100 },
        new Rule { Family = IpFamily.Inet6, Priority = 7, Dst = IpPrefix.Parse("2001:db8::/32"), Table = 1001, Iif = "eth0", Tos = 0x10 },
        new Rule { Family = IpFamily.Inet, Priority = 9, Fwmark = 1, Fwmask = 1, Action = RuleAction.Goto, Goto = 100 },
        new Rule { Family = IpFamily.Inet, Priority = 10, Table = RoutingTable.Main, SuppressPrefixLength = 0 },
        new Rule { Family = IpFamily.Inet, Priority = 11, Action = RuleAction.Unreachable, UidRange = new RuleRange(1000, 1999), IpProto = 6, DportRange = new RuleRange(53, 53) },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void What_is_encoded_decodes_to_the_same_rule(Rule rule)
    {
        var message = Encode(RouteChange.Add, rule);
        var reader = new MessageReader(message);
        Assert.True(reader.Next(out var header, out var payload));
        Assert.Equal(RtmNewRule, header.Type);

        Assert.Equal(rule, RuleDecoder.Decode(payload));
    }

    [Fact]
    public void Requests_the_kernel_would_refuse_are_refused_here()
    {
        Assert.Throws<ArgumentException>(() => Encode(RouteChange.Replace, L3mdev6));
        Assert.Throws<ArgumentException>(() => Encode(RouteChange.Add, L3mdev6 with { Table = 1001 }));
        Assert.Throws<ArgumentException>(() => Encode(RouteChange.Add, new Rule { Family = IpFamily.Inet, Src = IpPrefix.Parse("2001:db8::/32"), Table = 100 }));
        Assert.Throws<ArgumentException>(() => Encode(RouteChange.Add, new Rule { Family = IpFamily.Inet, Iif = "a-name-longer-than-ifnamsiz", Table = 100 }));
    }
}
