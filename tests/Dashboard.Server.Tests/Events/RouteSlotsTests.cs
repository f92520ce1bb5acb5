using Dashboard.Server.Events;
using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;

namespace Dashboard.Server.Tests.Events;

/// <summary>
/// The live model's route store applies RTM_NEWROUTE/RTM_DELROUTE the way the kernel files routes:
/// IPv4 aliases (fib_table_insert: append keeps order, add without append goes first, replace takes
/// the first of the slot), IPv6 ECMP siblings (fib6_add_rt2: a notice shows the whole multipath
/// route, a delete names one sibling), and replays that must not change what is already applied.
/// </summary>
public sealed class RouteSlotsTests
{
    private const uint Main = RoutingTable.Main;
    private static readonly NodeState S = NodeState.Issue1253Pod().Link(5, "net2", master: 4);

    /// <summary>How a route reads in these tests: its paths as "gateway@device", in the model's order.</summary>
    private static string Paths(Route r) =>
        string.Join(" ", r.Paths.Select(p => $"{(p.HasGateway ? p.Gateway.ToString() : "-")}@{S.Names.DeviceName(p.Oif)}"));

    private static string[] Slot(RouteSlots slots, Route like) => slots.Slot(like.Key).Select(Paths).ToArray();

    /// <summary>An `ip route show` of the whole store, for before/after comparisons.</summary>
    private static string[] Everything(RouteSlots slots) => slots.All.Select(r => RouteText.Show(r, S.Names)).Order().ToArray();

    // --- IPv4 aliases

    private static Route V4(string gateway, string dev, uint metric = 100) => S.V4(Main, "10.20.0.0/16", gateway, dev, metric);

    [Fact]
    public void Ipv4_append_keeps_aliases_in_arrival_order()
    {
        var slots = new RouteSlots();

        var first = slots.Add(V4("10.0.0.1", "eth0"), replace: false, append: false);
        slots.Add(V4("10.1.0.1", "net1"), replace: false, append: true);
        slots.Add(V4("10.2.0.1", "net2"), replace: false, append: true);

        Assert.Null(first.Before);
        Assert.Equal(["10.0.0.1@eth0", "10.1.0.1@net1", "10.2.0.1@net2"], Slot(slots, V4("10.0.0.1", "eth0")));
        Assert.Equal(3, slots.Count);
    }

    [Fact]
    public void Ipv4_add_without_append_goes_first_in_its_slot_not_first_of_the_destination()
    {
        var slots = new RouteSlots();
        slots.Add(V4("10.9.0.1", "eth0", metric: 50), false, false); // same table and dst, another slot
        slots.Add(V4("10.0.0.1", "eth0"), false, false);
        slots.Add(V4("10.1.0.1", "net1"), false, true);

        var edit = slots.Add(V4("10.2.0.1", "net2"), replace: false, append: false); // `ip route prepend`

        Assert.Equal((null, "10.2.0.1@net2"), (edit.Before, Paths(edit.After!)));
        Assert.Equal(["10.2.0.1@net2", "10.0.0.1@eth0", "10.1.0.1@net1"], Slot(slots, V4("10.0.0.1", "eth0")));
        Assert.Equal(["10.9.0.1@eth0"], Slot(slots, V4("10.9.0.1", "eth0", metric: 50)));
        Assert.Equal(4, slots.Count);
    }

    [Fact]
    public void Ipv4_replace_takes_the_slots_first_alias()
    {
        var slots = new RouteSlots();
        slots.Add(V4("10.0.0.1", "eth0"), false, false);
        slots.Add(V4("10.1.0.1", "net1"), false, true);

        var edit = slots.Add(V4("10.2.0.1", "net2"), replace: true, append: false);

        Assert.Equal(("10.0.0.1@eth0", "10.2.0.1@net2"), (Paths(edit.Before!), Paths(edit.After!)));
        Assert.Equal(["10.2.0.1@net2", "10.1.0.1@net1"], Slot(slots, V4("10.0.0.1", "eth0")));
        Assert.Equal(2, slots.Count);
    }

    [Fact]
    public void Replace_into_an_empty_slot_adds()
    {
        var slots = new RouteSlots();
        var edit = slots.Add(V4("10.0.0.1", "eth0"), replace: true, append: false);
        Assert.Equal((null, 1), (edit.Before, slots.Count));
    }

