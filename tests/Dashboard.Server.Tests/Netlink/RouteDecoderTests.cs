using Dashboard.Server.Routing;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Netlink;

public class RouteDecoderTests
{
    private static byte[] NewRoute(Bytes rtmsg, Bytes attrs) =>
        Bytes.Message(K.RTM_NEWROUTE, K.NLM_F_MULTI, rtmsg.Raw(attrs.ToArray()).ToArray());

    [Fact]
    public void Ipv4_single_path_with_gateway_device_metric_and_prefsrc()
    {
        var attrs = new Bytes()
            .AttrU32(K.RTA_TABLE, K.RT_TABLE_MAIN)
            .AttrIp(K.RTA_DST, "10.1.0.0")
            .AttrU32(K.RTA_PRIORITY, 100)
            .AttrIp(K.RTA_PREFSRC, "192.168.1.10")
            .AttrIp(K.RTA_GATEWAY, "192.168.1.1")
            .AttrU32(K.RTA_OIF, 2)
            .Attr(K.RTA_CACHEINFO, new byte[32]); // an attribute the decoder does not use is skipped

        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 16, protocol: K.RTPROT_STATIC), attrs));

        Assert.Equal(IpFamily.Inet, r.Family);
        Assert.Equal(254u, r.Table);
        Assert.Equal("main", r.TableName);
        Assert.Equal("unicast", r.Type);
        Assert.Equal("10.1.0.0/16", r.Dst);
        Assert.Null(r.Src);
        Assert.Equal("static", r.Protocol);
        Assert.Equal("global", r.Scope);
        Assert.Equal(100u, r.Metric);
        Assert.Equal("192.168.1.10", r.PrefSrc);
        Assert.Equal("192.168.1.1", r.Gateway);
        Assert.Null(r.ViaFamily);
        Assert.Equal(2, r.LinkIndex);
        Assert.Equal("eth0", r.Dev);
        Assert.Empty(r.Flags);
        Assert.Empty(r.Nexthops);
        Assert.Null(r.NexthopId);
        Assert.Null(r.Pref);
    }

    [Fact]
    public void Default_route_without_RTA_DST_is_all_zeros_per_family()
    {
        var v4 = Decode.Route(NewRoute(Rtmsg(K.AF_INET), new Bytes().AttrIp(K.RTA_GATEWAY, "10.0.0.1").AttrU32(K.RTA_OIF, 2)));
        var v6 = Decode.Route(NewRoute(Rtmsg(K.AF_INET6), new Bytes().AttrIp(K.RTA_GATEWAY, "fe80::1").AttrU32(K.RTA_OIF, 2)));
        Assert.Equal("0.0.0.0/0", v4.Dst);
        Assert.Equal("::/0", v6.Dst);
        Assert.Equal("fe80::1", v6.Gateway);
    }

    [Fact]
    public void Ipv4_multipath_gives_weights_from_rtnh_hops_and_per_path_flags()
    {
        var mp = new Bytes()
            .Raw(Rtnexthop(2, hops: 0, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "192.168.1.1")).ToArray())
            .Raw(Rtnexthop(3, hops: 2, flags: K.RTNH_F_ONLINK | K.RTNH_F_LINKDOWN,
                attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "192.168.2.1")).ToArray());
        var attrs = new Bytes().AttrU32(K.RTA_TABLE, K.RT_TABLE_MAIN).AttrIp(K.RTA_DST, "10.20.0.0").Attr(K.RTA_MULTIPATH, mp);

        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 24), attrs));

        Assert.True(r.IsMultipath);
        Assert.Null(r.Gateway);
        Assert.Null(r.Dev);
        Assert.Equal(2, r.Nexthops.Count);
        var (a, b) = (r.Nexthops[0], r.Nexthops[1]);
        Assert.Equal(("192.168.1.1", 2, "eth0", 1), (a.Gateway, a.LinkIndex, a.Dev, a.Weight));
        Assert.Empty(a.Flags);
        Assert.Equal(("192.168.2.1", 3, "net1", 3), (b.Gateway, b.LinkIndex, b.Dev, b.Weight));
        Assert.Equal(["onlink", "linkdown"], b.Flags);
    }

    [Fact]
    public void Ipv6_ecmp_default_with_one_path_into_a_vrf_member()
    {
        // The CNI vrf plugin's leftover: ::/0 in main via eth0 and via net1 (enslaved to vrf1001).
        var mp = new Bytes()
            .Raw(Rtnexthop(2, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "fe80::1")).ToArray())
            .Raw(Rtnexthop(3, hops: 4, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "2001:db8:1::1")).ToArray());
        var attrs = new Bytes()
            .AttrU32(K.RTA_TABLE, K.RT_TABLE_MAIN)
            .AttrU32(K.RTA_PRIORITY, 1024)
            .AttrU8(K.RTA_PREF, K.ICMPV6_ROUTER_PREF_MEDIUM)
            .Attr(K.RTA_MULTIPATH, mp);

        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET6, protocol: K.RTPROT_RA), attrs));

        Assert.Equal(IpFamily.Inet6, r.Family);
        Assert.Equal("::/0", r.Dst);
        Assert.Equal("ra", r.Protocol);
        Assert.Equal(1024u, r.Metric);
        Assert.Equal("medium", r.Pref);
        Assert.Equal(["fe80::1", "2001:db8:1::1"], r.Nexthops.Select(n => n.Gateway));
        Assert.Equal(["eth0", "net1"], r.Nexthops.Select(n => n.Dev));
        Assert.Equal([1, 5], r.Nexthops.Select(n => n.Weight));
    }

    [Fact]
    public void Rta_via_gives_a_gateway_of_the_other_family()
    {
        var attrs = new Bytes()
            .AttrIp(K.RTA_DST, "10.9.0.0")
            .Attr(K.RTA_VIA, Via(K.AF_INET6, "fe80::5"))
            .AttrU32(K.RTA_OIF, 2);

        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 24), attrs));

        Assert.Equal("fe80::5", r.Gateway);
        Assert.Equal(IpFamily.Inet6, r.ViaFamily);
        Assert.Equal("eth0", r.Dev);
    }

    [Fact]
    public void Rta_via_inside_a_multipath_entry()
    {
        var mp = new Bytes()
            .Raw(Rtnexthop(2, attrs: new Bytes().Attr(K.RTA_VIA, Via(K.AF_INET6, "fe80::1"))).ToArray())
            .Raw(Rtnexthop(3, hops: 1, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "10.3.0.1")).ToArray());

        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 8), new Bytes().AttrIp(K.RTA_DST, "10.0.0.0").Attr(K.RTA_MULTIPATH, mp)));

        Assert.Equal(("fe80::1", (IpFamily?)IpFamily.Inet6, 1), (r.Nexthops[0].Gateway, r.Nexthops[0].GatewayFamily, r.Nexthops[0].Weight));
        Assert.Equal(("10.3.0.1", (IpFamily?)null, 2), (r.Nexthops[1].Gateway, r.Nexthops[1].GatewayFamily, r.Nexthops[1].Weight));
    }

    [Fact]
    public void Rta_table_wins_over_rtm_table_for_tables_above_255()
    {
        // The kernel puts RT_TABLE_COMPAT (252) into rtm_table when the id does not fit a byte.
        var vrf = Decode.Route(NewRoute(Rtmsg(K.AF_INET6, dstLen: 64, table: 252),
            new Bytes().AttrU32(K.RTA_TABLE, 1001).AttrIp(K.RTA_DST, "2001:db8:5::").AttrU32(K.RTA_OIF, 3)));
        var other = Decode.Route(NewRoute(Rtmsg(K.AF_INET, table: 252), new Bytes().AttrU32(K.RTA_TABLE, 70000)));

        Assert.Equal(1001u, vrf.Table);
        Assert.Equal("vrf1001", vrf.TableName); // named after the VRF device whose table it is
        Assert.Equal("2001:db8:5::/64", vrf.Dst);
        Assert.Equal(70000u, other.Table);
        Assert.Equal("70000", other.TableName);
    }

    [Fact]
    public void Rtm_table_is_used_when_there_is_no_rta_table()
    {
        var r = Decode.Route(NewRoute(
            Rtmsg(K.AF_INET, dstLen: 32, table: K.RT_TABLE_LOCAL, protocol: K.RTPROT_KERNEL, scope: K.RT_SCOPE_HOST, type: K.RTN_LOCAL),
            new Bytes().AttrIp(K.RTA_DST, "127.0.0.1").AttrIp(K.RTA_PREFSRC, "127.0.0.1").AttrU32(K.RTA_OIF, 1)));

        Assert.Equal((255u, "local", "local", "kernel", "host"), (r.Table, r.TableName, r.Type, r.Protocol, r.Scope));
        Assert.Equal("127.0.0.1/32", r.Dst);
        Assert.Equal("lo", r.Dev);
    }

    [Fact]
    public void Route_using_a_nexthop_object_has_its_id()
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 24),
            new Bytes().AttrU32(K.RTA_TABLE, 254).AttrIp(K.RTA_DST, "10.30.0.0").AttrU32(K.RTA_NH_ID, 42)));

        Assert.Equal(42u, r.NexthopId);
        Assert.Null(r.Gateway);
        Assert.Empty(r.Nexthops);
    }

    [Theory]
    [InlineData(K.ICMPV6_ROUTER_PREF_LOW, "low")]
    [InlineData(K.ICMPV6_ROUTER_PREF_MEDIUM, "medium")]
    [InlineData(K.ICMPV6_ROUTER_PREF_HIGH, "high")]
    public void Ipv6_router_preference(byte pref, string name)
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET6, protocol: K.RTPROT_RA),
            new Bytes().AttrIp(K.RTA_GATEWAY, "fe80::1").AttrU32(K.RTA_OIF, 2).AttrU8(K.RTA_PREF, pref)));
        Assert.Equal(name, r.Pref);
    }

    [Fact]
    public void Route_flags_onlink_linkdown_dead_in_iproute2_order()
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, flags: K.RTNH_F_LINKDOWN | K.RTNH_F_ONLINK | K.RTNH_F_DEAD),
            new Bytes().AttrIp(K.RTA_GATEWAY, "10.0.0.1").AttrU32(K.RTA_OIF, 2)));

        Assert.Equal(["dead", "onlink", "linkdown"], r.Flags);
        Assert.Equal(["dead", "onlink", "linkdown"], r.Paths.Single().Flags);
    }

    [Fact]
    public void Blackhole_and_unreachable_have_no_device()
    {
        var bh = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 24, type: K.RTN_BLACKHOLE), new Bytes().AttrIp(K.RTA_DST, "10.66.0.0")));
        var un = Decode.Route(NewRoute(Rtmsg(K.AF_INET6, dstLen: 48, type: K.RTN_UNREACHABLE), new Bytes().AttrIp(K.RTA_DST, "2001:db8:66::")));

        Assert.Equal(("blackhole", "10.66.0.0/24", (string?)null), (bh.Type, bh.Dst, bh.Dev));
        Assert.Equal(("unreachable", "2001:db8:66::/48", (string?)null), (un.Type, un.Dst, un.Dev));
    }

    [Fact]
    public void Source_routes_and_tos_are_kept()
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET6, dstLen: 64, srcLen: 56, tos: 0x10),
            new Bytes().AttrIp(K.RTA_DST, "2001:db8:9::").AttrIp(K.RTA_SRC, "2001:db8:aa::").AttrU32(K.RTA_OIF, 2)));

        Assert.Equal("2001:db8:aa::/56", r.Src);
        Assert.Equal(0x10, r.Tos);
    }

    [Fact]
    public void Unknown_device_index_prints_like_iproute2()
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET), new Bytes().AttrU32(K.RTA_OIF, 77)));
        Assert.Equal((77, "if77"), (r.LinkIndex, r.Dev));
    }

    [Fact]
    public void Nested_and_byte_order_flag_bits_of_an_attribute_type_are_ignored()
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, table: 252), new Bytes().AttrU32(K.NLA_F_NESTED | K.RTA_TABLE, 300)));
        Assert.Equal(300u, r.Table);
    }

    [Fact]
    public void Several_messages_in_one_datagram_are_read_in_order()
    {
        var one = NewRoute(Rtmsg(K.AF_INET, dstLen: 8), new Bytes().AttrIp(K.RTA_DST, "10.0.0.0"));
        var two = NewRoute(Rtmsg(K.AF_INET, dstLen: 8), new Bytes().AttrIp(K.RTA_DST, "11.0.0.0"));
        var done = Bytes.Message(K.NLMSG_DONE, K.NLM_F_MULTI, new Bytes().I32(0).ToArray());
        var buffer = Bytes.Concat(one, two, done);

        var reader = new Dashboard.Server.Netlink.Codec.MessageReader(buffer);
        var dsts = new List<string>();
        ushort last = 0;
        while (reader.Next(out var h, out var p))
        {
            last = h.Type;
            if (h.Type == K.RTM_NEWROUTE) dsts.Add(Dashboard.Server.Netlink.Codec.RouteDecoder.Decode(p, Decode.Context()).Dst);
        }
        Assert.Equal(["10.0.0.0/8", "11.0.0.0/8"], dsts);
        Assert.Equal(K.NLMSG_DONE, last);
    }
}
