using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;

namespace Dashboard.Server.Tests.Routing;

/// <summary>
/// The kernel's identity of a route slot: IPv4 fib_table_insert keys on (table, dst, tos, priority),
/// IPv6 fib6_add on (table, dst, src, metric). The live model, the planner and the clobber guard all
/// rely on it meaning exactly that.
/// </summary>
public sealed class RouteKeyTests
{
    private static readonly NodeState S = NodeState.Issue1253Pod().Link(6, "net3", master: 4);

    [Fact]
    public void Ipv4_key_has_tos_and_no_source()
    {
        var a = S.V4(254, "10.5.0.0/16", "10.0.0.1", "eth0", 10);

        // IPv4 has no source routing in the FIB: a source prefix cannot make another slot.
        Assert.Equal(a.Key, (a with { Src = IpPrefix.Parse("10.9.0.0/16") }).Key);
        Assert.True((a with { Src = IpPrefix.Parse("10.9.0.0/16") }).Key.Src.IsNone);
        Assert.NotEqual(a.Key, (a with { Tos = 0x10 }).Key);
    }

    [Fact]
    public void Ipv6_key_has_source_and_no_tos()
    {
        var a = S.V6(254, "2001:db8:5::/64", "fe80::1", "eth0");

        Assert.Equal(a.Key, (a with { Tos = 0x10 }).Key);
        Assert.Equal((byte)0, (a with { Tos = 0x10 }).Key.Tos);
        Assert.NotEqual(a.Key, (a with { Src = IpPrefix.Parse("2001:db8:77::/64") }).Key);
    }

    [Fact]
    public void Key_is_the_slot_not_the_paths_or_the_type()
    {
        // Another gateway, device, protocol or type in the same slot: an IPv4 alias, an IPv6 sibling,
        // or the route an add would collide with (what the clobber guard refuses).
        var a = S.V6(1001, "::/0", "2001:db8:1::1", "net1");
        Assert.Equal(a.Key, S.V6(1001, "::/0", "2001:db8:1::99", "net3", proto: RouteProtocol.Ra).Key);
        Assert.Equal(a.Key, (S.V6(1001, "::/0", null, "lo") with { Type = RouteType.Unreachable }).Key);
        Assert.Equal(a.Key, S.V6Multi(1001, "::/0", S.Hop("fe80::1", "net1"), S.Hop("fe80::2", "net3")).Key);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("dst")]
    [InlineData("metric")]
    [InlineData("family")]
    public void Table_destination_metric_and_family_each_make_another_slot(string field)
    {
        var a = S.V6(254, "::/0", "fe80::1", "eth0");
        var b = field switch
        {
            "table" => a with { Table = 1001 },
            "dst" => a with { Dst = IpPrefix.Parse("::/1") },
            "metric" => a with { Metric = 1025 },
            "family" => S.V4(254, "0.0.0.0/0", "10.0.0.1", "eth0", 1024),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        Assert.NotEqual(a.Key, b.Key);
    }

    [Fact]
    public void A_missing_metric_is_the_kernels_default()
    {
        // The kernel files an IPv6 route added without a metric at 1024 and an IPv4 one at 0.
        Assert.Equal(S.V6(254, "::/0", "fe80::1", "eth0", 1024).Key, (S.V6(254, "::/0", "fe80::1", "eth0") with { Metric = null }).Key);
        Assert.Equal(S.V4(254, "10.5.0.0/16", "10.0.0.1", "eth0", 0).Key, S.V4(254, "10.5.0.0/16", "10.0.0.1", "eth0", null).Key);
        Assert.Equal(1024u, (S.V6(254, "::/0", "fe80::1", "eth0") with { Metric = null }).EffectiveMetric);
    }

    [Fact]
    public void The_same_ipv6_multipath_route_whatever_the_path_order_and_state_flags()
    {
        var a = S.V6Multi(254, "::/0", S.Hop("fe80::1", "eth0"), S.Hop("2001:db8:1::1", "net1"));
        var b = a with
        {
            Flags = RouteFlags.Linkdown,
            Nexthops = [S.Hop("2001:db8:1::1", "net1", 1, 0, RouteFlags.Linkdown | RouteFlags.Dead), S.Hop("fe80::1", "eth0", 1, 0, RouteFlags.Offload)],
        };

        Assert.Equal(a.Key, b.Key);
        Assert.True(RouteComparer.SameRoute(a, b));
        Assert.Equal(RouteComparer.Instance.GetHashCode(a), RouteComparer.Instance.GetHashCode(b));
    }

    [Fact]
    public void Weight_makes_another_multipath_route_but_not_another_slot()
    {
        var a = S.V6Multi(254, "::/0", S.Hop("fe80::1", "eth0", 1), S.Hop("2001:db8:1::1", "net1", 1));
        var b = S.V6Multi(254, "::/0", S.Hop("fe80::1", "eth0", 1), S.Hop("2001:db8:1::1", "net1", 3));

        Assert.Equal(a.Key, b.Key);
        Assert.False(RouteComparer.SameRoute(a, b));
    }

    [Fact]
    public void Onlink_is_a_setting_and_counts_linkdown_is_a_state_and_does_not()
    {
        var a = S.V4(254, "10.5.0.0/16", "10.1.0.1", "net1");
        Assert.False(RouteComparer.SameRoute(a, a with { Flags = RouteFlags.Onlink }));
        Assert.True(RouteComparer.SameRoute(a, a with { Flags = RouteFlags.Linkdown | RouteFlags.Dead }));
    }
}