    [Fact]
    public void Ipv4_delete_removes_the_alias_it_names_and_no_other()
    {
        var slots = new RouteSlots();
        slots.Add(V4("10.0.0.1", "eth0"), false, false);
        slots.Add(V4("10.1.0.1", "net1"), false, true);
        slots.Add(V4("10.2.0.1", "net2"), false, true);

        var edit = slots.Remove(V4("10.1.0.1", "net1"));

        Assert.Equal(("10.1.0.1@net1", null), (Paths(edit.Before!), edit.After));
        Assert.Equal(["10.0.0.1@eth0", "10.2.0.1@net2"], Slot(slots, V4("10.0.0.1", "eth0")));
        slots.Remove(V4("10.2.0.1", "net2"));
        slots.Remove(V4("10.0.0.1", "eth0"));
        Assert.Empty(slots.To(Main, IpPrefix.Parse("10.20.0.0/16")));
        Assert.Equal(0, slots.Count);
    }

    [Fact]
    public void A_notice_that_differs_only_in_state_flags_updates_the_route_in_place()
    {
        var slots = new RouteSlots();
        var up = V4("10.0.0.1", "eth0");
        slots.Add(up, false, false);
        slots.Add(V4("10.1.0.1", "net1"), false, true);

        var edit = slots.Add(up with { Flags = RouteFlags.Linkdown }, false, false);

        Assert.Same(up, edit.Before);
        Assert.Equal(RouteFlags.Linkdown, edit.After!.Flags);
        Assert.Equal(RouteFlags.Linkdown, slots.Slot(up.Key).First().Flags); // still first, not a new alias
        Assert.Equal(2, slots.Count);
    }

    // --- IPv6 siblings

    private static Route Default6(params Nexthop[] hops) => hops.Length == 1
        ? S.V6(Main, "::/0", hops[0].Gateway.ToString(), S.Names.DeviceName(hops[0].Oif))
        : S.V6Multi(Main, "::/0", hops);

    private static readonly Nexthop Eth0 = S.Hop("fe80::1", "eth0");
    private static readonly Nexthop Net1 = S.Hop("2001:db8:1::1", "net1");
    private static readonly Nexthop Net2 = S.Hop("2001:db8:2::1", "net2", weight: 3);

    /// <summary>The store after `ip -6 route add default via fe80::1 dev eth0` and appends of net1 and net2.</summary>
    private static RouteSlots ThreeSiblings()
    {
        var slots = new RouteSlots();
        slots.Add(Default6(Eth0), false, false);
        // The kernel's notice for an appended sibling lists that sibling first, then the others.
        slots.Add(Default6(Net1, Eth0), false, true);
        slots.Add(Default6(Net2, Eth0, Net1), false, true);
        return slots;
    }

    [Fact]
    public void An_appended_sibling_supersedes_the_route_it_shares_a_path_with()
    {
        var slots = new RouteSlots();
        var single = Default6(Eth0);
        slots.Add(single, false, false);

        var edit = slots.Add(Default6(Net1, Eth0), replace: false, append: true);

        Assert.Same(single, edit.Before);
        Assert.True(edit.After!.IsMultipath);
        // One route with two paths, not two routes: the notice shows the whole ECMP route.
        Assert.Equal(["fe80::1@eth0 2001:db8:1::1@net1"], Slot(slots, single));
        Assert.Equal(1, slots.Count);
    }

    [Fact]
    public void Siblings_keep_the_order_they_were_added_in_whatever_the_notice_lists_first()
    {
        var slots = ThreeSiblings();

        var route = Assert.Single(slots.To(Main, IpPrefix.Parse("::/0")));
        Assert.Equal("fe80::1@eth0 2001:db8:1::1@net1 2001:db8:2::1@net2", Paths(route));
        Assert.Equal([1, 1, 3], route.Nexthops.Select(n => n.Weight)); // weights travel with their paths
    }

    [Fact]
    public void Deleting_one_sibling_leaves_the_others_down_to_a_plain_route()
    {
        var slots = ThreeSiblings();
        var three = slots.Slot(Default6(Eth0).Key).Single();

        // `ip -6 route del default via 2001:db8:1::1 dev net1`: the notice names that sibling only.
        var edit = slots.Remove(Default6(Net1));
        Assert.Same(three, edit.Before);
        Assert.Equal("fe80::1@eth0 2001:db8:2::1@net2", Paths(edit.After!));
        Assert.True(edit.After!.IsMultipath);

        edit = slots.Remove(Default6(Net2));
        var plain = edit.After!;
        Assert.False(plain.IsMultipath); // what the kernel shows for one path left: an ordinary route
        Assert.Equal((IpAddr.Parse("fe80::1"), 2), (plain.Gateway, plain.Oif));
        Assert.Equal("default via fe80::1 dev eth0 proto static metric 1024 pref medium", RouteText.Show(plain, S.Names));

        edit = slots.Remove(Default6(Eth0));
        Assert.Null(edit.After);
        Assert.Empty(slots.To(Main, IpPrefix.Parse("::/0")));
        Assert.Equal(0, slots.Count);
    }

