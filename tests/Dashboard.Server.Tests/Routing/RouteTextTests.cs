using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;

namespace Dashboard.Server.Tests.Routing;

/// <summary>
/// The one iproute2 printer: `ip route` commands a plan shows (what IpCommand.Render did) and the
/// `ip route show` lines the live stream and the CLI print. Names come from the namespace's links
/// and the node's rt_tables (main, default, local; VRF tables by number).
/// </summary>
public sealed class RouteTextTests
{
    private static readonly NodeState S = NodeState.Issue1253Pod();
    private static readonly VrfTopology Names = S.Names;

    [Fact]
    public void Add_of_an_ipv6_default_reads_like_the_operator_would_type_it()
    {
        var r = S.V6(1001, "::/0", "2001:db8:1::1", "net1");
        Assert.Equal("ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024 proto static pref medium",
            RouteText.Command(RouteChange.Add, r, Names));
    }

    [Fact]
    public void Delete_leaves_out_pref_scope_and_prefsrc_as_iproute2_does()
    {
        var r = S.V6(254, "::/0", "2001:db8:1::1", "net1") with { PrefSrc = IpAddr.Parse("2001:db8:1::2") };
        Assert.Equal("ip -6 route del default via 2001:db8:1::1 dev net1 table main metric 1024 proto static",
            RouteText.Command(RouteChange.Delete, r, Names));
    }

    [Fact]
    public void Replace_of_an_ipv4_multipath_lists_each_nexthop_with_weight_last()
    {
        var r = S.V4Multi(254, "0.0.0.0/0", null, S.Hop("10.0.0.1", "eth0", 1), S.Hop("10.1.0.1", "net1", 3, 0, RouteFlags.Onlink));
        Assert.Equal("ip route replace default table main proto static nexthop via 10.0.0.1 dev eth0 weight 1 nexthop via 10.1.0.1 dev net1 onlink weight 3",
            RouteText.Command(RouteChange.Replace, r, Names));
    }

    [Fact]
    public void Append_uses_the_append_verb()
    {
        var r = S.V6(254, "::/0", "fe80::1", "eth0");
        Assert.Equal("ip -6 route append default via fe80::1 dev eth0 table main metric 1024 proto static pref medium",
            RouteText.Command(RouteChange.Append, r, Names));
    }

    [Fact]
    public void Ipv4_route_via_an_ipv6_gateway_names_the_family()
    {
        var r = S.V4(1001, "10.8.0.0/16", "fe80::1", "net1");
        Assert.Equal("ip route add 10.8.0.0/16 via inet6 fe80::1 dev net1 table 1001 proto static",
            RouteText.Command(RouteChange.Add, r, Names));
        Assert.Equal("inet6 fe80::1", RouteText.Via(r.Gateway, r.Family));
    }

    [Fact]
    public void Nhid_route_names_the_object_and_no_path()
    {
        var r = S.V6(254, "2001:db8:5::/48", null, "eth0") with { Oif = 0, NexthopId = 11 };
        Assert.Equal("ip -6 route replace 2001:db8:5::/48 nhid 11 table main metric 1024 proto static pref medium",
            RouteText.Command(RouteChange.Replace, r, Names));
    }

    [Fact]
    public void Tos_and_table_names_of_reserved_tables()
    {
        var r = S.V4(253, "10.9.0.0/16", "10.0.0.1", "eth0", 7) with { Tos = 0x10 };
        Assert.Equal("ip route del 10.9.0.0/16 tos 0x10 via 10.0.0.1 dev eth0 table default metric 7 proto static",
            RouteText.Command(RouteChange.Delete, r, Names));
    }

    [Fact]
    public void A_protocol_number_prints_by_its_rt_protos_name_or_as_the_number()
    {
        // 186 is "bgp" in iproute2's own list; 201 is named nowhere, so `ip` prints the number.
        var bgp = S.V4(254, "10.9.0.0/16", "10.0.0.1", "eth0") with { Protocol = (RouteProtocol)186 };
        Assert.EndsWith(" proto bgp", RouteText.Command(RouteChange.Add, bgp, Names));
        Assert.EndsWith(" proto 201", RouteText.Command(RouteChange.Add, bgp with { Protocol = (RouteProtocol)201 }, Names));
    }

    [Fact]
    public void Show_prints_a_single_path_in_print_route_order()
    {
        // type, dst, via, dev, table, proto, scope, src, metric, flags, pref: iproute2's print_route.
        var r = S.V4(1001, "10.1.0.0/24", null, "net1", 100, RouteProtocol.Kernel) with
        {
            PrefSrc = IpAddr.Parse("10.1.0.2"), Flags = RouteFlags.Linkdown,
        };
        Assert.Equal("10.1.0.0/24 dev net1 table 1001 proto kernel scope link src 10.1.0.2 metric 100 linkdown", RouteText.Show(r, Names));
    }

    [Fact]
    public void Show_prints_each_nexthop_on_its_own_line_and_main_and_boot_not_at_all()
    {
        var r = S.V6Multi(254, "::/0", S.Hop("fe80::1", "eth0"), S.Hop("2001:db8:1::1", "net1", 2, 0, RouteFlags.Linkdown)) with
        {
            Protocol = RouteProtocol.Boot,
        };
        Assert.Equal("default metric 1024 pref medium\n\tnexthop via fe80::1 dev eth0 weight 1\n\tnexthop via 2001:db8:1::1 dev net1 weight 2 linkdown",
            RouteText.Show(r, Names));
    }

    [Fact]
    public void Show_names_a_device_the_namespace_does_not_list_as_iproute2_does()
    {
        var r = S.V4(254, "10.2.0.0/16", "10.0.0.1", "eth0") with { Oif = 42 };
        Assert.Equal("10.2.0.0/16 via 10.0.0.1 dev if42 proto static", RouteText.Show(r, Names));
    }

    [Theory]
    [InlineData("0.0.0.0/0", "default")]
    [InlineData("::/0", "default")]
    [InlineData("10.1.2.3/32", "10.1.2.3")]
    [InlineData("2001:db8::1/128", "2001:db8::1")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    public void Destination_is_default_or_a_host_without_its_length(string prefix, string text) =>
        Assert.Equal(text, RouteText.Destination(IpPrefix.Parse(prefix)));
}
