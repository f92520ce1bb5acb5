using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Routing;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Netlink;

public class RouteEncoderTests
{
    private const uint Seq = 77;

    private static byte[] Encode(RouteChange change, Route route) => RouteEncoder.Encode(change, route).Build(Seq);

    private static byte[] Expected(ushort type, ushort flags, Bytes rtmsg, Bytes attrs) =>
        Bytes.Message(type, flags, rtmsg.Raw(attrs.ToArray()).ToArray(), seq: Seq, pid: 0);

    private static IpAddr Ip(string text) => IpAddr.Parse(text);

    private static readonly Route V4Single = new()
    {
        Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("10.1.0.0/16"), Protocol = RouteProtocol.Static,
        Metric = 100, Gateway = Ip("192.168.1.1"), Oif = 2,
    };

    private static readonly Route V6Multipath = new()
    {
        Family = IpFamily.Inet6, Table = 254, Dst = IpPrefix.Default(IpFamily.Inet6), Protocol = RouteProtocol.Ra, Metric = 1024,
        Pref = RoutePref.Medium,
        Nexthops =
        [
            new Nexthop(Ip("fe80::1"), 2, 1),
            new Nexthop(Ip("2001:db8:1::1"), 3, 3, RouteFlags.Onlink),
        ],
    };

    [Fact]
    public void Add_single_path_ipv4()
    {
        var expected = Expected(K.RTM_NEWROUTE, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE | K.NLM_F_EXCL,
            Rtmsg(K.AF_INET, dstLen: 16, table: 254, protocol: K.RTPROT_STATIC),
            new Bytes().AttrU32(K.RTA_TABLE, 254).AttrIp(K.RTA_DST, "10.1.0.0").AttrU32(K.RTA_PRIORITY, 100)
                .AttrIp(K.RTA_GATEWAY, "192.168.1.1").AttrU32(K.RTA_OIF, 2));

        Assert.Equal(expected, Encode(RouteChange.Add, V4Single));
    }

    [Fact]
    public void Replace_into_a_table_above_255_uses_rtm_table_zero_and_rta_table()
    {
        var route = V4Single with { Table = 1001, Oif = 3 };
        var expected = Expected(K.RTM_NEWROUTE, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE | K.NLM_F_REPLACE,
            Rtmsg(K.AF_INET, dstLen: 16, table: 0, protocol: K.RTPROT_STATIC),
            new Bytes().AttrU32(K.RTA_TABLE, 1001).AttrIp(K.RTA_DST, "10.1.0.0").AttrU32(K.RTA_PRIORITY, 100)
                .AttrIp(K.RTA_GATEWAY, "192.168.1.1").AttrU32(K.RTA_OIF, 3));

        Assert.Equal(expected, Encode(RouteChange.Replace, route));
    }

