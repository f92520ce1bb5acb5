using Dashboard.Server.Netlink;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Netlink;

/// <summary>Every malformed buffer must end in a NetlinkParseException that says what is wrong.</summary>
public class MalformedInputTests
{
    private static void Fails(byte[] buffer, string expected)
    {
        var e = Assert.Throws<NetlinkParseException>(() => Decode.All(buffer));
        Assert.Equal(expected, e.Message);
    }

    private static byte[] Route(Bytes attrs, byte family = K.AF_INET) =>
        Bytes.Message(K.RTM_NEWROUTE, 0, Rtmsg(family).Raw(attrs.ToArray()).ToArray());

    private static byte[] Multipath(Bytes entries) => Route(new Bytes().Attr(K.RTA_MULTIPATH, entries));

    private static readonly byte[] ValidRoute = Route(new Bytes().AttrIp(K.RTA_GATEWAY, "10.0.0.1").AttrU32(K.RTA_OIF, 2));

    // --- netlink headers

    [Fact]
    public void Truncated_netlink_header() =>
        Fails(ValidRoute[..10], "truncated netlink header: 10 bytes left, 16 needed");

    [Fact]
    public void Truncated_header_after_a_valid_message() =>
        Fails([.. ValidRoute, .. ValidRoute[..15]], "truncated netlink header: 15 bytes left, 16 needed");

    [Theory]
    [InlineData(0u)]
    [InlineData(15u)]
    public void Nlmsg_len_shorter_than_the_header(uint len)
    {
        var buf = (byte[])ValidRoute.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(buf, len);
        Fails(buf, $"netlink message length {len} is shorter than its header");
    }

    [Theory]
    [InlineData(45u)]
    [InlineData(0xffffffffu)]
    public void Nlmsg_len_past_the_end(uint len)
    {
        var buf = (byte[])ValidRoute.Clone(); // 44 bytes
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(buf, len);
        Fails(buf, $"netlink message length {len} runs past the end of the buffer (44 bytes left)");
    }

    [Fact]
    public void Truncated_family_header() =>
        Fails(Bytes.Message(K.RTM_NEWROUTE, 0, new byte[8]), "truncated rtmsg: 8 bytes, 12 needed");

    [Fact]
    public void Truncated_ifinfomsg() =>
        Fails(Bytes.Message(K.RTM_NEWLINK, 0, new byte[12]), "truncated ifinfomsg: 12 bytes, 16 needed");

    // --- attributes

