using Dashboard.Server.Events;
using Dashboard.Server.Routing;
using Bunit;
using Dashboard.Web.Components.Pages.Namespace;
using Dashboard.Web.Components.Pages.Overview;
using Dashboard.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public sealed class PageTests : MudComponentTest
{
    [Fact]
    public void Overview_counts_and_filters_findings_that_have_no_route_like_route_ones()
    {
        // A VRF whose l3mdev rules are gone (an agent rewrote the rules): a finding per family about the
        // namespace's rules, not a route; the analyzer and planner make them as for a scan.
        var ns = new NetNamespace("rdt-l3m", "rdt-l3m", NamespaceKind.Named, "/run/netns/rdt-l3m", 4026533001, null, null, null);
        Backend.Put(new NamespaceSnapshot(ns, DateTimeOffset.UtcNow, [SampleNode.Lo, SampleNode.Net1, SampleNode.VrfBlue], [], [], [], false)
        {
            Rules = [new Rule { Family = IpFamily.Inet, Priority = 32766, Table = RoutingTable.Main },
                     new Rule { Family = IpFamily.Inet6, Priority = 32766, Table = RoutingTable.Main }],
        });
        Render<MudPopoverProvider>();
        var cut = Render<Overview>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=ns-table] tbody tr").Count), TimeSpan.FromSeconds(15));

        var row = cut.FindAll("[data-testid=ns-table] tbody tr").Single(r => r.TextContent.Contains("rdt-l3m"));
        Assert.Contains("2 findings", row.QuerySelector("[data-testid=finding-badge]")!.TextContent);
        // Both are fixable (ip [-6] rule add l3mdev pref 1000): the node's fix-all counts them with the pod's route.
        Assert.Contains("(3)", cut.Find("[data-testid=fix-all-node]").TextContent);

        cut.FindComponent<MudSwitch<bool>>().Find("input").Change(true);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=ns-table] tbody tr").Count));
        Assert.DoesNotContain(cut.FindAll("[data-testid=ns-table] tbody tr"), r => r.TextContent.Contains(SampleNode.PlainNs));
    }

    [Fact]
    public void Overview_puts_namespaces_with_findings_first_with_a_badge_and_filters_by_search()
    {
        Render<MudPopoverProvider>();
        var cut = Render<Overview>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=ns-table] tbody tr").Count), TimeSpan.FromSeconds(15));

        var rows = cut.FindAll("[data-testid=ns-table] tbody tr");
        Assert.Contains(SampleNode.PodNs, rows[0].TextContent);
        Assert.Contains("tenant-a/frontend-7d9f8b6c5-x2x8q", rows[0].TextContent);
        Assert.Contains("1 finding", rows[0].QuerySelector("[data-testid=finding-badge]")!.TextContent);
        Assert.Null(rows[1].QuerySelector("[data-testid=finding-badge]"));

        var search = cut.Find("[data-testid=ns-search]");
        (search.TagName == "INPUT" ? search : search.QuerySelector("input")!).Input("plain");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=ns-table] tbody tr")));
        Assert.Contains(SampleNode.PlainNs, cut.Find("[data-testid=ns-table] tbody tr").TextContent);
    }

    [Fact]
    public void Namespace_page_shows_vrf_membership_the_diagram_edge_and_the_finding()
    {
        Render<MudPopoverProvider>();
        var cut = Render<NamespacePage>(p => p.Add(c => c.Id, SampleNode.PodNs));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=routes]")), TimeSpan.FromSeconds(15));

        var net1 = cut.Find("tr[data-testid=interface-row][data-name=net1]").QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal("vrf-blue", net1[4]);
        Assert.Equal("1001", net1[5]);
        Assert.Equal("", cut.Find("tr[data-testid=interface-row][data-name=eth0]").QuerySelectorAll("td")[4].TextContent.Trim());

        Assert.Single(cut.FindAll("[data-testid=offending-edge]"));
        Assert.Contains("default via 2001:db8:1::1", cut.Find("[data-testid=vrf-diagram]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=finding]"));
        // The analyzer's title and the planner's fix for the #1253 route, not words written for the test.
        var finding = cut.Find("[data-testid=finding]").TextContent;
        Assert.Contains("IPv6 default route in table main mixes VRFs: net1 in vrf-blue", finding);
        Assert.Contains("via 2001:db8:1::1 dev net1 → vrf-blue (table 1001)", finding);
    }

    [Fact]
    public void Namespace_page_follows_a_change_without_reload()
    {
        Render<MudPopoverProvider>();
        var cut = Render<NamespacePage>(p => p.Add(c => c.Id, SampleNode.PlainNs));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr[data-testid=route-row]")), TimeSpan.FromSeconds(15));
        var snap = SampleNode.PlainSnapshot;
        Backend.Put(snap with { Routes = [.. snap.Routes, snap.Routes[0] with { Dst = IpPrefix.Parse("10.10.0.0/24") }] });
        Publish(SampleNode.PlainNs, RouteChangeKind.RouteAdded, "10.10.0.0/24 dev eth0");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("tr[data-dst='10.10.0.0/24']")), TimeSpan.FromSeconds(15));
        Assert.Contains("last change", cut.Find("[data-testid=live-badge]").TextContent);
    }

    [Theory]
    [InlineData("all", null)]
    [InlineData("vrf-blue", 1001u)]
    [InlineData("1001", 1001u)]
    [InlineData("local", 255u)]
    public void Namespace_page_opens_on_the_table_the_link_names(string table, uint? shown)
    {
        var cut = RenderWithTable(table);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tr[data-testid=route-row]")), TimeSpan.FromSeconds(15));

        var tables = cut.FindAll("tr[data-testid=route-row]").Select(r => uint.Parse(r.GetAttribute("data-table")!)).Distinct().ToList();
        var routes = SampleNode.PodSnapshot().Routes;
        if (shown is { } only) Assert.Equal([only], tables);
        else Assert.Equal(routes.Select(r => r.Table).Distinct().Order(), tables.Order());
        int expected = shown is { } t ? routes.Count(r => r.Table == t) : routes.Count;
        Assert.Equal($"{expected:N0} of {routes.Count:N0} routes", cut.Find("[data-testid=route-count]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=unknown-table]"));
    }

    [Fact]
    public void Namespace_page_says_when_the_linked_table_does_not_exist()
    {
        var cut = RenderWithTable("vrf-green");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tr[data-testid=route-row]")), TimeSpan.FromSeconds(15));

        Assert.Contains("no table \"vrf-green\"", cut.Find("[data-testid=unknown-table]").TextContent);
        Assert.All(cut.FindAll("tr[data-testid=route-row]"), r => Assert.Equal("254", r.GetAttribute("data-table")));
    }

    /// <summary>The namespace page at /ns/{pod}?table=…, as a link opens it.</summary>
    private IRenderedComponent<NamespacePage> RenderWithTable(string table)
    {
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo(nav.GetUriWithQueryParameter("table", table));
        return Render<NamespacePage>(p => p.Add(c => c.Id, SampleNode.PodNs));
    }

    [Fact]
    public void Unknown_namespace_says_so()
    {
        var cut = Render<NamespacePage>(p => p.Add(c => c.Id, "rdt-does-not-exist"));
        cut.WaitForAssertion(() => Assert.Contains("no network namespace \"rdt-does-not-exist\"", cut.Find("[data-testid=read-error]").TextContent), TimeSpan.FromSeconds(15));
    }
}
