using AngleSharp.Dom;
using Bunit;
using Dashboard.Server.Routing;
using Dashboard.Web.Components.Pages.Namespace;
using Dashboard.Web.Tests.Support;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

/// <summary>
/// The namespace page's Rules section and lookup box over the pod namespace of <see cref="SampleNode"/>.
/// The in-code kernel answers lookups with the product's rule evaluation; that those answers are the
/// kernel's is proven against iproute2 on real kernels (LookupCommandTests, the VM lookup scenario).
/// </summary>
public sealed class RulesAndLookupTests : MudComponentTest
{
    private IRenderedComponent<NamespacePage> RenderPodPage()
    {
        Render<MudPopoverProvider>();
        var cut = Render<NamespacePage>(p => p.Add(c => c.Id, SampleNode.PodNs));
        cut.WaitForAssertion(() =>
        {
            Assert.NotNull(cut.Find("[data-testid=rules]"));
            Assert.Empty(cut.FindAll("[data-testid=reading]"));
        }, TimeSpan.FromSeconds(15));
        return cut;
    }

    /// <summary>MudBlazor puts user attributes on the input itself or on its wrapper, depending on the component.</summary>
    private static IElement Input(IRenderedComponent<NamespacePage> cut, string testId)
    {
        var e = cut.Find($"[data-testid={testId}]");
        return e.TagName == "INPUT" ? e : e.QuerySelector("input")!;
    }

    private static void LookUp(IRenderedComponent<NamespacePage> cut, string dst, string? from = null, string? oif = null)
    {
        Input(cut, "lookup-dst").Input(dst);
        if (from is not null) Input(cut, "lookup-from").Input(from);
        if (oif is not null) Input(cut, "lookup-oif").Input(oif);
        cut.Find("[data-testid=lookup-form]").Submit();
    }

    private static string[] RouteRowTables(IRenderedComponent<NamespacePage> cut) =>
        cut.FindAll("tr[data-testid=route-row]").Select(r => r.GetAttribute("data-table")!).Distinct().ToArray();

    [Fact]
    public void Rules_are_listed_per_family_in_priority_order_as_ip_rule_prints_them()
    {
        var cut = RenderPodPage();
        var rows = cut.FindAll("tr[data-testid=rule-row]");
        Assert.Equal(["inet:0", "inet:200", "inet:1000", "inet:32766", "inet:32767", "inet6:0", "inet6:1000", "inet6:32766"],
            rows.Select(r => $"{r.GetAttribute("data-family")}:{r.GetAttribute("data-priority")}"));
        var source = rows[1].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal("from 192.168.50.11", source[2]);
        // The VRF's table is named and tagged with the VRF that owns it.
        Assert.StartsWith("lookup 1001", source[3]);
        Assert.Contains("vrf-blue", source[3]);
        Assert.Equal("static", source[4]);
        Assert.Contains("l3mdev-table", rows[2].TextContent);
        Assert.Equal(["local", "1001", "main", "default", "local", "main"], cut.FindAll("[data-testid=rule-table]").Select(a => a.TextContent));
    }

