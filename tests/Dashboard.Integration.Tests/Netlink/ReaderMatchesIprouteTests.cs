using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Contracts;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Netlink;

public class ReaderMatchesIprouteTests
{
    /// <summary>Our route JSON in the canonical line <see cref="IpJson"/> makes of iproute2's: compared as text, field by field.</summary>
    public static string Canonical(RouteDto d) => IpJson.Canonical(d.Family, d.Table, d.Type, d.Dst, d.Protocol, d.Scope,
        d.Metric, d.Pref, d.Prefsrc, d.Gateway, d.Dev, IpJson.Flags(d.Flags),
        d.Nexthops.Select(n => (n.Gateway, n.Dev, n.Weight, IpJson.Flags(n.Flags))), d.Nhid);

    [Fact]
    public void Every_route_of_every_table_equals_ip_json_for_both_families()
    {
        using var ns = new TestNamespace("reader");
        RoutingScenario.Build(ns);

        var snapshot = KernelNetlink.Instance.Read(ns.Entry(), TestContext.Current.CancellationToken);

        Assert.False(snapshot.MayBeInconsistent);
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
        {
            var expected = IpJson.Routes(ns.Name, family);
            var actual = snapshot.Routes.Where(r => r.Family == family).Select(r => Canonical(RouteDto.From(r, snapshot.Topology)))
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, actual);
        }
        // The comparison is only worth something if the interesting routes are in it.
        var ecmp = Assert.Single(snapshot.Routes, r => r.Family == IpFamily.Inet6 && r.IsDefault && r.Table == RoutingTable.Main);
        Assert.Equal(["eth0", "net1"], ecmp.Nexthops.Select(n => snapshot.Topology.DeviceName(n.Oif)));
        Assert.Contains(snapshot.Routes, r => r.Table == 70000 && r.Metric == 7);
        // RTA_VIA: an IPv4 route whose gateway is IPv6 keeps the gateway's own family.
        var via = Assert.Single(snapshot.Routes, r => r.Dst == IpPrefix.Parse("10.50.0.0/16"));
        Assert.Equal(IpAddr.Parse("2001:db8::1"), via.Gateway);
    }

    [Fact]
    public void Links_addresses_and_nexthop_objects_are_read()
    {
        using var ns = new TestNamespace("links");
        RoutingScenario.Build(ns);

        var s = KernelNetlink.Instance.Read(ns.Entry(), TestContext.Current.CancellationToken);

        Assert.Equal(["eth0", "lo", "net1", "peer0", "peer1"], s.Links.Select(l => l.Name).Order());
        Assert.Equal("veth", s.LinkByName("eth0")!.Kind);
        Assert.True(s.LinkByName("net1")!.IsUp);
        Assert.Contains(s.Addresses, a => a.Prefix.ToString() == "2001:db8:1::2/64" && s.LinkByIndex(a.LinkIndex)!.Name == "net1");
        Assert.Contains(s.Addresses, a => a.Local == IpAddr.Parse("10.0.0.2") && a.PrefixLength == 24 && a.Family == IpFamily.Inet);
        var group = Assert.Single(s.NexthopObjects, o => o.Id == 10);
        Assert.Equal([(1u, 1), (2u, 3)], group.Group.Select(m => (m.Id, m.Weight)));
        var single = Assert.Single(s.NexthopObjects, o => o.Id == 2);
        Assert.Equal((IpAddr.Parse("10.1.0.1"), "net1"), (single.Gateway, s.Topology.DeviceName(single.Oif)));
        var viaGroup = Assert.Single(s.Routes, r => r.Dst == IpPrefix.Parse("172.16.0.0/12"));
        Assert.Equal(10u, viaGroup.NexthopId);
        Assert.Equal([1u, 2u], viaGroup.Nexthops.Select(n => n.NexthopId));
        Assert.Equal([1, 3], viaGroup.Nexthops.Select(n => n.Weight));
    }
}