    [Fact]
    public void The_last_siblings_state_flags_become_the_plain_routes()
    {
        var slots = new RouteSlots();
        slots.Add(Default6(Eth0 with { Flags = RouteFlags.Linkdown }, Net1), false, false);

        var plain = slots.Remove(Default6(Net1)).After!;

        Assert.Equal((false, RouteFlags.Linkdown), (plain.IsMultipath, plain.Flags));
    }

    [Fact]
    public void Ipv6_routes_without_a_gateway_in_one_slot_coexist()
    {
        // Device routes do not qualify for ECMP: the kernel keeps each as a route of its own.
        var slots = new RouteSlots();
        var viaEth0 = S.V6(Main, "2001:db8:7::/64", null, "eth0", 256);
        var viaNet1 = S.V6(Main, "2001:db8:7::/64", null, "net1", 256);

        slots.Add(viaEth0, false, false);
        var edit = slots.Add(viaNet1, false, false);

        Assert.Null(edit.Before);
        Assert.Equal(["-@eth0", "-@net1"], Slot(slots, viaEth0));
        slots.Remove(viaEth0);
        Assert.Equal(["-@net1"], Slot(slots, viaEth0));
    }

    [Fact]
    public void Ipv6_replace_takes_the_slot_whole()
    {
        var slots = ThreeSiblings();
        var edit = slots.Add(Default6(S.Hop("fe80::9", "eth0")), replace: true, append: false);

        Assert.Equal("fe80::9@eth0", Paths(edit.After!));
        Assert.Equal(["fe80::9@eth0"], Slot(slots, Default6(Eth0)));
    }

    // --- replays: events queued while a dump ran are applied again on top of it

    private abstract record Event;
    private sealed record Added(Route Route, bool Replace = false, bool Append = false) : Event;
    private sealed record Removed(Route Route) : Event;

