using Dashboard.Server.Routing;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Netlink;

public class LinkAndAddressDecoderTests
{
    private static byte[] NewLink(Bytes ifinfo, Bytes attrs) =>
        Bytes.Message(K.RTM_NEWLINK, K.NLM_F_MULTI, ifinfo.Raw(attrs.ToArray()).ToArray());

    private static byte[] NewAddr(Bytes ifaddr, Bytes attrs) =>
        Bytes.Message(K.RTM_NEWADDR, K.NLM_F_MULTI, ifaddr.Raw(attrs.ToArray()).ToArray());

    [Fact]
    public void Vrf_link_gives_kind_and_table_from_nested_linkinfo()
    {
        var info = new Bytes()
            .AttrString(K.IFLA_INFO_KIND, "vrf")
            .Attr(K.NLA_F_NESTED | K.IFLA_INFO_DATA, new Bytes().AttrU32(K.IFLA_VRF_TABLE, 1001));
        var attrs = new Bytes()
            .AttrString(K.IFLA_IFNAME, "vrf1001")
            .AttrU32(K.IFLA_MTU, 65575)
            .AttrU8(K.IFLA_OPERSTATE, 6)
            .Attr(K.IFLA_ADDRESS, [0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f])
            .Attr(K.NLA_F_NESTED | K.IFLA_LINKINFO, info);

        var l = Decode.Link(NewLink(Ifinfomsg(10), attrs));

        Assert.Equal((10, "vrf1001", "vrf", (uint?)1001, true), (l.Index, l.Name, l.Kind, l.VrfTable, l.IsVrf));
        Assert.Equal((OperState.Up, K.IFF_UP, true, 65575), (l.OperState, l.Flags, l.IsUp, l.Mtu));
        Assert.Equal("0a:1b:2c:3d:4e:5f", l.MacAddress);
        Assert.Null(l.MasterIndex);
    }

    [Fact]
    public void Vrf_member_has_its_master_and_no_vrf_table()
    {
        var attrs = new Bytes()
            .AttrString(K.IFLA_IFNAME, "net1")
            .AttrU32(K.IFLA_MASTER, 10)
            .AttrU8(K.IFLA_OPERSTATE, 2)
            .Attr(K.IFLA_LINKINFO, new Bytes().AttrString(K.IFLA_INFO_KIND, "macvlan"));

        var l = Decode.Link(NewLink(Ifinfomsg(3, flags: 0), attrs));

        Assert.Equal((3, "net1", "macvlan", (int?)10, (uint?)null), (l.Index, l.Name, l.Kind, l.MasterIndex, l.VrfTable));
        Assert.Equal((OperState.Down, 0u, false), (l.OperState, l.Flags, l.IsUp));
    }

    [Fact]
    public void A_non_vrf_kind_ignores_info_data_attribute_1()
    {
        // IFLA_INFO_DATA attribute 1 means something else for other kinds (e.g. IFLA_MACVLAN_MODE).
        var info = new Bytes().AttrString(K.IFLA_INFO_KIND, "macvlan").Attr(K.IFLA_INFO_DATA, new Bytes().AttrU32(1, 4));
        var l = Decode.Link(NewLink(Ifinfomsg(3), new Bytes().AttrString(K.IFLA_IFNAME, "net1").Attr(K.IFLA_LINKINFO, info)));
        Assert.Null(l.VrfTable);
    }

    [Fact]
    public void Master_zero_means_none_and_loopback_has_no_kind()
    {
        var l = Decode.Link(NewLink(Ifinfomsg(1, type: 772), new Bytes().AttrString(K.IFLA_IFNAME, "lo").AttrU32(K.IFLA_MASTER, 0)));
        Assert.Equal(("lo", (string?)null, (int?)null, OperState.Unknown), (l.Name, l.Kind, l.MasterIndex, l.OperState));
    }

    [Fact]
    public void Ipv4_address_prefers_ifa_local_over_the_peer_address()
    {
        var attrs = new Bytes()
            .AttrIp(K.IFA_ADDRESS, "10.0.0.2")
            .AttrIp(K.IFA_LOCAL, "10.0.0.1")
            .AttrString(K.IFA_LABEL, "eth0")
            .AttrU32(K.IFA_FLAGS, K.IFA_F_PERMANENT);

        var a = Decode.Address(NewAddr(Ifaddrmsg(K.AF_INET, 24, 2), attrs));

        Assert.Equal((IpFamily.Inet, 2, IpAddr.Parse("10.0.0.1"), (byte)24, RouteScope.Universe, "eth0"),
            (a.Family, a.LinkIndex, a.Local, a.PrefixLength, a.Scope, a.Label));
        Assert.Equal("10.0.0.1/24", a.Prefix.ToString()); // `ip addr` form: the address itself, not the network
        Assert.Equal((uint)K.IFA_F_PERMANENT, a.Flags);
        Assert.Equal(["permanent"], RouteNames.AddressFlags(a.Flags));
    }

    [Fact]
    public void Ipv6_link_local_address_with_flags_from_ifa_flags_attribute()
    {
        // IFA_FLAGS (32 bits) supersedes ifa_flags (8 bits) when present.
        var a = Decode.Address(NewAddr(Ifaddrmsg(K.AF_INET6, 64, 3, flags: K.IFA_F_PERMANENT, scope: K.RT_SCOPE_LINK),
            new Bytes().AttrIp(K.IFA_ADDRESS, "fe80::3").AttrU32(K.IFA_FLAGS, K.IFA_F_NODAD | 0x800)));

        Assert.Equal((IpAddr.Parse("fe80::3"), (byte)64, RouteScope.Link, (string?)null), (a.Local, a.PrefixLength, a.Scope, a.Label));
        Assert.Equal(K.IFA_F_NODAD | 0x800u, a.Flags);
        Assert.Equal(["nodad", "stable-privacy"], RouteNames.AddressFlags(a.Flags));
    }

    [Fact]
    public void Address_flags_from_the_header_byte_without_ifa_flags()
    {
        var a = Decode.Address(NewAddr(Ifaddrmsg(K.AF_INET6, 128, 2, flags: K.IFA_F_NODAD | K.IFA_F_PERMANENT),
            new Bytes().AttrIp(K.IFA_ADDRESS, "2001:db8::2")));
        Assert.Equal((uint)(K.IFA_F_NODAD | K.IFA_F_PERMANENT), a.Flags);
        Assert.Equal(["nodad", "permanent"], RouteNames.AddressFlags(a.Flags));
    }
}
