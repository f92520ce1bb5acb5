using Dashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The pages in chromium at 1280×800 with a namespace in the state of containernetworking/plugins
/// #1253. This kernel has no VRF module, so the namespace is built in code (SampleNode); the real
/// reader is exercised in RealNamespaceTests. Screenshots go to docs/screenshots/.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly InCodeBackend _backend = SampleNode.Backend();
    private DashboardApp? _app;

    public ValueTask InitializeAsync()
    {
        _app = new DashboardApp(services => services.UseInCodeBackend(_backend)).Start();
        return ValueTask.CompletedTask;
    }

    internal static string ScreenshotPath(string name)
    {
        var target = RepositoryRoot.Of("docs", "screenshots");
        Directory.CreateDirectory(target);
        return Path.Combine(target, name);
    }

    [Fact]
    public async Task Overview_namespace_dialog_and_dark_theme()
    {
        var page = await chromium.NewPageAsync();
        await _app!.SignInAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=role]")).ToHaveTextAsync("operator");
        await Assertions.Expect(page.Locator("[data-testid=finding-badge]")).ToContainTextAsync("1 finding");
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("overview.png") });

        await page.Locator("[data-testid=ns-table] a", new() { HasText = SampleNode.PodNs }).ClickAsync();
        var mixed = page.Locator("tr[data-testid=route-row][data-dst='::/0']");
        await Assertions.Expect(mixed).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("finding-error"));
        await Assertions.Expect(page.Locator("tr[data-testid=nexthop-row][data-offending=true]")).ToContainTextAsync("net1");
        await Assertions.Expect(page.Locator("[data-testid=offending-edge]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("namespace.png") });
        await mixed.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("namespace-routes.png") });
        // Back to the top first: the app bar is fixed, so a scrolled page draws it across the middle of a full-page capture.
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("namespace-full.png"), FullPage = true });

        await page.Locator("[data-testid=move-to-vrf]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog.Locator("[data-testid=plan-commands]")).ToContainTextAsync("ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024 proto static pref medium");
        await page.WaitForTimeoutAsync(500); // the dialog's opening animation
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("dialog.png") });

        await dialog.Locator("[data-testid=confirm-migration]").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=result-outcome]")).ToContainTextAsync("applied and verified");
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("dialog-result.png") });
        await dialog.Locator("[data-testid=close-migration]").ClickAsync();

        // The table follows without a reload: the mixed route is gone from main, its path is in table 1001.
        await Assertions.Expect(page.Locator("tr[data-testid=nexthop-row]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=finding]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr[data-testid=route-row][data-dst='::/0'][data-table='254']")).ToContainTextAsync("fe80::1");

        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(18, 20, 23)");
        // The dark screenshot shows the finding again: restore the namespace and open it afresh (a new
        // circuit starts light, so toggle once more).
        _backend.Put(SampleNode.PodSnapshot());
        await page.GotoAsync($"{_app.BaseUrl}/ns/{SampleNode.PodNs}");
        await page.InteractiveAsync();
        await Assertions.Expect(page.Locator("tr[data-testid=nexthop-row][data-offending=true]")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.Mouse.MoveAsync(640, 780); // no tooltip over the page
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("namespace-dark.png") });
        await page.Locator("[data-testid=move-to-vrf]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog [data-testid=plan-commands]")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("dialog-dark.png") });
    }

    [Fact]
    public async Task Namespace_page_with_a_lookup_done()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{_app!.BaseUrl}/ns/{SampleNode.PodNs}");
        await page.InteractiveAsync();
        await page.Locator("input[data-testid=lookup-dst], [data-testid=lookup-dst] input").FillAsync("10.50.3.4");
        await page.Locator("input[data-testid=lookup-from], [data-testid=lookup-from] input").FillAsync("192.168.50.11");
        await page.Locator("[data-testid=lookup-run]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lookup-result]")).ToHaveAttributeAsync("data-routed", "true");
        await Assertions.Expect(page.Locator("tr[data-testid=route-row][data-lookup=match]")).ToHaveAttributeAsync("data-dst", "10.50.0.0/16");
        await Assertions.Expect(page.Locator("[data-testid=lookup-edge][data-chosen=true]")).ToHaveAttributeAsync("data-from", "net1");
        await page.Mouse.MoveAsync(640, 780); // no tooltip over the page
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("namespace-lookup.png"), FullPage = true });
    }

    [Fact]
    public async Task Move_to_vrf_is_reachable_with_the_keyboard()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{_app!.BaseUrl}/ns/{SampleNode.PodNs}");
        await page.InteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=move-to-vrf]")).ToBeVisibleAsync();
        for (int i = 0; i < 30; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("document.activeElement?.getAttribute('data-testid')") == "move-to-vrf") break;
        }
        Assert.Equal("move-to-vrf", await page.EvaluateAsync<string?>("document.activeElement?.getAttribute('data-testid')"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".mud-dialog [data-testid=plan-commands]")).ToBeVisibleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
