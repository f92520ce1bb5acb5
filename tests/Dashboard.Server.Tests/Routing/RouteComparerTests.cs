using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;

namespace Dashboard.Server.Tests.Routing;

public sealed class RouteComparerTests
{
    private static readonly NodeState S = NodeState.Issue1253Pod().Link(6, "net3", master: 4);

    private static Route Ecmp(int w1 = 1, int w2 = 1) =>
        S.V4Multi(254, "0.0.0.0/0", 10, S.Hop("10.0.0.1", "eth0", w1), S.Hop("10.1.0.1", "net1", w2));

    [Fact]
    public void Path_order_and_state_flags_do_not_matter()
    {
        var a = Ecmp();
        var b = a with
        {
            Flags = RouteFlags.Linkdown,
            Nexthops = [S.Hop("10.1.0.1", "net1", 1, 0, RouteFlags.Linkdown | RouteFlags.Dead), S.Hop("10.0.0.1", "eth0")],
        };

        Assert.True(RouteComparer.SameRoute(a, b));
        Assert.Equal(RouteComparer.Instance.GetHashCode(a), RouteComparer.Instance.GetHashCode(b));
    }

    [Fact]
    public void Weights_count_in_a_multipath_route()
    {
        Assert.False(RouteComparer.SameRoute(Ecmp(1, 1), Ecmp(1, 2)));
    }

    [Fact]
    public void A_single_path_ignores_weight_whether_listed_as_nexthop_or_plain()
    {
        var plain = S.V4(254, "10.5.0.0/16", "10.1.0.1", "net1", 10);
        var asList = plain with { Gateway = default, Oif = 0, Nexthops = [S.Hop("10.1.0.1", "net1", 7)] };

        Assert.True(RouteComparer.SameRoute(plain, asList));
    }

    [Theory]
    [InlineData("table")]
    [InlineData("metric")]
    [InlineData("protocol")]
    [InlineData("pref")]
    [InlineData("type")]
    [InlineData("gateway")]
    [InlineData("dev")]
    [InlineData("onlink")]
    [InlineData("nhid")]
    [InlineData("dst")]
    public void Each_shown_field_makes_a_difference(string field)
    {
        var a = S.V6(254, "::/0", "fe80::1", "net1");
        var b = field switch
        {
            "table" => a with { Table = 1001 },
            "metric" => a with { Metric = 1 },
            "protocol" => a with { Protocol = RouteProtocol.Ra },
            "pref" => a with { Pref = RoutePref.High },
            "type" => a with { Type = RouteType.Unreachable },
            "gateway" => a with { Gateway = IpAddr.Parse("fe80::2") },
            "dev" => a with { Oif = S.IndexOf("net3") },
            "onlink" => a with { Flags = RouteFlags.Onlink },
            "nhid" => a with { NexthopId = 5 },
            "dst" => a with { Dst = IpPrefix.Parse("::/1") },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.False(RouteComparer.SameRoute(a, b));
    }

    [Fact]
    public void Ipv6_defaults_missing_pref_to_medium_and_missing_metric_to_1024()
    {
        var a = S.V6(254, "::/0", "fe80::1", "net1");
        Assert.True(RouteComparer.SameRoute(a, a with { Pref = null, Metric = null }));
    }

    [Fact]
    public void Ipv4_scope_counts()
    {
        var a = S.V4(254, "10.5.0.0/16", null, "net1");
        Assert.False(RouteComparer.SameRoute(a, a with { Scope = RouteScope.Universe }));
    }

    [Fact]
    public void Ipv6_scope_does_not_count()
    {
        // The kernel reports every IPv6 route with scope universe; a request's scope is not kept.
        var a = S.V6(254, "2001:db8:5::/64", null, "net1");
        Assert.True(RouteComparer.SameRoute(a, a with { Scope = RouteScope.Link }));
    }

    [Fact]
    public void A_reject_route_is_the_same_whatever_device_the_kernel_shows_it_through()
    {
        // `ip -6 route add unreachable default table 1001` comes back "dev lo".
        var asked = S.V6(1001, "::/0", null, "lo", 4278198272, RouteProtocol.Boot) with { Type = RouteType.Unreachable, Oif = 0 };
        var shown = asked with { Oif = S.IndexOf("lo") };

        Assert.True(RouteComparer.SameRoute(asked, shown));
        Assert.False(RouteComparer.SameRoute(asked, shown with { Type = RouteType.Blackhole }));
        Assert.False(RouteComparer.SameRoute(asked, shown with { Metric = 1024 }));
        // A unicast route's device is what it is.
        Assert.False(RouteComparer.SameRoute(asked with { Type = RouteType.Unicast }, shown with { Type = RouteType.Unicast }));
    }
}
