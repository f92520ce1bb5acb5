using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;

namespace Dashboard.Server.Tests.Migration;

public sealed class IpCommandTests
{
    private static readonly NodeState S = NodeState.Issue1253Pod();

    [Fact]
    public void Add_of_an_ipv6_default_reads_like_the_operator_would_type_it()
    {
        var r = S.V6(1001, "::/0", "2001:db8:1::1", "net1");
        Assert.Equal("ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024 proto static pref medium",
            IpCommand.Render(RouteOperationKind.Add, r));
    }

    [Fact]
    public void Delete_leaves_out_pref_scope_and_prefsrc_as_iproute2_does()
    {
        var r = S.V6(254, "::/0", "2001:db8:1::1", "net1") with { PrefSrc = "2001:db8:1::2" };
        Assert.Equal("ip -6 route del default via 2001:db8:1::1 dev net1 table main metric 1024 proto static",
            IpCommand.Render(RouteOperationKind.Delete, r));
    }

    [Fact]
    public void Replace_of_an_ipv4_multipath_lists_each_nexthop_with_weight_last()
    {
        var r = S.V4Multi(254, "0.0.0.0/0", null, S.Hop("10.0.0.1", "eth0", 1), S.Hop("10.1.0.1", "net1", 3, null, "onlink"));
        Assert.Equal("ip route replace default table main proto static nexthop via 10.0.0.1 dev eth0 weight 1 nexthop via 10.1.0.1 dev net1 onlink weight 3",
            IpCommand.Render(RouteOperationKind.Replace, r));
    }

    [Fact]
    public void Ipv4_route_via_an_ipv6_gateway_names_the_family()
    {
        var r = S.V4(1001, "10.8.0.0/16", "fe80::1", "net1") with { ViaFamily = IpFamily.Inet6 };
        Assert.Equal("ip route add 10.8.0.0/16 via inet6 fe80::1 dev net1 table 1001 proto static",
            IpCommand.Render(RouteOperationKind.Add, r));
    }

    [Fact]
    public void Nhid_route_names_the_object_and_no_path()
    {
        var r = S.V6(254, "2001:db8:5::/48", null, "eth0") with { Dev = null, LinkIndex = null, NexthopId = 11, Tos = 0 };
        Assert.Equal("ip -6 route replace 2001:db8:5::/48 nhid 11 table main metric 1024 proto static pref medium",
            IpCommand.Render(RouteOperationKind.Replace, r));
    }

    [Fact]
    public void Tos_and_table_names_of_reserved_tables()
    {
        var r = S.V4(253, "10.9.0.0/16", "10.0.0.1", "eth0", 7) with { Tos = 0x10 };
        Assert.Equal("ip route del 10.9.0.0/16 tos 0x10 via 10.0.0.1 dev eth0 table default metric 7 proto static",
            IpCommand.Render(RouteOperationKind.Delete, r));
    }
}
