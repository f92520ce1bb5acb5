using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.Metrics;

/// <summary>
/// /metrics of the real app (Program as a node runs it, its own registry, the real live stream over
/// rtnetlink) against namespaces made with `ip`, compared with what the same app's API says. The app
/// watches only this test's namespaces (Dashboard:Namespaces:Include), so namespaces other tests make
/// meanwhile cannot move the sums. Needs root.
/// </summary>
public sealed class NodeMetricsTests : IAsyncLifetime
{
    private readonly string _prefix = $"rdt-mt-{Environment.ProcessId}-";
    private readonly List<TestNamespace> _namespaces = [];
    private DashboardApp? _app;
    private HttpClient? _http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        if (!Shell.IsRoot) return ValueTask.CompletedTask;
        _namespaces.Add(NewNamespace());
        _app = new DashboardApp(settings: new Dictionary<string, string?>
        {
            ["Dashboard:Namespaces:Include"] = _prefix + "*",
            ["Dashboard:NodeName"] = "metrics-test-node",
        }).Start();
        _http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        return ValueTask.CompletedTask;
    }

    private static TestNamespace NewNamespace()
    {
        var ns = new TestNamespace("mt");
        ns.AddVeth("mt0", "mt1");
        ns.IpBatch(["addr add 10.66.0.1/24 dev mt0", "addr add 2001:db8:66::1/64 dev mt0 nodad", "route add 10.67.0.0/24 via 10.66.0.2 table 100"]);
        return ns;
    }

    [Fact]
    public async Task Namespace_and_route_gauges_sum_to_what_the_api_lists_and_events_are_counted()
    {
        if (!Shell.IsRoot) Assert.Skip("creating network namespaces needs root");
        var first = await AgreeAsync(expectedNamespaces: 1);
        Assert.Equal(1, first.Sum("routedash_node_info", l => l["node"] == "metrics-test-node"));
        Assert.True(first.Sum("routedash_netlink_dump_duration_seconds_count") >= 1, "the first dump of the namespace was not timed");
        Assert.True(first.Sum("routedash_resyncs_total", l => l["reason"] == "initial") >= 1, "the first read of the namespace was not counted");
        double routeEvents = first.Sum("routedash_netlink_events_total", l => l["type"] == "route");

        // A second namespace and routes added to the first, behind the app's back.
        _namespaces.Add(NewNamespace());
        _namespaces[0].IpBatch(["route add 10.68.0.0/24 via 10.66.0.2", "route add 2001:db8:68::/64 via 2001:db8:66::2 table 200"]);
        var second = await AgreeAsync(expectedNamespaces: 2);
        Assert.True(second.Sum("routedash_netlink_events_total", l => l["type"] == "route") >= routeEvents + 2,
            $"route notices counted: {routeEvents} before, {second.Sum("routedash_netlink_events_total", l => l["type"] == "route")} after adding two routes");
        Assert.Equal(1, second.Sum("routedash_routes", l => l["family"] == "inet6" && l["table_kind"] == "other"));
        // The filter leaves the host (and everything else on the machine) out of the API and the metrics alike.
        Assert.Equal(0, second.Sum("routedash_namespaces", l => l["kind"] == "host"));
    }

    /// <summary>Polls until /metrics and the API agree on namespaces and routes (the stream follows within seconds).</summary>
    private async Task<IReadOnlyList<PromSample>> AgreeAsync(int expectedNamespaces)
    {
        string last = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(300, Ct))
        {
            var listed = await GetJsonAsync("/api/namespaces");
            int apiRoutes = 0;
            foreach (var ns in listed.EnumerateArray())
                apiRoutes += (await GetJsonAsync($"/api/namespaces/{ns.GetProperty("id").GetString()}/routes")).GetArrayLength();
            var metrics = PrometheusText.Parse(await _http!.GetStringAsync("/metrics", Ct));
            var ours = _namespaces.Select(n => n.Name).ToHashSet();
            bool listedOurs = listed.EnumerateArray().Select(n => n.GetProperty("name").GetString()).ToHashSet().SetEquals(ours);
            last = $"api: {listed.GetArrayLength()} namespaces, {apiRoutes} routes; metrics: {metrics.Sum("routedash_namespaces")} namespaces, {metrics.Sum("routedash_routes")} routes";
            if (listedOurs && listed.GetArrayLength() == expectedNamespaces
                && metrics.Sum("routedash_namespaces") == expectedNamespaces && metrics.Sum("routedash_routes") == apiRoutes)
                return metrics;
        }
        Assert.Fail($"metrics and API did not agree within 30 s ({last})");
        return null!;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http!.GetAsync(path, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        foreach (var ns in _namespaces) ns.Dispose();
    }
}
