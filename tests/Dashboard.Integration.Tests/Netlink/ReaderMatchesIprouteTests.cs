using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Contracts;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Netlink;

public class ReaderMatchesIprouteTests
{
    public static string Canonical(RouteDto d) => IpJson.Canonical(d.Family, d.Table, d.Type, d.Dst, d.Protocol, d.Scope,
        d.Metric, d.Pref, d.Prefsrc, d.Gateway, d.Dev, IpJson.Flags(d.Flags),
        d.Nexthops.Select(n => (n.Gateway, n.Dev, n.Weight, IpJson.Flags(n.Flags))), d.Nhid);

    [Fact]
    public void Every_route_of_every_table_equals_ip_json_for_both_families()
    {
        using var ns = new TestNamespace("reader");
        RoutingScenario.Build(ns);
        var netns = new NetNamespace(ns.Name, ns.Name, NamespaceKind.Named, ns.Path, 0, null, null, null);

        var snapshot = new NamespaceReader().Read(netns, TestContext.Current.CancellationToken);

        Assert.False(snapshot.MayBeInconsistent);
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
        {
            var expected = IpJson.Routes(ns.Name, family);
            var actual = snapshot.Routes.Where(r => r.Family == family).Select(r => Canonical(RouteDto.From(r)))
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, actual);
        }
        // The comparison is only worth something if the interesting routes are in it.
        var ecmp = Assert.Single(snapshot.Routes, r => r.Family == IpFamily.Inet6 && r.Dst == "::/0" && r.Table == RoutingTable.Main);
        Assert.Equal(["eth0", "net1"], ecmp.Nexthops.Select(n => n.Dev));
        Assert.Contains(snapshot.Routes, r => r.Table == 70000 && r.Metric == 7);
    }

    [Fact]
    public void Links_addresses_and_nexthop_objects_are_read()
    {
        using var ns = new TestNamespace("links");
        RoutingScenario.Build(ns);
        var netns = new NetNamespace(ns.Name, ns.Name, NamespaceKind.Named, ns.Path, 0, null, null, null);

        var s = new NamespaceReader().Read(netns, TestContext.Current.CancellationToken);

        Assert.Equal(["eth0", "lo", "net1", "peer0", "peer1"], s.Links.Select(l => l.Name).Order());
        Assert.Equal("veth", s.LinkByName("eth0")!.Kind);
        Assert.Contains(s.Addresses, a => a.Cidr == "2001:db8:1::2/64" && s.LinkByIndex(a.LinkIndex)!.Name == "net1");
        Assert.Contains(s.Addresses, a => a.Cidr == "10.0.0.2/24" && a.Family == IpFamily.Inet);
        var group = Assert.Single(s.NexthopObjects, o => o.Id == 10);
        Assert.Equal([(1u, 1), (2u, 3)], group.Group.Select(m => (m.Id, m.Weight)));
        var viaGroup = Assert.Single(s.Routes, r => r.Dst == "172.16.0.0/12");
        Assert.Equal([1u, 2u], viaGroup.Nexthops.Select(n => n.NexthopId!.Value));
    }
}
