using Bunit;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Dashboard.Web.Components.Pages.Namespace;
using Dashboard.Web.Data;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.Components;

public sealed class RouteTableTests : MudComponentTest
{
    private IRenderedComponent<RouteTable> RenderTable(NamespaceView view, RouteQuery? query = null, Action<Diagnosis>? onMove = null) =>
        Render<RouteTable>(p =>
        {
            p.Add(c => c.View, view);
            if (query is not null) p.Add(c => c.InitialQuery, query);
            if (onMove is not null) p.Add(c => c.OnMove, onMove);
        });

    private static string[] Dsts(IRenderedComponent<RouteTable> cut) =>
        cut.FindAll("tr[data-testid=route-row]").Select(r => r.GetAttribute("data-dst")!).ToArray();

    /// <summary>MudBlazor puts user attributes on the input itself or on its wrapper, depending on the component.</summary>
    private static AngleSharp.Dom.IElement Input(IRenderedComponent<RouteTable> cut, string testId)
    {
        var e = cut.Find($"[data-testid={testId}]");
        return e.TagName == "INPUT" ? e : e.QuerySelector("input")!;
    }

    [Fact]
    public void Mixed_vrf_route_is_highlighted_with_its_explanation_and_the_offending_nexthop_stands_out()
    {
        var cut = RenderTable(PodView());

        var row = cut.Find("tr[data-testid=route-row][data-dst='::/0']");
        Assert.Contains("finding-error", row.ClassList);
        Assert.DoesNotContain("finding-error", cut.Find("tr[data-testid=route-row][data-dst='0.0.0.0/0']").ClassList);

        var hops = cut.FindAll("tr[data-testid=nexthop-row]");
        Assert.Equal(2, hops.Count);
        Assert.Equal("false", hops[0].GetAttribute("data-offending"));
        Assert.Contains("eth0", hops[0].TextContent);
        Assert.Equal("true", hops[1].GetAttribute("data-offending"));
        Assert.Contains("net1", hops[1].TextContent);
        Assert.Contains("vrf-blue", hops[1].TextContent);

        var explanation = cut.Find("tr[data-testid=finding-explanation]");
        Assert.Contains(SampleNode.MixedFinding.Finding.Title, explanation.TextContent);
        Assert.Contains(SampleNode.MixedFinding.Finding.Explanation, explanation.TextContent);
    }

    [Fact]
    public void Routes_are_in_iproute2_field_order()
    {
        var cut = RenderTable(PodView(), new RouteQuery(Table: RoutingTable.Main, Family: IpFamily.Inet));
        var headers = cut.FindAll("table[data-testid=routes] th").Select(h => h.TextContent).ToArray();
        Assert.Equal(["type", "dst", "nhid", "via", "dev", "table", "proto", "scope", "src", "metric", "pref", "flags"], headers);

        var cells = cut.Find("tr[data-dst='10.244.0.0/24']").QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal(["", "10.244.0.0/24", "", "", "eth0", "main", "kernel", "link", "10.244.0.7", "", "", ""], cells);
        Assert.Equal("default", cut.Find("tr[data-dst='0.0.0.0/0']").QuerySelectorAll("td")[1].TextContent);
    }

    [Fact]
    public void Table_selector_shows_main_by_default_then_a_vrf_table_then_all()
    {
        var cut = RenderTable(PodView());
        Assert.All(cut.FindAll("tr[data-testid=route-row]"), r => Assert.Equal("254", r.GetAttribute("data-table")));
        Assert.Equal(4, Dsts(cut).Length);

        cut.FindAll("[data-testid=table-selector] .mud-toggle-item").Single(b => b.TextContent.Contains("vrf-blue (1001)")).Click();
        Assert.Equal(["192.168.50.0/24", "10.50.0.0/16", "0.0.0.0/0", "2001:db8:1::/64"], Dsts(cut));

        cut.FindAll("[data-testid=table-selector] .mud-toggle-item").Single(b => b.TextContent.Contains("all tables")).Click();
        Assert.Equal(SampleNode.PodRoutes.Count, Dsts(cut).Length);
    }

    [Fact]
    public void Family_prefix_device_and_protocol_filters_narrow_the_rows()
    {
        var cut = RenderTable(PodView(), new RouteQuery(Table: null));

        cut.FindAll("[data-testid=family-selector] .mud-toggle-item").Single(b => b.TextContent.Trim() == "IPv6").Click();
        Assert.Equal(["fd00:10:244::/64", "::/0", "2001:db8:1::/64", "::1/128"], Dsts(cut));

        cut.FindAll("[data-testid=family-selector] .mud-toggle-item").Single(b => b.TextContent.Contains("IPv4 + IPv6")).Click();
        Input(cut, "filter-device").Input("net1");
        cut.WaitForAssertion(() => Assert.Equal(["192.168.50.0/24", "10.50.0.0/16", "::/0", "2001:db8:1::/64"], Dsts(cut)));

        Input(cut, "filter-protocol").Input("kernel");
        cut.WaitForAssertion(() => Assert.Equal(["192.168.50.0/24", "2001:db8:1::/64"], Dsts(cut)));

        Input(cut, "filter-prefix").Input("2001:db8");
        cut.WaitForAssertion(() => Assert.Equal(["2001:db8:1::/64"], Dsts(cut)));
        Assert.Contains("1 of 11 routes", cut.Find("[data-testid=route-count]").TextContent);
    }

    [Fact]
    public void Findings_only_switch_and_default_keyword_find_the_mixed_route()
    {
        var cut = RenderTable(PodView(), new RouteQuery(Table: null, Prefix: "default"));
        Assert.Equal(["0.0.0.0/0", "0.0.0.0/0", "::/0"], Dsts(cut)); // main's and vrf-blue's unreachable one
        cut.Find(".mud-switch input").Change(true);
        Assert.Equal(["::/0"], Dsts(cut));
    }

    [Fact]
    public void Two_hundred_thousand_routes_render_one_page_only()
    {
        var cut = RenderTable(PodView(SampleNode.ManyRoutes(200_000)));
        Assert.Equal(RouteTable.PageSize, cut.FindAll("tr[data-testid=route-row]").Count);
        Assert.Contains("200,004 of 200,011 routes", cut.Find("[data-testid=route-count]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=route-pager]"));
    }

    [Fact]
    public void Move_to_vrf_on_the_highlighted_row_hands_over_its_finding()
    {
        Diagnosis? moved = null;
        var cut = RenderTable(PodView(), onMove: f => moved = f);
        cut.Find("[data-testid=move-to-vrf-inline]").Click();
        Assert.Equal(SampleNode.FindingId, moved?.Id);
    }
}
