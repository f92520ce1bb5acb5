using Dashboard.Server.Routing;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Netlink;

public class NexthopDecoderTests
{
    private static byte[] NewNexthop(Bytes nhmsg, Bytes attrs) =>
        Bytes.Message(K.RTM_NEWNEXTHOP, K.NLM_F_MULTI, nhmsg.Raw(attrs.ToArray()).ToArray());

    [Fact]
    public void Single_nexthop_with_gateway_and_device()
    {
        var nh = Decode.Nexthop(NewNexthop(Nhmsg(K.AF_INET6, flags: K.RTNH_F_ONLINK),
            new Bytes().AttrU32(K.NHA_ID, 7).AttrIp(K.NHA_GATEWAY, "2001:db8:1::1").AttrU32(K.NHA_OIF, 3)));

        Assert.Equal((7u, (IpFamily?)IpFamily.Inet6, IpAddr.Parse("2001:db8:1::1"), 3), (nh.Id, nh.Family, nh.Gateway, nh.Oif));
        Assert.Equal((RouteProtocol.Static, false, false), (nh.Protocol, nh.Blackhole, nh.IsGroup));
        Assert.Equal((uint)K.RTNH_F_ONLINK, nh.Flags);
    }

    [Fact]
    public void Group_members_with_weights_including_weight_high()
    {
        var group = new Bytes()
            .Raw(NexthopGrp(7, 1).ToArray())
            .Raw(NexthopGrp(8, 5).ToArray())
            .Raw(NexthopGrp(9, 300).ToArray()); // 16-bit weights: low byte plus nexthop_grp.weight_high
        var nh = Decode.Nexthop(NewNexthop(Nhmsg(0), new Bytes().AttrU32(K.NHA_ID, 100).Attr(K.NHA_GROUP, group)));

        Assert.True(nh.IsGroup);
        Assert.Null(nh.Family);
        Assert.Equal([(7u, 1), (8u, 5), (9u, 300)], nh.Group.Select(m => (m.Id, m.Weight)));
    }

    [Fact]
    public void Blackhole_nexthop()
    {
        var nh = Decode.Nexthop(NewNexthop(Nhmsg(K.AF_INET), new Bytes().AttrU32(K.NHA_ID, 5).Attr(K.NHA_BLACKHOLE, [])));
        Assert.True(nh.Blackhole);
        Assert.Equal(0, nh.Oif);
        Assert.True(nh.Gateway.IsNone);
    }
}
