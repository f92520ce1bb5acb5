using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Issue 9, item 1: with Dashboard:AnonymousRead=false the UI obeys the same read policy as the API. An
/// anonymous chromium is sent to sign-in from every page, sees no namespace, pod, address or route, and
/// gets no circuit, no hub and no OpenAPI document; once signed in it sees the node.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadPolicyTests(ChromiumFixture chromium) : IAsyncDisposable
{
    private readonly InCodeBackend _backend = SampleNode.Backend();
    private DashboardApp? _app;

    /// <summary>What the sample node would show: namespace ids, the pod, a VRF, addresses and route prefixes.</summary>
    private static readonly string[] NodeData = [SampleNode.PodNs, SampleNode.PlainNs, "frontend-7d9f8b6c5", "tenant-a", "vrf-blue", "10.244.0", "2001:db8", "192.168.50"];

    private DashboardApp Start() => _app = DashboardApp.Over(_backend, new Dictionary<string, string?> { ["Dashboard:AnonymousRead"] = "false" }).Start();

    [Fact]
    public async Task An_anonymous_browser_is_sent_to_sign_in_and_sees_nothing_of_the_node_until_it_signs_in()
    {
        var app = Start();
        var page = await chromium.NewPageAsync();
        foreach (var path in new[] { "/", $"/ns/{SampleNode.PodNs}", "/events" })
        {
            await page.GotoAsync(app.BaseUrl + path);
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/signin");
            await page.WaitForTimeoutAsync(1000); // time for a circuit, had one started, to render the node
            // What the page shows (its HTML also holds the return address, the path the browser asked for).
            var text = await page.InnerTextAsync("body");
            foreach (var data in NodeData) Assert.DoesNotContain(data, text);
            await Assertions.Expect(page.Locator("#token")).ToBeVisibleAsync();
        }

        // Nor by hand: the circuit, the hub and the API description all need the viewer role.
        var negotiate = await page.EvaluateAsync<int>("async p => (await fetch(p, { method: 'POST' })).status", "/_blazor/negotiate?negotiateVersion=1");
        Assert.Equal(401, negotiate);
        Assert.Equal("refused", await page.EvaluateAsync<string>(RawHubSocket.BrowserHandshakeScript, $"ws://127.0.0.1:{app.Port}/_blazor"));
        Assert.Equal("refused", await page.EvaluateAsync<string>(RawHubSocket.BrowserHandshakeScript, $"ws://127.0.0.1:{app.Port}/hubs/routes"));
        Assert.Equal(401, await page.EvaluateAsync<int>("async p => (await fetch(p)).status", "/openapi/v1.json"));
        Assert.Equal(401, await page.EvaluateAsync<int>("async p => (await fetch(p)).status", "/api/namespaces"));

        // Signed in, the same browser gets the page it asked for, and the node.
        await page.GotoAsync($"{app.BaseUrl}/ns/{SampleNode.PodNs}");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/signin");
        await page.Locator("#token").FillAsync(OperatorSetup.OperatorToken);
        await page.Locator("form[action='/auth/signin'] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync($"{app.BaseUrl}/ns/{SampleNode.PodNs}");
        await page.InteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=role]")).ToHaveTextAsync("operator");
        await Assertions.Expect(page.GetByText("vrf-blue").First).ToBeVisibleAsync();
        Assert.Equal(200, await page.EvaluateAsync<int>("async p => (await fetch(p)).status", "/openapi/v1.json"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
