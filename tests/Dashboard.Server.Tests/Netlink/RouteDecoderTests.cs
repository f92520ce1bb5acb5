using Dashboard.Server.Contracts;
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
        Assert.Equal(RouteType.Unicast, r.Type);
        Assert.Equal(IpPrefix.Parse("10.1.0.0/16"), r.Dst);
        Assert.True(r.Src.IsNone);
        Assert.Equal(RouteProtocol.Static, r.Protocol);
        Assert.Equal(RouteScope.Universe, r.Scope);
        Assert.Equal(100u, r.Metric);
        Assert.Equal(IpAddr.Parse("192.168.1.10"), r.PrefSrc);
        Assert.Equal(IpAddr.Parse("192.168.1.1"), r.Gateway);
        Assert.Equal(2, r.Oif);
        Assert.Equal(0u, r.Flags);
        Assert.Empty(r.Nexthops);
        Assert.Null(r.NexthopId);
        Assert.Null(r.Pref);
        // The same route as `ip route show` prints it, names taken from the namespace's links.
        Assert.Equal("10.1.0.0/16 via 192.168.1.1 dev eth0 proto static src 192.168.1.10 metric 100", RouteText.Show(r, Decode.Names));
    }

    [Fact]
    public void Default_route_without_RTA_DST_is_all_zeros_per_family()
    {
        var v4 = Decode.Route(NewRoute(Rtmsg(K.AF_INET), new Bytes().AttrIp(K.RTA_GATEWAY, "10.0.0.1").AttrU32(K.RTA_OIF, 2)));
        var v6 = Decode.Route(NewRoute(Rtmsg(K.AF_INET6), new Bytes().AttrIp(K.RTA_GATEWAY, "fe80::1").AttrU32(K.RTA_OIF, 2)));
        Assert.Equal(IpPrefix.Default(IpFamily.Inet), v4.Dst);
        Assert.Equal(IpPrefix.Default(IpFamily.Inet6), v6.Dst);
        Assert.Equal(IpAddr.Parse("fe80::1"), v6.Gateway);
        // The JSON contract spells the destination out with its length; `ip route` says "default".
        Assert.Equal(("0.0.0.0/0", "::/0"), (RouteDto.From(v4, Decode.Names).Dst, RouteDto.From(v6, Decode.Names).Dst));
        Assert.StartsWith("default via fe80::1 dev eth0", RouteText.Show(v6, Decode.Names));
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
        Assert.True(r.Gateway.IsNone);
        Assert.Equal(0, r.Oif);
        Assert.Equal(2, r.Nexthops.Count);
        var (a, b) = (r.Nexthops[0], r.Nexthops[1]);
        Assert.Equal((IpAddr.Parse("192.168.1.1"), 2, 1, 0u), (a.Gateway, a.Oif, a.Weight, a.Flags));
        Assert.Equal((IpAddr.Parse("192.168.2.1"), 3, 3), (b.Gateway, b.Oif, b.Weight));
        Assert.Equal((uint)(K.RTNH_F_ONLINK | K.RTNH_F_LINKDOWN), b.Flags);
        Assert.Equal(["onlink", "linkdown"], RouteNames.Flags(b.Flags));
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
        Assert.True(r.IsDefault);
        Assert.Equal(RouteProtocol.Ra, r.Protocol);
        Assert.Equal(1024u, r.Metric);
        Assert.Equal(RoutePref.Medium, r.Pref);
        Assert.Equal([IpAddr.Parse("fe80::1"), IpAddr.Parse("2001:db8:1::1")], r.Nexthops.Select(n => n.Gateway));
        Assert.Equal([2, 3], r.Nexthops.Select(n => n.Oif));
        Assert.Equal([1, 5], r.Nexthops.Select(n => n.Weight));
        Assert.Equal("default proto ra metric 1024 pref medium\n\tnexthop via fe80::1 dev eth0 weight 1\n\tnexthop via 2001:db8:1::1 dev net1 weight 5",
            RouteText.Show(r, Decode.Names));
    }

    [Fact]
    public void Rta_via_gives_a_gateway_of_the_other_family()
    {
        var attrs = new Bytes()
            .AttrIp(K.RTA_DST, "10.9.0.0")
            .Attr(K.RTA_VIA, Via(K.AF_INET6, "fe80::5"))
            .AttrU32(K.RTA_OIF, 2);

        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 24), attrs));

        // The gateway keeps its own family: that is all RTA_VIA adds.
        Assert.Equal(IpAddr.Parse("fe80::5"), r.Gateway);
        Assert.Equal(IpFamily.Inet6, r.Gateway.Family);
        Assert.Equal(2, r.Oif);
        Assert.Equal("10.9.0.0/24 via inet6 fe80::5 dev eth0", RouteText.Show(r, Decode.Names));
    }

    [Fact]
    public void Rta_via_inside_a_multipath_entry()
    {
        var mp = new Bytes()
            .Raw(Rtnexthop(2, attrs: new Bytes().Attr(K.RTA_VIA, Via(K.AF_INET6, "fe80::1"))).ToArray())
            .Raw(Rtnexthop(3, hops: 1, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "10.3.0.1")).ToArray());

        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 8), new Bytes().AttrIp(K.RTA_DST, "10.0.0.0").Attr(K.RTA_MULTIPATH, mp)));

        Assert.Equal((IpAddr.Parse("fe80::1"), IpFamily.Inet6, 1), (r.Nexthops[0].Gateway, r.Nexthops[0].Gateway.Family, r.Nexthops[0].Weight));
        Assert.Equal((IpAddr.Parse("10.3.0.1"), IpFamily.Inet, 2), (r.Nexthops[1].Gateway, r.Nexthops[1].Gateway.Family, r.Nexthops[1].Weight));
    }

    [Fact]
    public void Rta_table_wins_over_rtm_table_for_tables_above_255()
    {
        // The kernel puts RT_TABLE_COMPAT (252) into rtm_table when the id does not fit a byte.
        var vrf = Decode.Route(NewRoute(Rtmsg(K.AF_INET6, dstLen: 64, table: 252),
            new Bytes().AttrU32(K.RTA_TABLE, 1001).AttrIp(K.RTA_DST, "2001:db8:5::").AttrU32(K.RTA_OIF, 3)));
        var other = Decode.Route(NewRoute(Rtmsg(K.AF_INET, table: 252), new Bytes().AttrU32(K.RTA_TABLE, 70000)));

        Assert.Equal(1001u, vrf.Table);
        Assert.Equal(IpPrefix.Parse("2001:db8:5::/64"), vrf.Dst);
        Assert.Equal(70000u, other.Table);
        // Printed as `ip route` does (rt_tables name, else the number); the VRF owning it is for operators' text.
        Assert.Equal("2001:db8:5::/64 dev net1 table 1001", RouteText.Show(vrf, Decode.Names));
        Assert.Equal("1001 (vrf1001)", Decode.Names.DescribeTable(vrf.Table));
    }

    [Fact]
    public void Rtm_table_is_used_when_there_is_no_rta_table()
    {
        var r = Decode.Route(NewRoute(
            Rtmsg(K.AF_INET, dstLen: 32, table: K.RT_TABLE_LOCAL, protocol: K.RTPROT_KERNEL, scope: K.RT_SCOPE_HOST, type: K.RTN_LOCAL),
            new Bytes().AttrIp(K.RTA_DST, "127.0.0.1").AttrIp(K.RTA_PREFSRC, "127.0.0.1").AttrU32(K.RTA_OIF, 1)));

        Assert.Equal((255u, RouteType.Local, RouteProtocol.Kernel, RouteScope.Host), (r.Table, r.Type, r.Protocol, r.Scope));
        Assert.Equal(IpPrefix.Host(IpAddr.Parse("127.0.0.1")), r.Dst);
        Assert.Equal(1, r.Oif);
        Assert.Equal("local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1", RouteText.Show(r, Decode.Names));
    }

    [Fact]
    public void Route_using_a_nexthop_object_has_its_id()
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 24),
            new Bytes().AttrU32(K.RTA_TABLE, 254).AttrIp(K.RTA_DST, "10.30.0.0").AttrU32(K.RTA_NH_ID, 42)));

        Assert.Equal(42u, r.NexthopId);
        Assert.True(r.Gateway.IsNone);
        Assert.Equal(0, r.Oif);
        Assert.Empty(r.Nexthops);
    }

    [Theory]
    [InlineData(K.ICMPV6_ROUTER_PREF_LOW, RoutePref.Low, "low")]
    [InlineData(K.ICMPV6_ROUTER_PREF_MEDIUM, RoutePref.Medium, "medium")]
    [InlineData(K.ICMPV6_ROUTER_PREF_HIGH, RoutePref.High, "high")]
    public void Ipv6_router_preference(byte pref, RoutePref expected, string name)
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET6, protocol: K.RTPROT_RA),
            new Bytes().AttrIp(K.RTA_GATEWAY, "fe80::1").AttrU32(K.RTA_OIF, 2).AttrU8(K.RTA_PREF, pref)));
        Assert.Equal(expected, r.Pref);
        Assert.Equal(name, RouteNames.Pref(r.Pref!.Value));
    }

    [Fact]
    public void Route_flags_onlink_linkdown_dead_in_iproute2_order()
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET, flags: K.RTNH_F_LINKDOWN | K.RTNH_F_ONLINK | K.RTNH_F_DEAD),
            new Bytes().AttrIp(K.RTA_GATEWAY, "10.0.0.1").AttrU32(K.RTA_OIF, 2)));

        Assert.Equal((uint)(K.RTNH_F_LINKDOWN | K.RTNH_F_ONLINK | K.RTNH_F_DEAD), r.Flags);
        Assert.Equal(["dead", "onlink", "linkdown"], RouteNames.Flags(r.Flags));
        // The single path carries the per-path bits too, so path-level code sees them either way.
        Assert.Equal(r.Flags, r.Paths.Single().Flags);
    }

    [Fact]
    public void Blackhole_and_unreachable_have_no_device()
    {
        var bh = Decode.Route(NewRoute(Rtmsg(K.AF_INET, dstLen: 24, type: K.RTN_BLACKHOLE), new Bytes().AttrIp(K.RTA_DST, "10.66.0.0")));
        var un = Decode.Route(NewRoute(Rtmsg(K.AF_INET6, dstLen: 48, type: K.RTN_UNREACHABLE), new Bytes().AttrIp(K.RTA_DST, "2001:db8:66::")));

        Assert.Equal((RouteType.Blackhole, IpPrefix.Parse("10.66.0.0/24"), 0), (bh.Type, bh.Dst, bh.Oif));
        Assert.Equal((RouteType.Unreachable, IpPrefix.Parse("2001:db8:66::/48"), 0), (un.Type, un.Dst, un.Oif));
        Assert.Equal("blackhole 10.66.0.0/24", RouteText.Show(bh, Decode.Names));
    }

    [Fact]
    public void Source_routes_and_tos_are_kept()
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET6, dstLen: 64, srcLen: 56, tos: 0x10),
            new Bytes().AttrIp(K.RTA_DST, "2001:db8:9::").AttrIp(K.RTA_SRC, "2001:db8:aa::").AttrU32(K.RTA_OIF, 2)));

        Assert.Equal(IpPrefix.Parse("2001:db8:aa::/56"), r.Src);
        Assert.Equal(0x10, r.Tos);
    }

    [Fact]
    public void Unknown_device_index_prints_like_iproute2()
    {
        var r = Decode.Route(NewRoute(Rtmsg(K.AF_INET), new Bytes().AttrU32(K.RTA_OIF, 77)));
        Assert.Equal(77, r.Oif);
        Assert.Equal("default dev if77", RouteText.Show(r, Decode.Names));
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
        var dsts = new List<IpPrefix>();
        ushort last = 0;
        while (reader.Next(out var h, out var p))
        {
            last = h.Type;
            if (h.Type == K.RTM_NEWROUTE) dsts.Add(Dashboard.Server.Netlink.Codec.RouteDecoder.Decode(p).Dst);
        }
        Assert.Equal([IpPrefix.Parse("10.0.0.0/8"), IpPrefix.Parse("11.0.0.0/8")], dsts);
        Assert.Equal(K.NLMSG_DONE, last);
    }
}
