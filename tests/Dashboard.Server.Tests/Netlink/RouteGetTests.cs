using System.Buffers.Binary;
using Dashboard.Server.Contracts;
using Dashboard.Server.Lookup;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Routing;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Netlink;

/// <summary>
/// The lookup request (`ip route get`, iproute2's iproute_get) taken apart byte by byte with the test's
/// own reader, and the kernel's answer built by hand and decoded.
/// </summary>
public class RouteGetTests
{
    /// <summary>The header fields and the attributes of a request, read without the codec.</summary>
    private static (ushort Type, ushort Flags, byte[] Rtmsg, Dictionary<ushort, byte[]> Attrs) Parse(byte[] message)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(message);
        Assert.Equal((uint)message.Length, length);
        var rtmsg = message[16..28];
        var attrs = new Dictionary<ushort, byte[]>();
        for (int at = 28; at < message.Length;)
        {
            ushort len = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(at));
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(at + 2));
            Assert.True(attrs.TryAdd(type, message[(at + 4)..(at + len)]), $"attribute {type} twice");
            at += (len + 3) & ~3;
        }
        return (BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(4)), BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(6)), rtmsg, attrs);
    }

    [Fact]
    public void Ipv4_request_carries_every_key_and_asks_for_the_table()
    {
        var q = new LookupRequest
        {
            Dst = IpAddr.Parse("10.50.1.2"), Src = IpAddr.Parse("192.168.50.11"), Iif = 3, Mark = 0x10, IpProto = 6, Sport = 1234, Dport = 443,
        };

        var (type, flags, rtmsg, attrs) = Parse(RouteGetRequest.Build(q, fibMatch: false).Build(7));

        Assert.Equal(K.RTM_GETROUTE, type);
        Assert.Equal(K.NLM_F_REQUEST, flags); // an answer, not an ack
        Assert.Equal(K.AF_INET, rtmsg[0]);
        Assert.Equal((32, 32), (rtmsg[1], rtmsg[2])); // dst_len, src_len
        Assert.Equal(K.RTM_F_LOOKUP_TABLE, BinaryPrimitives.ReadUInt32LittleEndian(rtmsg.AsSpan(8)));
        Assert.Equal(Bytes.Ip("10.50.1.2"), attrs[K.RTA_DST]);
        Assert.Equal(Bytes.Ip("192.168.50.11"), attrs[K.RTA_SRC]);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(attrs[K.RTA_IIF]));
        Assert.Equal(0x10u, BinaryPrimitives.ReadUInt32LittleEndian(attrs[K.RTA_MARK]));
        Assert.Equal([6], attrs[K.RTA_IP_PROTO]);
        // Ports in network order, as iproute2's get_be16 sends them.
        Assert.Equal([0x04, 0xd2], attrs[K.RTA_SPORT]);
        Assert.Equal([0x01, 0xbb], attrs[K.RTA_DPORT]);
        Assert.False(attrs.ContainsKey(K.RTA_OIF));
    }

    [Fact]
    public void Ipv6_fibmatch_request_with_an_output_device_and_no_mark()
    {
        var q = new LookupRequest { Dst = IpAddr.Parse("2001:db8:9::1"), Oif = 4 };

        var (_, _, rtmsg, attrs) = Parse(RouteGetRequest.Build(q, fibMatch: true).Build(8));

        Assert.Equal(K.AF_INET6, rtmsg[0]);
        Assert.Equal((128, 0), (rtmsg[1], rtmsg[2]));
        // RTM_F_LOOKUP_TABLE is IPv4's only (iproute2 sets it for AF_INET alone).
        Assert.Equal(K.RTM_F_FIB_MATCH, BinaryPrimitives.ReadUInt32LittleEndian(rtmsg.AsSpan(8)));
        Assert.Equal(Bytes.Ip("2001:db8:9::1"), attrs[K.RTA_DST]);
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(attrs[K.RTA_OIF]));
        Assert.Equal([K.RTA_DST, K.RTA_OIF], attrs.Keys.Order());
    }

    [Fact]
    public void A_request_mixing_families_is_refused_before_anything_is_sent()
    {
        var q = new LookupRequest { Dst = IpAddr.Parse("10.0.0.1"), Src = IpAddr.Parse("2001:db8::1") };
        Assert.Throws<ArgumentException>(() => RouteGetRequest.Build(q, fibMatch: false));
    }

    [Fact]
    public void Answer_of_a_local_ipv4_lookup_with_its_cache_flags_uid_and_mark()
    {
        var rtmsg = Rtmsg(K.AF_INET, dstLen: 32, table: K.RT_TABLE_LOCAL, protocol: 0, type: K.RTN_LOCAL,
            flags: K.RTM_F_CLONED | K.RTCF_LOCAL, scope: K.RT_SCOPE_HOST);
        var attrs = new Bytes()
            .AttrU32(K.RTA_TABLE, K.RT_TABLE_LOCAL).AttrIp(K.RTA_DST, "10.7.0.1").AttrU32(K.RTA_OIF, 1)
            .AttrIp(K.RTA_PREFSRC, "10.7.0.1").AttrU32(K.RTA_MARK, 0x20).AttrU32(K.RTA_UID, 0)
            .Attr(K.RTA_CACHEINFO, new Bytes().U32(0).U32(0).U32(0).U32(0).U32(0).U32(0).U32(0).U32(0));
        var payload = rtmsg.Raw(attrs.ToArray()).ToArray();

        var a = RouteAnswerDecoder.Decode(payload);

        Assert.Equal((RouteType.Local, 255u, 1, 0x20u, 0u), (a.Route.Type, a.Route.Table, a.Route.Oif, a.Mark, a.Uid!.Value));
        Assert.Equal("local 10.7.0.1 dev lo table local src 10.7.0.1 mark 0x20 uid 0\n    cache <local>", LookupText.Answer(a, Decode.Names));
        var result = new LookupResult(new LookupRequest { Dst = IpAddr.Parse("10.7.0.1") }, a, null, null, null, null,
            ExplanationSource.Kernel, [], null);
        var dto = LookupDto.From(result, Decode.Names);
        Assert.Equal(("local", "10.7.0.1", "lo", 255u, "local"), (dto.Type, dto.Dst, dto.Dev, dto.Table!.Value, dto.TableName));
        Assert.Equal(["local"], dto.Cache!);
        Assert.Empty(dto.Flags); // RTM_F_CLONED is not a route flag ip prints
        Assert.True(dto.Routed);
        Assert.Null(dto.Refusal);
    }

    [Fact]
    public void Answer_of_an_ipv6_lookup_keeps_from_metric_and_preference()
    {
        var rtmsg = Rtmsg(K.AF_INET6, dstLen: 128, srcLen: 128, table: K.RT_TABLE_MAIN, protocol: 0, flags: K.RTM_F_CLONED);
        var attrs = new Bytes()
            .AttrU32(K.RTA_TABLE, 1001).AttrIp(K.RTA_DST, "2001:db8:99::1").AttrIp(K.RTA_SRC, "::")
            .AttrIp(K.RTA_GATEWAY, "2001:db8:1::1").AttrU32(K.RTA_OIF, 3).AttrIp(K.RTA_PREFSRC, "2001:db8:1::11")
            .AttrU32(K.RTA_PRIORITY, 1024).AttrU8(K.RTA_PREF, K.ICMPV6_ROUTER_PREF_MEDIUM);

        var a = RouteAnswerDecoder.Decode(rtmsg.Raw(attrs.ToArray()).ToArray());

        Assert.Equal("2001:db8:99::1 from :: via 2001:db8:1::1 dev net1 table 1001 src 2001:db8:1::11 metric 1024 pref medium",
            LookupText.Answer(a, Decode.Names));
        var dto = LookupDto.From(new LookupResult(new LookupRequest { Dst = IpAddr.Parse("2001:db8:99::1") }, a, null, null, null, null,
            ExplanationSource.Kernel, [], null), Decode.Names);
        Assert.Equal(("::", "2001:db8:1::1", "net1", 1024u, "medium"), (dto.FromAddress, dto.Gateway, dto.Dev, dto.Metric!.Value, dto.Pref));
        Assert.Null(dto.Cache); // IPv6 answers have no route cache flags
    }
}
