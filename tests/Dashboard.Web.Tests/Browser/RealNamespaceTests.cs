using Dashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The app with its real backend (namespace catalog, rtnetlink reader, polling change source) in
/// headless chromium, against a real namespace made with `ip`. Needs root.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RealNamespaceTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private DashboardApp? _app;
    private TestNamespace? _ns;

    public ValueTask InitializeAsync()
    {
        if (!Shell.IsRoot) return ValueTask.CompletedTask;
        _ns = TestNamespace.WithSampleRoutes();
        _app = new DashboardApp().Start();
        return ValueTask.CompletedTask;
    }

    private static ILocator Row(IPage page, string dst) => page.Locator($"tr[data-testid=route-row][data-dst='{dst}']");

    [Fact]
    public async Task Routes_of_several_tables_are_rendered_and_a_new_route_appears_without_reload()
    {
        if (!Shell.IsRoot) Assert.Skip("creating network namespaces needs root");
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{_app!.BaseUrl}/ns/{_ns!.Name}");
        await page.InteractiveAsync();
        try { await Assertions.Expect(Row(page, "10.80.0.0/24")).ToBeVisibleAsync(); }
        catch { await page.ScreenshotAsync(new() { Path = "/tmp/ui-fail-ns.png" }); throw; }
        await Assertions.Expect(Row(page, "10.78.0.0/24")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr[data-testid=interface-row][data-name=rdt0]")).ToContainTextAsync("10.77.0.1/24");

        await page.Locator("[data-testid=table-selector] .mud-toggle-item", new() { HasText = "table 100" }).ClickAsync();
        await Assertions.Expect(Row(page, "10.78.0.0/24")).ToContainTextAsync("10.77.0.2");
        await Assertions.Expect(Row(page, "10.80.0.0/24")).ToHaveCountAsync(0);

        await page.Locator("[data-testid=table-selector] .mud-toggle-item", new() { HasText = "all tables" }).ClickAsync();
        await Assertions.Expect(Row(page, "10.79.0.0/24")).ToContainTextAsync("200");
        var multipath = Row(page, "2001:db8:99::/64");
        await Assertions.Expect(multipath).ToContainTextAsync("2 nexthops");
        await Assertions.Expect(page.Locator("tr[data-testid=nexthop-row]", new() { HasText = "2001:db8:77::3" })).ToContainTextAsync("rdt0");
        await page.ScreenshotAsync(new() { Path = ScreenshotTests.ScreenshotPath("namespace-real-all-tables.png"), FullPage = true });

        // Let the live stream finish its first dump of the namespace, then change it behind the page's back.
        await Assertions.Expect(page.Locator("[data-testid=live-badge]")).ToBeVisibleAsync();
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var marker = await page.EvaluateAsync<double>("window.__noReload = Math.random()");
        _ns.Ip("route", "add", "10.81.0.0/24", "via", "10.77.0.2", "table", "200");

        await Assertions.Expect(Row(page, "10.81.0.0/24")).ToContainTextAsync("10.77.0.2", new() { Timeout = 10_000 });
        Assert.Equal(marker, await page.EvaluateAsync<double>("window.__noReload"));

        _ns.Ip("route", "del", "10.80.0.0/24");
        await Assertions.Expect(Row(page, "10.80.0.0/24")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Overview_lists_the_namespace_with_its_counts_and_links_to_it()
    {
        if (!Shell.IsRoot) Assert.Skip("creating network namespaces needs root");
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(_app!.BaseUrl);
        await page.InteractiveAsync();
        await page.Locator("[data-testid=ns-search] input, input[data-testid=ns-search]").FillAsync(_ns!.Name);
        var row = page.Locator("[data-testid=ns-table] tbody tr", new() { HasText = _ns.Name });
        // The overview reads every namespace on the node (and scans each): allow a busy node time.
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("3"); // lo, rdt0, rdt1
        // Routes as `ip` counts them (multipath continuation lines are not routes). Link-local routes
        // appear shortly after the links come up; the overview follows, so compare until they agree.
        int expected = 0;
        for (int i = 0; i < 20; i++)
        {
            expected = CountRoutes("-4") + CountRoutes("-6");
            var shown = (await row.Locator("td").Nth(5).InnerTextAsync()).Trim().Replace(",", "");
            if (shown == expected.ToString()) break;
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
        await Assertions.Expect(row.Locator("td").Nth(5)).ToHaveTextAsync(expected.ToString());

        await row.Locator("a").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{_app.BaseUrl}/ns/{_ns.Name}");
        await Assertions.Expect(Row(page, "10.80.0.0/24")).ToBeVisibleAsync();
    }

    private int CountRoutes(string family) =>
        _ns!.Ip(family, "route", "show", "table", "all").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Count(l => !char.IsWhiteSpace(l[0]));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _ns?.Dispose();
    }
}