    [Fact]
    public void Attribute_length_past_the_end()
    {
        var attrs = new Bytes().U16(200).U16(K.RTA_DST).Raw(Bytes.Ip("10.0.0.0"));
        Fails(Route(attrs), "route: attribute 1 has length 200, past the end (8 bytes left)");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Attribute_length_shorter_than_its_header(ushort len) =>
        Fails(Route(new Bytes().U16(len).U16(K.RTA_GATEWAY).U32(0)), $"route: attribute 5 has length {len}, shorter than its header");

    [Fact]
    public void Stray_bytes_after_the_last_attribute() =>
        Fails(Route(new Bytes().AttrU32(K.RTA_OIF, 2).U16(7)), "route: 2 stray bytes after the last attribute");

    [Fact]
    public void Fixed_size_attribute_too_short() =>
        Fails(Route(new Bytes().Attr(K.RTA_TABLE, [1, 0])), "RTA_TABLE: 2 bytes, 4 needed");

    [Fact]
    public void Empty_rta_pref() =>
        Fails(Route(new Bytes().Attr(K.RTA_PREF, []), K.AF_INET6), "RTA_PREF: empty attribute");

    [Fact]
    public void Route_of_an_unknown_family() =>
        Fails(Route(new Bytes(), family: 7), "route of unsupported family 7");

    // --- addresses of the wrong size

    [Fact]
    public void Gateway_of_5_bytes() =>
        Fails(Route(new Bytes().Attr(K.RTA_GATEWAY, [10, 0, 0, 1, 9])), "RTA_GATEWAY: address of 5 bytes");

    [Fact]
    public void Destination_of_5_bytes() =>
        Fails(Route(new Bytes().Attr(K.RTA_DST, [10, 0, 0, 1, 9])), "RTA_DST: address of 5 bytes");

    [Fact]
    public void Interface_address_of_5_bytes() =>
        Fails(Bytes.Message(K.RTM_NEWADDR, 0, Ifaddrmsg(K.AF_INET, 24, 2).Attr(K.IFA_ADDRESS, [10, 0, 0, 1, 9]).ToArray()),
            "IFA_ADDRESS: address of 5 bytes");

    [Fact]
    public void Rta_via_without_room_for_its_family() =>
        Fails(Route(new Bytes().Attr(K.RTA_VIA, [10])), "RTA_VIA: 1 bytes, family needs 2");

    [Fact]
    public void Rta_via_with_an_address_of_3_bytes() =>
        Fails(Route(new Bytes().Attr(K.RTA_VIA, [K.AF_INET6, 0, 1, 2, 3])), "RTA_VIA: address of 3 bytes");

    // --- RTA_MULTIPATH

    [Fact]
    public void Zero_length_rtnexthop() =>
        Fails(Multipath(new Bytes().U16(0).U8(0).U8(0).I32(2)), "RTA_MULTIPATH: nexthop 0 has length 0, shorter than its header");

    [Fact]
    public void Zero_length_rtnexthop_after_a_good_one() =>
        Fails(Multipath(new Bytes().Raw(Rtnexthop(2).ToArray()).U16(0).U8(0).U8(0).I32(3)),
            "RTA_MULTIPATH: nexthop 1 has length 0, shorter than its header");

    [Fact]
    public void Truncated_rtnexthop() =>
        Fails(Multipath(new Bytes().Raw(Rtnexthop(2).ToArray()).U16(8).U16(0)), "RTA_MULTIPATH: truncated nexthop, 4 bytes left, 8 needed");

    [Fact]
    public void Rtnexthop_length_past_the_end() =>
        Fails(Multipath(new Bytes().U16(40).U8(0).U8(0).I32(2).AttrIp(K.RTA_GATEWAY, "10.0.0.1")),
            "RTA_MULTIPATH: nexthop 0 has length 40, past the end (16 bytes left)");

    [Fact]
    public void Bad_attribute_inside_an_rtnexthop() =>
        Fails(Multipath(Rtnexthop(2, attrs: new Bytes().U16(12).U16(K.RTA_GATEWAY).Raw(Bytes.Ip("10.0.0.1")))),
            "RTA_MULTIPATH nexthop: attribute 5 has length 12, past the end (8 bytes left)");

    // --- nexthop objects

    [Fact]
    public void Nha_group_not_a_multiple_of_8() =>
        Fails(Bytes.Message(K.RTM_NEWNEXTHOP, 0, Nhmsg(0).AttrU32(K.NHA_ID, 1).Attr(K.NHA_GROUP, NexthopGrp(2, 1).U32(3).ToArray()).ToArray()),
            "NHA_GROUP: 12 bytes is not a whole number of 8-byte entries");

    [Fact]
    public void Nexthop_object_without_an_id() =>
        Fails(Bytes.Message(K.RTM_NEWNEXTHOP, 0, Nhmsg(K.AF_INET).AttrU32(K.NHA_OIF, 2).ToArray()), "nexthop object without NHA_ID");

    // --- links and addresses

    [Fact]
    public void Link_without_a_name() =>
        Fails(Bytes.Message(K.RTM_NEWLINK, 0, Ifinfomsg(5).AttrU32(K.IFLA_MTU, 1500).ToArray()), "link 5 has no IFLA_IFNAME");

    [Fact]
    public void Short_ifla_master() =>
        Fails(Bytes.Message(K.RTM_NEWLINK, 0, Ifinfomsg(5).AttrString(K.IFLA_IFNAME, "x").Attr(K.IFLA_MASTER, [1, 0, 0]).ToArray()),
            "IFLA_MASTER: 3 bytes, 4 needed");

    [Fact]
    public void Bad_attribute_inside_vrf_info_data()
    {
        var info = new Bytes().AttrString(K.IFLA_INFO_KIND, "vrf").Attr(K.IFLA_INFO_DATA, new Bytes().U16(2).U16(K.IFLA_VRF_TABLE));
        Fails(Bytes.Message(K.RTM_NEWLINK, 0, Ifinfomsg(10).AttrString(K.IFLA_IFNAME, "vrf1").Attr(K.IFLA_LINKINFO, info).ToArray()),
            "IFLA_INFO_DATA: attribute 1 has length 2, shorter than its header");
    }

    [Fact]
    public void Address_without_ifa_address() =>
        Fails(Bytes.Message(K.RTM_NEWADDR, 0, Ifaddrmsg(K.AF_INET, 24, 2).AttrString(K.IFA_LABEL, "eth0").ToArray()),
            "address on link 2 has no IFA_ADDRESS");

    // --- NLMSG_ERROR

    [Fact]
    public void Truncated_nlmsg_error() =>
        Fails(Bytes.Message(K.NLMSG_ERROR, 0, new Bytes().I32(-1).U32(0).ToArray()), "truncated NLMSG_ERROR: 8 bytes, 20 needed");

    [Fact]
    public void Echoed_request_past_the_end() =>
        Fails(Bytes.Message(K.NLMSG_ERROR, K.NLM_F_ACK_TLVS, new Bytes().I32(-22).U32(100).U16(24).U16(5).U32(1).U32(1).ToArray()),
            "NLMSG_ERROR: echoed request of 100 bytes runs past the end");

    [Theory]
    [InlineData(0x80000024u)]
    [InlineData(0xfffffffdu)]
    [InlineData(0x7fffffffu)]
    public void Echoed_request_length_that_overflows_an_int(uint echoed) =>
        Fails(Bytes.Message(K.NLMSG_ERROR, K.NLM_F_ACK_TLVS, new Bytes().I32(-22).U32(echoed).U16(24).U16(5).U32(1).U32(1).ToArray()),
            $"NLMSG_ERROR: echoed request of {echoed} bytes runs past the end");

    [Theory]
    [InlineData(0u)]
    [InlineData(12u)]
    public void Echoed_request_shorter_than_a_header(uint echoed) =>
        Fails(Bytes.Message(K.NLMSG_ERROR, K.NLM_F_ACK_TLVS, new Bytes().I32(-22).U32(echoed).U16(24).U16(5).U32(1).U32(1).ToArray()),
            $"NLMSG_ERROR: echoed request length {echoed} is shorter than a netlink header");

    [Fact]
    public void Extended_ack_attribute_past_the_end() =>
        Fails(Bytes.Message(K.NLMSG_ERROR, K.NLM_F_CAPPED | K.NLM_F_ACK_TLVS,
                new Bytes().I32(-22).Raw(ValidRoute[..16]).U16(50).U16(K.NLMSGERR_ATTR_MSG).U32(0x41414141).ToArray()),
            "extended ack: attribute 1 has length 50, past the end (8 bytes left)");
}
