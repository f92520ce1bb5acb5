using System.Net;
using System.Net.Http.Headers;
using Dashboard.Web.Api;
using Dashboard.Web.Data;
using Dashboard.Web.Security;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

/// <summary>
/// Issue 9, item 6: what one client may cost the hub (subscriptions per connection, connections, calls
/// per minute), and one mutation budget for the UI and the API. The real app on 127.0.0.1, the real
/// SignalR client; the 20,000-Subscribe measurement is bench/Dashboard.Benchmarks hub-subscribe.
/// </summary>
public sealed class HubLimitsTests : IAsyncDisposable
{
    private readonly InCodeBackend _backend = SampleNode.Backend();
    private readonly List<HubConnection> _hubs = [];
    private DashboardApp? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DashboardApp Start(Dictionary<string, string?> settings) => _app = DashboardApp.Over(_backend, settings).Start();

    private async Task<HubConnection> ConnectAsync()
    {
        var hub = new HubConnectionBuilder().WithUrl(_app!.BaseUrl + "/hubs/routes").Build();
        _hubs.Add(hub);
        await hub.StartAsync(Ct);
        return hub;
    }

    [Fact]
    public async Task A_connection_follows_at_most_the_subscription_limit_of_namespaces()
    {
        Start(new() { ["Dashboard:HubSubscriptionLimit"] = "3" });
        var hub = await ConnectAsync();
        foreach (var id in new[] { "ns-a", "ns-b", "ns-c" }) await hub.InvokeAsync("Subscribe", id, Ct);
        await hub.InvokeAsync("Subscribe", "ns-a", Ct); // already followed: no new subscription
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", "ns-d", Ct));
        Assert.Contains("SubscribeAll", refused.Message);
        await hub.InvokeAsync("Unsubscribe", "ns-b", Ct);
        await hub.InvokeAsync("Subscribe", "ns-d", Ct); // the slot freed by Unsubscribe
        await hub.InvokeAsync("SubscribeAll", Ct);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task Hub_connections_are_capped()
    {
        Start(new() { ["Dashboard:HubConnectionLimit"] = "2" });
        var first = await ConnectAsync();
        await ConnectAsync();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(ConnectAsync);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        await first.StopAsync(Ct);
        // A place is free again once the server has seen the close, which the client does not wait for.
        for (var deadline = DateTime.UtcNow.AddSeconds(15); ; await Task.Delay(100, Ct))
        {
            try { await ConnectAsync(); break; }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline) { }
        }
    }

    [Fact]
    public async Task Hub_calls_are_rate_limited_per_connection()
    {
        Start(new() { ["Dashboard:HubCallsPerMinute"] = "10" });
        var hub = await ConnectAsync();
        for (int i = 0; i < 10; i++) await hub.InvokeAsync("Subscribe", SampleNode.PodNs, Ct);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", SampleNode.PodNs, Ct));
        Assert.Contains("HubCallsPerMinute", refused.Message);
        Assert.Equal(HubConnectionState.Connected, hub.State); // refused, not dropped
        // Another connection has its own budget.
        var other = await ConnectAsync();
        await other.InvokeAsync("Subscribe", SampleNode.PodNs, Ct);
    }

    [Fact]
    public async Task A_connection_that_keeps_calling_through_its_refusals_is_closed()
    {
        Start(new() { ["Dashboard:HubCallsPerMinute"] = "5" });
        var hub = await ConnectAsync();
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        for (int i = 0; i < 5; i++) await hub.InvokeAsync("Subscribe", SampleNode.PodNs, Ct);
        for (int i = 1; i < HubCallRateLimit.RefusalsBeforeClose; i++)
            await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", SampleNode.PodNs, Ct));
        Assert.Equal(HubConnectionState.Connected, hub.State);
        // One refusal more and the server stops reading this connection.
        await Assert.ThrowsAnyAsync<Exception>(() => hub.InvokeAsync("Subscribe", SampleNode.PodNs, Ct));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task The_UI_and_the_API_take_changes_from_one_rate_limit()
    {
        var app = Start(new() { ["Dashboard:MutationsPerMinute"] = "1" });
        // The operator applies the fix in the UI: the circuit's user is the one the sign-in cookie carries.
        var data = app.Services.GetRequiredService<DashboardData>();
        var user = StaticTokenAuthenticationHandler.CreatePrincipal(DashboardRoles.Operator, DashboardSchemes.Cookie);
        var attempt = await data.MigrateAsync(SampleNode.MixedFinding, user, IPAddress.Loopback, Ct);
        Assert.Null(attempt.Refusal);
        Assert.Equal(2, _backend.Changes.Count); // the one migration: its add and its delete

        // The same operator, now through the API within the same minute: the budget is spent.
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorSetup.OperatorToken);
        var response = await http.PostAsync("/api/migrations", JsonContentFor(SampleNode.PodNs), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(2, _backend.Changes.Count); // the one migration: its add and its delete

        // And the UI refuses the next one too, saying why.
        var again = await data.MigrateAsync(SampleNode.MixedFinding, user, IPAddress.Loopback, Ct);
        Assert.Contains("MutationsPerMinute", again.Refusal?.Message);
        Assert.Equal(2, _backend.Changes.Count); // the one migration: its add and its delete
    }

    private static HttpContent JsonContentFor(string ns) => System.Net.Http.Json.JsonContent.Create(new { @namespace = ns, dryRun = false });

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs) await hub.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
    }
}
