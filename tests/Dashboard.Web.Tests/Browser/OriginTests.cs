using System.Text.Json;
using System.Net.Http.Json;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Issue 9, item 3, as attacks from a real browser: a foreign page opening the live hub (cross-site
/// WebSocket hijacking), a foreign host name resolving to 127.0.0.1 (DNS rebinding against a
/// port-forward), and a page on another local port posting a change with the operator's cookie. Each
/// attack runs beside the same request from the dashboard's own origin, which must keep working.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OriginTests(ChromiumFixture chromium) : IAsyncDisposable
{
    private readonly InCodeBackend _backend = SampleNode.Backend();
    private DashboardApp? _app;

    private DashboardApp Start(Dictionary<string, string?>? settings = null) => _app = DashboardApp.Over(_backend, settings).Start();

    private async Task<JsonElement[]> AuditAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app!.BaseUrl) };
        var page = await http.GetFromJsonAsync<JsonElement>("/api/audit", TestContext.Current.CancellationToken);
        return page.GetProperty("items").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task A_foreign_page_cannot_open_the_live_hub_or_the_circuit()
    {
        var app = Start();
        await using var evil = await ForeignSite.StartAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"http://{ChromiumFixture.ForeignHost}:{evil.Port}/");
        Assert.Equal("refused", await page.EvaluateAsync<string>(RawHubSocket.BrowserHandshakeScript, $"ws://127.0.0.1:{app.Port}/hubs/routes"));
        Assert.Equal("refused", await page.EvaluateAsync<string>(RawHubSocket.BrowserHandshakeScript, $"ws://127.0.0.1:{app.Port}/_blazor"));

        // The dashboard's own page opens both.
        await page.GotoAsync($"{app.BaseUrl}/account/signin");
        Assert.StartsWith("handshake", await page.EvaluateAsync<string>(RawHubSocket.BrowserHandshakeScript, $"ws://127.0.0.1:{app.Port}/hubs/routes"));
        Assert.StartsWith("handshake", await page.EvaluateAsync<string>(RawHubSocket.BrowserHandshakeScript, $"ws://127.0.0.1:{app.Port}/_blazor"));
    }

    [Fact]
    public async Task A_foreign_host_name_that_resolves_to_loopback_gets_nothing()
    {
        var app = Start(new() { ["Dashboard:AllowedHosts"] = ChromiumFixture.DashboardHost });
        var page = await chromium.NewPageAsync();
        var rebound = await page.GotoAsync($"http://{ChromiumFixture.ForeignHost}:{app.Port}/");
        Assert.Equal(400, rebound!.Status);
        Assert.DoesNotContain(SampleNode.PodNs, await page.ContentAsync());
        await page.WaitForTimeoutAsync(1000);
        Assert.DoesNotContain(SampleNode.PodNs, await page.ContentAsync());

        // A name the operator allowed (Dashboard:AllowedHosts) serves the node, circuit and all.
        var allowed = await page.GotoAsync($"http://{ChromiumFixture.DashboardHost}:{app.Port}/");
        Assert.Equal(200, allowed!.Status);
        await Assertions.Expect(page.GetByText(SampleNode.PodNs).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_page_on_another_local_port_cannot_make_a_change_with_the_operators_cookie()
    {
        var app = Start();
        await using var evil = await ForeignSite.StartAsync();
        var page = await chromium.NewPageAsync();
        await app.SignInAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=role]")).ToHaveTextAsync("operator");

        // Same site (127.0.0.1, another port): the SameSite=Strict cookie goes along; only the origin differs.
        await page.GotoAsync($"http://127.0.0.1:{evil.Port}/");
        await page.EvaluateAsync("url => fetch(url, { method: 'POST', credentials: 'include', mode: 'no-cors' })", $"{app.BaseUrl}/api/migrations");
        await page.WaitForTimeoutAsync(500);
        Assert.Empty(_backend.Changes);
        Assert.Empty(await AuditAsync());

        // The dashboard's own page may (a dry run: nothing changes, the attempt is audited).
        await page.GotoAsync($"{app.BaseUrl}/account/signin");
        var status = await page.EvaluateAsync<int>(
            "async url => (await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ dryRun: true }) })).status",
            $"{app.BaseUrl}/api/migrations");
        Assert.Equal(200, status);
        Assert.NotEmpty(await AuditAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
