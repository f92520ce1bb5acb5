using System.Reflection;
using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

/// <summary>
/// Tests that rename protocol and table numbers process-wide, the way another node's
/// /etc/iproute2/rt_protos and rt_tables would name them. Every printer reads those names, so these
/// tests run on their own, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(NodeIprouteNames), DisableParallelization = true)]
public sealed class NodeIprouteNames;

/// <summary>
/// A finding id is what `routedash migrate --finding ID` is given after reviewing a plan, possibly
/// read on one node and used on another: it must come from the kernel's values only, never from
/// names a node defines for them.
/// </summary>
[Collection(nameof(NodeIprouteNames))]
public sealed class FindingIdTests
{
    /// <summary>The issue 1253 route, in vrf1001's own table so that its table number counts too.</summary>
    private static Route MixedInVrfTable(NodeState s, RouteProtocol protocol) =>
        s.V6Multi(1001, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1")) with { Protocol = protocol };

    private static string IdOf(NodeState s, Route route) =>
        Assert.Single(FindingAnalyzer.Analyze(s.Add(route).Snapshot())).Id;

    [Fact]
    public void The_same_route_has_the_same_id_whatever_the_node_calls_its_protocol_and_table()
    {
        const byte Bgp = 186; // "bgp" in iproute2's own rt_protos
        var s = NodeState.Issue1253Pod();
        var route = MixedInVrfTable(s, (RouteProtocol)Bgp);
        var here = FindingId.For("pod-ns", route, s.Names);
        Assert.Equal(here, IdOf(NodeState.Issue1253Pod(), MixedInVrfTable(s, (RouteProtocol)Bgp)));

        using (Rename.Protocol(Bgp, "exabgp"))
        using (Rename.Table(1001, "blue"))
        {
            // The other node's names are in force: the printer uses them...
            Assert.Equal("default table blue proto exabgp metric 1024 pref medium", RouteText.Show(route, s.Names).Split('\n')[0]);
            // ...and the id does not change with them.
            Assert.Equal(here, FindingId.For("pod-ns", route, s.Names));
            Assert.Equal(here, IdOf(NodeState.Issue1253Pod(), MixedInVrfTable(s, (RouteProtocol)Bgp)));
        }
        Assert.Equal("default table 1001 proto bgp metric 1024 pref medium", RouteText.Show(route, s.Names).Split('\n')[0]);
    }

    [Fact]
    public void The_same_route_has_the_same_id_whatever_its_devices_indexes()
    {
        // Another node (or the pod after a restart) numbers its devices differently.
        var a = NodeState.Issue1253Pod();
        var b = new NodeState().Link(1, "lo").Link(12, "eth0", "veth").Link(40, "net1", "macvlan", master: 39).Vrf(39, "vrf1001", 1001);

        Assert.Equal(IdOf(a, MixedInVrfTable(a, RouteProtocol.Static)), IdOf(b, MixedInVrfTable(b, RouteProtocol.Static)));
    }

    [Theory]
    [InlineData(RouteProtocol.Static, RouteProtocol.Boot)]
    [InlineData(RouteProtocol.Static, RouteProtocol.Ra)]
    [InlineData((RouteProtocol)186, (RouteProtocol)187)]
    public void Another_protocol_number_gives_another_id(RouteProtocol one, RouteProtocol other)
    {
        // A plan copies the protocol into the VRF table: a route that changed protocol is another
        // plan, so an id reviewed for the old one must not apply to it.
        var s = NodeState.Issue1253Pod();
        Assert.NotEqual(FindingId.For("pod-ns", MixedInVrfTable(s, one), s.Names), FindingId.For("pod-ns", MixedInVrfTable(s, other), s.Names));
    }

    [Fact]
    public void Preference_metric_weight_and_namespace_give_other_ids_state_flags_do_not()
    {
        var s = NodeState.Issue1253Pod();
        var route = MixedInVrfTable(s, RouteProtocol.Static);
        var id = FindingId.For("pod-ns", route, s.Names);

        Assert.NotEqual(id, FindingId.For("pod-ns", route with { Pref = RoutePref.High }, s.Names));
        Assert.NotEqual(id, FindingId.For("pod-ns", route with { Metric = 1 }, s.Names));
        Assert.NotEqual(id, FindingId.For("pod-ns", route with { Nexthops = [s.Hop("fe80::1", "eth0", 2), s.Hop("2001:db8:1::1", "net1")] }, s.Names));
        Assert.NotEqual(id, FindingId.For("other-ns", route, s.Names));
        Assert.Equal(id, FindingId.For("pod-ns", route with
        {
            Nexthops = [s.Hop("2001:db8:1::1", "net1", 1, 0, RouteFlags.Linkdown), s.Hop("fe80::1", "eth0")],
        }, s.Names));
    }

    [Fact]
    public void Computed_ids_are_valid_ids()
    {
        var s = NodeState.Issue1253Pod();
        foreach (var protocol in new[] { RouteProtocol.Static, RouteProtocol.Kernel, (RouteProtocol)255 })
        {
            var id = FindingId.For("pod-ns", MixedInVrfTable(s, protocol), s.Names);
            Assert.True(FindingId.IsValid(id), id);
            Assert.Matches("^f-[0-9a-f]{12}$", id);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("f-")]
    [InlineData("f-0123456789a")]
    [InlineData("f-0123456789abc")]
    [InlineData("f-0123456789AB")]
    [InlineData("g-0123456789ab")]
    [InlineData("f_0123456789ab")]
    [InlineData("f-0123456789ag")]
    public void Other_strings_are_not_ids(string id) => Assert.False(FindingId.IsValid(id));

    /// <summary>
    /// Gives a number another name in the tables read from /etc/iproute2, as a node with other
    /// rt_protos or rt_tables would, and puts the old name back afterwards.
    /// </summary>
    private sealed class Rename(Action undo) : IDisposable
    {
        public void Dispose() => undo();

        public static Rename Protocol(byte number, string name)
        {
            var names = Loaded<string[]>(typeof(RouteNames), "ProtocolTable");
            var old = names[number];
            names[number] = name;
            return new Rename(() => names[number] = old);
        }

        public static Rename Table(uint number, string name)
        {
            var names = Loaded<Dictionary<uint, string>>(typeof(VrfTopology), "SystemTables");
            var had = names.TryGetValue(number, out var old);
            names[number] = name;
            return new Rename(() => { if (had) names[number] = old!; else names.Remove(number); });
        }

        private static T Loaded<T>(Type owner, string field)
        {
            var lazy = owner.GetField(field, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as Lazy<T>;
            Assert.True(lazy is not null, $"{owner.Name}.{field} is no longer a Lazy<{typeof(T).Name}>: update this test's renaming");
            return lazy!.Value;
        }
    }
}