    private static RouteEdit Apply(RouteSlots slots, Event e) => e switch
    {
        Added a => slots.Add(a.Route, a.Replace, a.Append),
        Removed r => slots.Remove(r.Route),
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    /// <summary>What `ip monitor route` shows for a session of adds, appends and deletes of both families.</summary>
    private static Event[] Session() =>
    [
        new Added(V4("10.0.0.1", "eth0")),
        new Added(V4("10.1.0.1", "net1"), Append: true),
        new Added(V4("10.2.0.1", "net2"), Append: true),
        new Removed(V4("10.1.0.1", "net1")),
        new Added(Default6(Eth0)),
        new Added(Default6(Net1, Eth0), Append: true),
        new Added(Default6(Net2, Eth0, Net1), Append: true),
        new Removed(Default6(Net1)),
        new Added(S.V6(Main, "2001:db8:7::/64", null, "eth0", 256)),
        new Added(S.V6(Main, "2001:db8:7::/64", null, "net1", 256)),
        new Removed(S.V6(Main, "2001:db8:7::/64", null, "eth0", 256)),
    ];

    /// <summary>`ip route add` then `ip route replace` of one IPv4 route.</summary>
    private static Event[] AddThenReplace() =>
    [
        new Added(S.V4(Main, "10.30.0.0/16", "10.0.0.1", "eth0")),
        new Added(S.V4(Main, "10.30.0.0/16", "10.0.0.2", "eth0"), Replace: true),
    ];

    [Fact]
    public void Replaying_any_event_already_applied_changes_nothing()
    {
        Event[] events = [.. Session(), .. AddThenReplace()];
        for (var upTo = 1; upTo <= events.Length; upTo++)
        {
            var slots = new RouteSlots();
            foreach (var e in events[..upTo]) Apply(slots, e);
            var state = Everything(slots);

            // Each event already reflected (the dump saw its effect) applied once more.
            var last = events[upTo - 1];
            var edit = Apply(slots, last);

            Assert.True(ReferenceEquals(edit.Before, edit.After), $"replaying #{upTo} ({last}) edited the model");
            Assert.Equal(state, Everything(slots));
            Assert.Equal(state.Length, slots.Count);
        }
    }

    /// <summary>
    /// Events queued while a dump ran may predate it: the IPv6 notices the model has moved past and the
    /// IPv4 aliases appended and deleted again still end where the dump was.
    /// </summary>
    [Fact]
    public void Replaying_the_whole_session_on_its_outcome_ends_in_the_same_state()
    {
        var slots = new RouteSlots();
        foreach (var e in Session()) Apply(slots, e);
        var state = Everything(slots);
        Assert.Equal(
        [
            "10.20.0.0/16 via 10.0.0.1 dev eth0 proto static metric 100",
            "10.20.0.0/16 via 10.2.0.1 dev net2 proto static metric 100",
            "2001:db8:7::/64 dev net1 proto static metric 256 pref medium",
            "default proto static metric 1024 pref medium\n\tnexthop via fe80::1 dev eth0 weight 1\n\tnexthop via 2001:db8:2::1 dev net2 weight 3",
        ], state);

        foreach (var e in Session()) Apply(slots, e);

        Assert.Equal(state, Everything(slots));
        Assert.Equal(state.Length, slots.Count);
    }

    [Fact]
    public void An_ipv4_route_added_and_replaced_while_a_dump_ran_ends_as_the_dump_showed_it()
    {
        // The dump shows the replacement; the queued add comes back first as a second alias, then the
        // replace notice names a route the slot already holds. The kernel only announces a replace of a
        // route that was not in the slot (fib_table_insert), so the alias in front of it is the one it took.
        var slots = new RouteSlots();
        foreach (var e in AddThenReplace()) Apply(slots, e);
        var dumped = Everything(slots);
        Assert.Equal(["10.30.0.0/16 via 10.0.0.2 dev eth0 proto static"], dumped);

        var edits = AddThenReplace().Select(e => Apply(slots, e)).ToArray();

        Assert.Equal(dumped, Everything(slots));
        Assert.Equal(1, slots.Count);
        Assert.Equal(("10.0.0.1@eth0", "10.0.0.2@eth0"), (Paths(edits[1].Before!), Paths(edits[1].After!)));
    }

    [Fact]
    public void A_replayed_ipv4_delete_does_not_take_another_alias_with_it()
    {
        // The dump already lacks the deleted alias; the queued delete comes again on top of it.
        var slots = new RouteSlots();
        slots.Load([V4("10.0.0.1", "eth0")]);

        var edit = slots.Remove(V4("10.1.0.1", "net1"));

        Assert.Equal((null, null), (edit.Before, edit.After));
        Assert.Equal(["10.0.0.1@eth0"], Slot(slots, V4("10.0.0.1", "eth0")));
    }

    // --- lookups

    [Fact]
    public void To_gives_every_route_of_one_table_and_destination()
    {
        var slots = new RouteSlots();
        slots.Load(
        [
            S.V6(Main, "::/0", "fe80::1", "eth0", 1024),
            S.V6(Main, "::/0", "fe80::2", "eth0", 2048),
            S.V6(Main, "::/0", "fe80::3", "eth0") with { Src = IpPrefix.Parse("2001:db8:77::/64") },
            S.V6(1001, "::/0", "2001:db8:1::1", "net1"),
            S.V6(Main, "::/1", "fe80::1", "eth0"),
            S.V4(Main, "0.0.0.0/0", "10.0.0.1", "eth0"),
        ]);

        // Every metric and source of main's ::/0, nothing of another table, prefix or family.
        Assert.Equal(["fe80::1@eth0", "fe80::2@eth0", "fe80::3@eth0"],
            slots.To(Main, IpPrefix.Parse("::/0")).Select(Paths).Order());
        Assert.Equal(["2001:db8:1::1@net1"], slots.To(1001, IpPrefix.Parse("::/0")).Select(Paths));
        Assert.Equal(["10.0.0.1@eth0"], slots.To(Main, IpPrefix.Parse("0.0.0.0/0")).Select(Paths));
        Assert.Empty(slots.To(1002, IpPrefix.Parse("::/0")));
        Assert.Empty(slots.To(Main, IpPrefix.Parse("8000::/1")));
        Assert.Equal(6, slots.Count);

        slots.Load([]);
        Assert.Empty(slots.To(Main, IpPrefix.Parse("::/0")));
        Assert.Equal(0, slots.Count);
    }
}