    [Fact]
    public void A_table_name_in_the_rules_opens_that_table_in_the_route_list()
    {
        var cut = RenderPodPage();
        Assert.NotEqual(["1001"], RouteRowTables(cut));

        cut.Find("tr[data-testid=rule-row][data-priority='200'] [data-testid=rule-table]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["1001"], RouteRowTables(cut)));
        Assert.Equal(["0.0.0.0/0", "10.50.0.0/16", "192.168.50.0/24", "2001:db8:1::/64"],
            cut.FindAll("tr[data-testid=route-row]").Select(r => r.GetAttribute("data-dst")!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_lookup_shows_the_answer_and_highlights_its_rule_route_and_path()
    {
        var cut = RenderPodPage();
        LookUp(cut, "10.50.3.4", from: "192.168.50.11");
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=lookup-result]").GetAttribute("data-routed")), TimeSpan.FromSeconds(15));

        Assert.Contains("10.50.3.4 from 192.168.50.11 via 192.168.50.1 dev net1", cut.Find("[data-testid=lookup-answer]").TextContent);
        Assert.Contains("200:", cut.Find("[data-testid=lookup-rule]").TextContent);
        Assert.Contains("1001", cut.Find("[data-testid=lookup-table]").TextContent);
        Assert.Contains("10.50.0.0/16 via 192.168.50.1 dev net1", cut.Find("[data-testid=lookup-route]").TextContent);

        // Rules: local was tried and had nothing; the source rule decided; later rules were not reached.
        Assert.Equal("no-route", cut.Find("tr[data-testid=rule-row][data-family=inet][data-priority='0']").GetAttribute("data-lookup"));
        var decided = cut.Find("tr[data-testid=rule-row][data-family=inet][data-priority='200']");
        Assert.Contains("lookup-match", decided.ClassList);
        Assert.Contains("route in 1001", decided.TextContent);
        Assert.Equal("", cut.Find("tr[data-testid=rule-row][data-family=inet][data-priority='32766']").GetAttribute("data-lookup"));
        Assert.Single(cut.FindAll("tr[data-testid=rule-row].lookup-match"));

        // Routes: the VRF's table is shown, with the matched entry highlighted.
        Assert.Equal(["1001"], RouteRowTables(cut));
        var matched = cut.FindAll("tr[data-testid=route-row][data-lookup=match]");
        Assert.Equal("10.50.0.0/16", Assert.Single(matched).GetAttribute("data-dst"));

        // Diagram: net1 → table 1001, the device taken drawn as chosen.
        var edge = Assert.Single(cut.FindAll("[data-testid=lookup-edge]"));
        Assert.Equal("net1", edge.GetAttribute("data-from"));
        Assert.Equal("true", edge.GetAttribute("data-chosen"));
        Assert.Contains("1001", edge.GetAttribute("data-to"));
        Assert.Contains("net1", cut.Find("[data-testid=lookup-label]").TextContent);
    }

    [Fact]
    public void A_refused_lookup_names_the_rule_table_and_reject_route_that_refused()
    {
        // The sample VRF has the unreachable IPv4 default that Documentation/networking/vrf.rst recommends.
        var cut = RenderPodPage();
        LookUp(cut, "8.8.8.8", oif: "net1");
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("[data-testid=lookup-result]").GetAttribute("data-routed")), TimeSpan.FromSeconds(15));

        Assert.Equal("No route to host", cut.Find("[data-testid=lookup-error]").TextContent.Trim());
        Assert.Contains("1000:", cut.Find("[data-testid=lookup-rule]").TextContent);
        Assert.Contains("unreachable default", cut.Find("[data-testid=lookup-route]").TextContent);
        var decided = cut.Find("tr[data-testid=rule-row][data-family=inet][data-priority='1000']");
        Assert.Contains("lookup-match", decided.ClassList);
        Assert.Contains("unreachable route in 1001", decided.TextContent);
        Assert.Equal("0.0.0.0/0", Assert.Single(cut.FindAll("tr[data-testid=route-row][data-lookup=match]")).GetAttribute("data-dst"));
        // Diagram: no device was taken; the VRF's table is marked and the caption says why.
        Assert.Empty(cut.FindAll("[data-testid=lookup-edge]"));
        Assert.Equal("path", cut.Find("[data-testid=diagram-node][data-lookup]").GetAttribute("data-lookup"));
        Assert.Contains("1001", cut.Find("[data-testid=diagram-node][data-lookup]").GetAttribute("data-name"));
        Assert.Contains("No route to host", cut.Find("[data-testid=lookup-label]").TextContent);
    }

    [Fact]
    public void Bad_input_is_explained_and_leaves_nothing_highlighted()
    {
        var cut = RenderPodPage();
        LookUp(cut, "10.50.3.4", oif: "net9");
        cut.WaitForAssertion(() => Assert.Contains("Cannot find device \"net9\"", cut.Find("[data-testid=lookup-problem]").TextContent), TimeSpan.FromSeconds(15));
        Assert.Empty(cut.FindAll("[data-testid=lookup-result]"));
        Assert.Empty(cut.FindAll("tr[data-testid=rule-row].lookup-match"));
        Assert.Empty(cut.FindAll("[data-testid=lookup-edge]"));
    }
}