    [Fact]
    public void Append_ipv6_multipath_with_weights_as_rtnh_hops()
    {
        var mp = new Bytes()
            .Raw(Rtnexthop(2, hops: 0, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "fe80::1")).ToArray())
            .Raw(Rtnexthop(3, hops: 2, flags: K.RTNH_F_ONLINK, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "2001:db8:1::1")).ToArray());
        var expected = Expected(K.RTM_NEWROUTE, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE | K.NLM_F_APPEND,
            Rtmsg(K.AF_INET6, table: 254, protocol: K.RTPROT_RA),
            new Bytes().AttrU32(K.RTA_TABLE, 254).AttrU32(K.RTA_PRIORITY, 1024).AttrU8(K.RTA_PREF, K.ICMPV6_ROUTER_PREF_MEDIUM)
                .Attr(K.RTA_MULTIPATH, mp));

        Assert.Equal(expected, Encode(RouteChange.Append, V6Multipath));
    }

    [Fact]
    public void Delete_sends_scope_nowhere_and_no_create_flags()
    {
        var route = V4Single with { Scope = RouteScope.Link };
        var expected = Expected(K.RTM_DELROUTE, K.NLM_F_REQUEST | K.NLM_F_ACK,
            Rtmsg(K.AF_INET, dstLen: 16, table: 254, protocol: K.RTPROT_STATIC, scope: K.RT_SCOPE_NOWHERE),
            new Bytes().AttrU32(K.RTA_TABLE, 254).AttrIp(K.RTA_DST, "10.1.0.0").AttrU32(K.RTA_PRIORITY, 100)
                .AttrIp(K.RTA_GATEWAY, "192.168.1.1").AttrU32(K.RTA_OIF, 2));

        Assert.Equal(expected, Encode(RouteChange.Delete, route));
    }

    [Fact]
    public void Cross_family_gateway_is_sent_as_rta_via()
    {
        var route = new Route
        {
            Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("10.9.0.0/24"), Gateway = Ip("fe80::5"), Oif = 2,
            Flags = RouteFlags.Onlink,
        };
        var expected = Expected(K.RTM_NEWROUTE, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE | K.NLM_F_EXCL,
            Rtmsg(K.AF_INET, dstLen: 24, table: 254, protocol: K.RTPROT_BOOT, flags: K.RTNH_F_ONLINK),
            new Bytes().AttrU32(K.RTA_TABLE, 254).AttrIp(K.RTA_DST, "10.9.0.0").Attr(K.RTA_VIA, Via(K.AF_INET6, "fe80::5"))
                .AttrU32(K.RTA_OIF, 2));

        Assert.Equal(expected, Encode(RouteChange.Add, route));
    }

    [Fact]
    public void State_flags_are_not_sent_only_onlink_is()
    {
        // linkdown and dead are what the kernel reports about a path, not settings a request may carry.
        var route = V4Single with { Flags = RouteFlags.Onlink | RouteFlags.Linkdown | RouteFlags.Dead };
        var expected = Expected(K.RTM_NEWROUTE, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE | K.NLM_F_REPLACE,
            Rtmsg(K.AF_INET, dstLen: 16, table: 254, protocol: K.RTPROT_STATIC, flags: K.RTNH_F_ONLINK),
            new Bytes().AttrU32(K.RTA_TABLE, 254).AttrIp(K.RTA_DST, "10.1.0.0").AttrU32(K.RTA_PRIORITY, 100)
                .AttrIp(K.RTA_GATEWAY, "192.168.1.1").AttrU32(K.RTA_OIF, 2));

        Assert.Equal(expected, Encode(RouteChange.Replace, route));
    }

    [Fact]
    public void Route_with_a_nexthop_object_sends_only_rta_nh_id()
    {
        // The expanded path (as a dump shows it) must not go out with the id: the kernel refuses both.
        var route = new Route
        {
            Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("10.30.0.0/24"), NexthopId = 42, Gateway = Ip("10.0.0.1"), Oif = 2,
        };
        var expected = Expected(K.RTM_NEWROUTE, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE | K.NLM_F_EXCL,
            Rtmsg(K.AF_INET, dstLen: 24, table: 254),
            new Bytes().AttrU32(K.RTA_TABLE, 254).AttrIp(K.RTA_DST, "10.30.0.0").AttrU32(K.RTA_NH_ID, 42));

        Assert.Equal(expected, Encode(RouteChange.Add, route));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void Weight_outside_1_to_256_is_refused(int weight)
    {
        var route = V6Multipath with { Nexthops = [new Nexthop(Ip("fe80::1"), 2, weight), new Nexthop(Ip("fe80::2"), 3)] };
        var e = Assert.Throws<ArgumentException>(() => Encode(RouteChange.Replace, route));
        Assert.Equal($"nexthop weight {weight} is outside 1..256", e.Message);
    }

    [Fact]
    public void A_multipath_nexthop_without_a_device_is_refused()
    {
        var route = V6Multipath with { Nexthops = [new Nexthop(Ip("fe80::1"), 2), new Nexthop(Ip("fe80::2"), 0)] };
        Assert.Equal("a nexthop needs a device", Assert.Throws<ArgumentException>(() => Encode(RouteChange.Add, route)).Message);
    }

    public static TheoryData<string> RoundTripRoutes => ["v4-single", "v6-multipath", "v4-via-v6", "v4-table-5000", "v6-multipath-via"];

    private static Route Sample(string name) => name switch
    {
        "v4-single" => V4Single,
        "v6-multipath" => V6Multipath,
        "v4-via-v6" => new Route
        {
            Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("10.9.0.0/24"), Gateway = Ip("fe80::5"), Oif = 2,
            Flags = RouteFlags.Onlink,
        },
        "v4-table-5000" => new Route
        {
            Family = IpFamily.Inet, Table = 5000, Dst = IpPrefix.Parse("192.0.2.7/32"), Tos = 0x10, PrefSrc = Ip("192.0.2.1"),
            Scope = RouteScope.Link, Protocol = RouteProtocol.Kernel, Oif = 3,
        },
        "v6-multipath-via" => new Route
        {
            Family = IpFamily.Inet6, Table = 1001, Dst = IpPrefix.Parse("2001:db8:5::/64"), Src = IpPrefix.Parse("2001:db8:aa::/56"),
            Metric = 5, Pref = RoutePref.High, Protocol = (RouteProtocol)186,
            Nexthops =
            [
                new Nexthop(Ip("2001:db8:5::1"), 2, 256),
                new Nexthop(Ip("10.0.0.1"), 3, 2),
            ],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>
    /// Every field of the route, paths by value: <see cref="Route"/>'s own equality compares its path
    /// list by reference, which two decodes never share.
    /// </summary>
    private static void AssertSameFields(Route expected, Route actual)
    {
        Assert.Equal(expected.Nexthops, actual.Nexthops);
        Assert.Equal(expected with { Nexthops = NoPaths }, actual with { Nexthops = NoPaths });
    }

    private static readonly Nexthop[] NoPaths = [];

    [Theory]
    [MemberData(nameof(RoundTripRoutes))]
    public void Decoding_the_encoded_request_gives_the_route_back(string name)
    {
        var route = Sample(name);
        foreach (var change in new[] { RouteChange.Add, RouteChange.Replace, RouteChange.Append })
        {
            var (header, decoded) = Decode.Request(Encode(change, route));
            Assert.Equal(K.RTM_NEWROUTE, header.Type);
            Assert.Equal(Seq, header.Seq);
            AssertSameFields(route, decoded);
        }

        var (delHeader, deleted) = Decode.Request(Encode(RouteChange.Delete, route));
        Assert.Equal(K.RTM_DELROUTE, delHeader.Type);
        AssertSameFields(route with { Scope = RouteScope.Nowhere }, deleted);
    }
}
