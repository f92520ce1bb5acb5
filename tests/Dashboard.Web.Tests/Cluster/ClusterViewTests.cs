using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Server.Events;
using Dashboard.Server.Routing;
using Dashboard.Web.Cluster;
using Dashboard.Web.Metrics;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Cluster;

/// <summary>
/// The cluster view end to end: a real Prometheus scrapes three real dashboard processes on loopback,
/// each standing for a node (its own Dashboard__NodeName, its own namespaces through
/// Dashboard__Namespaces__Include, its metrics-only listener, one with a metrics token), and a
/// cluster-only dashboard process reads Prometheus and shows them, in its API and in chromium, and
/// then a node that was stopped, and then Prometheus gone. A fourth node stands for a VRF node: the
/// real app in-process, with the issue-1253 pod built in code behind its metrics' status source,
/// because this host's kernel has no VRF to make that finding for real. Needs root and Prometheus.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ClusterViewTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private const string MetricsToken = "cluster-test-metrics-token-0123456789";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<IAsyncDisposable> _cleanup = [];
    // Processes being started: whatever fails later, each one that came up is killed at the end.
    private readonly List<Task<DashboardProcess>> _processes = [];
    private readonly List<TestNamespace> _namespaces = [];
    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task All_nodes_are_shown_from_Prometheus_with_a_stopped_node_marked_down()
    {
        if (!Shell.IsRoot) Assert.Skip("the node dashboards need root (they read network namespaces)");
        if (!File.Exists(PrometheusServer.Binary))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail($"{PrometheusServer.Binary} is missing: tests/run-all.sh installs prometheus");
            Assert.Skip($"{PrometheusServer.Binary} is not installed (apt-get install prometheus)");
        }
        var started = DateTimeOffset.UtcNow;
        int pid = Environment.ProcessId;
        // The namespaces each "node" sees: its own, by name.
        foreach (var (purpose, count) in new[] { ("ca", 2), ("cb", 1), ("cc", 1) })
            for (int i = 0; i < count; i++) _namespaces.Add(Namespace(purpose, i));
        var tokenFile = _dir.File("metrics-token");
        await File.WriteAllTextAsync(tokenFile, MetricsToken, Ct);

        var metricsPorts = new[] { FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next() };
        Task<DashboardProcess> Node(string name, string purpose, int metricsPort, bool token) => Started(DashboardProcess.StartAsync(new Dictionary<string, string>
        {
            ["Dashboard__NodeName"] = name,
            ["Dashboard__Namespaces__Include"] = $"rdt-{purpose}-{pid}-*",
            ["Dashboard__MetricsListenAddress"] = $"127.0.0.1:{metricsPort}",
            ["Dashboard__MetricsTokenFile"] = token ? tokenFile : "",
        }, Ct));
        var nodeA = Node("node-a", "ca", metricsPorts[0], token: false);
        var nodeB = Node("node-b", "cb", metricsPorts[1], token: true);
        var nodeC = Node("node-c", "cc", metricsPorts[2], token: false);
        var vrfNode = new DashboardApp(services => services.AddSingleton<INodeStatusSource>(new VrfNode()), new Dictionary<string, string?>
        {
            ["Dashboard:NodeName"] = "node-vrf",
            ["Dashboard:Namespaces:Include"] = "rdt-nothing-here",
            ["Dashboard:MetricsListenAddress"] = $"127.0.0.1:{metricsPorts[3]}",
        }).Start();
        _cleanup.Add(vrfNode);
        var prometheus = await PrometheusServer.StartAsync([
            new PrometheusServer.Job("routedash", [$"127.0.0.1:{metricsPorts[0]}", $"127.0.0.1:{metricsPorts[2]}", $"127.0.0.1:{metricsPorts[3]}"]),
            new PrometheusServer.Job("routedash-token", [$"127.0.0.1:{metricsPorts[1]}"], tokenFile),
        ], Ct);
        _cleanup.Add(prometheus);
        // The cluster view runs unprivileged where the published app is readable by others (CI), as its Deployment does.
        bool unprivileged = DashboardProcess.OthersCanRun(DashboardProcess.AppDirectory);
        var clusterView = Started(DashboardProcess.StartAsync(new Dictionary<string, string>
        {
            ["Dashboard__Cluster__Only"] = "true",
            ["Dashboard__Cluster__PrometheusUrl"] = prometheus.Url,
            ["Dashboard__Cluster__RefreshInterval"] = "00:00:01",
            ["Dashboard__Cluster__NodeUrlTemplate"] = "http://{node}.nodes.example:5080/ns/{namespace}",
        }, Ct, asUser: unprivileged ? 65534 : null));
        var (a, b, c, cluster) = (await nodeA, await nodeB, await nodeC, await clusterView);
        if (unprivileged) Assert.Equal(65534, cluster.Uid);
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Url), Timeout = TimeSpan.FromSeconds(30) };

        // Every node up, with what its own API says about its namespaces and routes (asked again each
        // round: the kernel adds link-local routes once the veths' addresses have passed DAD).
        var expected = new Dictionary<string, (int Namespaces, int Routes)>();
        var view = await WaitForAsync(http, async v =>
            {
                expected["node-a"] = await CountAsync(a);
                expected["node-b"] = await CountAsync(b);
                expected["node-c"] = await CountAsync(c);
                expected["node-vrf"] = (2, 13);
                return v.Nodes.Count == 4 && v.Nodes.All(n => n.Up && expected.TryGetValue(n.Node, out var e) && (n.Namespaces, n.Routes) == e);
            },
            () => $"expected {string.Join(", ", expected.Select(e => $"{e.Key}: {e.Value}"))}");
        var vrf = view.Nodes.Single(n => n.Node == "node-vrf");
        var finding = Assert.Single(vrf.FindingList);
        Assert.Equal((SampleNode.PodNs, "tenant-a", "frontend-7d9f8b6c5-x2x8q", "mixed-vrf-ecmp", "error", SampleNode.FindingId),
            (finding.NamespaceId, finding.PodNamespace, finding.Pod, finding.Kind, finding.Severity, finding.Id));
        Assert.Equal($"http://node-vrf.nodes.example:5080/ns/{SampleNode.PodNs}", finding.Url);
        Assert.Equal([new FindingCount("mixed-vrf-ecmp", "error", 1)], vrf.FindingCounts);
        Assert.Equal("http://node-a.nodes.example:5080/", view.Nodes.Single(n => n.Node == "node-a").Url);
        Assert.All(view.Nodes.Where(n => n.Node != "node-vrf"), n => Assert.Empty(n.FindingList));
        Assert.All(view.Nodes, n => Assert.InRange(n.LastScrape, started, DateTimeOffset.UtcNow.AddSeconds(1)));

        var page = await chromium.NewPageAsync();
        // The page is prerendered: a fresh process's first response compiles every component it shows
        // (before prerendering, the circuit did that, under the 60 s below), and on a loaded machine
        // that outlasts the browser's default 15 s.
        await page.GotoAsync($"{cluster.Url}/cluster", new() { Timeout = 60_000 });
        await page.InteractiveAsync();
        var rows = page.Locator("[data-testid=node-table] tbody tr");
        // The process's first circuit compiles every component it shows: on a loaded machine that takes a while.
        await Assertions.Expect(rows).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        await Assertions.Expect(Row(page, "node-a").Locator("[data-testid=node-namespaces]")).ToHaveTextAsync("2");
        await Assertions.Expect(Row(page, "node-b").Locator("[data-testid=node-routes]")).ToHaveTextAsync(expected["node-b"].Routes.ToString());
        var findingRow = page.Locator("[data-testid=cluster-finding]");
        await Assertions.Expect(findingRow).ToHaveCountAsync(1);
        await Assertions.Expect(findingRow).ToContainTextAsync("tenant-a/frontend-7d9f8b6c5-x2x8q");
        await Assertions.Expect(findingRow).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("finding-error"));
        // Node pages do not exist in a cluster-only dashboard: the node overview leads to the cluster view.
        await page.GotoAsync($"{cluster.Url}/", new() { Timeout = 60_000 });
        await page.InteractiveAsync();
        // Navigated inside the circuit (history API, no load event), once the new circuit is up.
        try
        {
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("All nodes", new() { Timeout = 45_000 });
            await Assertions.Expect(page).ToHaveURLAsync($"{cluster.Url}/cluster");
        }
        catch { await page.ScreenshotAsync(new() { Path = "/tmp/cluster-redirect-fail.png" }); throw; }
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/namespaces", Ct)).StatusCode);

        // node-c stops: down, with its last good scrape, not hidden; the rest stay up.
        var lastSeenUp = view.Nodes.Single(n => n.Node == "node-c").LastScrape;
        await c.KillAsync();
        var stoppedAt = DateTimeOffset.UtcNow;
        // One scrape of another node can miss its 900 ms timeout on a loaded machine (that node is down for a
        // second, rightly): the view to check is one where node-c is down and the others answered.
        view = await WaitForAsync(http, v => Task.FromResult(v.Nodes.Any(n => n.Node == "node-c" && !n.Up)
                && v.Nodes.Where(n => n.Node != "node-c").All(n => n.Up)),
            () => "node-c still up, or another node down with it");
        var down = view.Nodes.Single(n => n.Node == "node-c");
        Assert.Equal("the last scrape failed", down.DownReason);
        // Its last good scrape: no older than one this test saw while it was up (on a loaded machine the
        // scrapes just before the kill may have missed their 900 ms timeout), none after the kill.
        Assert.InRange(down.LastScrape, lastSeenUp, stoppedAt);
        Assert.Null(down.Namespaces);
        Assert.Equal("node-c", view.Nodes[0].Node); // down nodes first
        Assert.All(view.Nodes.Where(n => n.Node != "node-c"), n => Assert.True(n.Up, $"{n.Node} is down: {n.DownReason}"));

        await Assertions.Expect(Row(page, "node-c").Locator("[data-testid=node-state]")).ToContainTextAsync("down");
        await Assertions.Expect(Row(page, "node-c")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("node-down"));
        await Assertions.Expect(Row(page, "node-c").Locator("[data-testid=node-last-scrape]")).ToContainTextAsync(down.LastScrape.ToLocalTime().ToString("HH:mm:ss"));
        await Assertions.Expect(Row(page, "node-a").Locator("[data-testid=node-state]")).ToContainTextAsync("up");
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = ScreenshotTests.ScreenshotPath("cluster.png"), FullPage = true });

        // Prometheus gone: the API answers 503 ProblemDetails, the page says so and keeps the last answer as stale.
        await prometheus.KillAsync();
        var problem = await WaitForProblemAsync(http);
        Assert.Equal("Prometheus unreachable", problem.GetProperty("title").GetString());
        Assert.Contains(prometheus.Url, problem.GetProperty("detail").GetString());
        await Assertions.Expect(page.Locator("[data-testid=cluster-error]")).ToContainTextAsync("unreachable");
        await Assertions.Expect(page.Locator("[data-testid=cluster-updated]")).ToContainTextAsync("stale");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
    }

    private Task<DashboardProcess> Started(Task<DashboardProcess> starting)
    {
        _processes.Add(starting);
        return starting;
    }

    private static ILocator Row(IPage page, string node) =>
        page.Locator("[data-testid=node-table] tbody tr", new() { Has = page.Locator("[data-testid=node-name]", new() { HasTextString = node }) });

    private TestNamespace Namespace(string purpose, int i)
    {
        var ns = new TestNamespace(purpose);
        ns.AddVeth("cv0", "cv1");
        ns.IpBatch([$"addr add 10.70.{i}.1/24 dev cv0", $"route add 10.71.{i}.0/24 via 10.70.{i}.2", $"route add 10.72.{i}.0/24 via 10.70.{i}.2 table 100"]);
        return ns;
    }

    /// <summary>What a node's own API lists: namespaces and the routes of all of them.</summary>
    private static async Task<(int, int)> CountAsync(DashboardProcess node)
    {
        using var http = new HttpClient { BaseAddress = new Uri(node.Url) };
        // Its live stream (and so its metrics) picks up the namespaces within the first seconds; the API reads afresh.
        var list = await http.GetFromJsonAsync<JsonElement>("/api/namespaces", Ct);
        int routes = 0;
        foreach (var ns in list.EnumerateArray())
            routes += (await http.GetFromJsonAsync<JsonElement>($"/api/namespaces/{ns.GetProperty("id").GetString()}/routes", Ct)).GetArrayLength();
        return (list.GetArrayLength(), routes);
    }

    private static async Task<ClusterView> WaitForAsync(HttpClient http, Func<ClusterView, Task<bool>> done, Func<string> what)
    {
        string last = "";
        // Generous: on a loaded 2-core machine the first answers of freshly started processes take seconds.
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline; await Task.Delay(250, Ct))
        {
            HttpResponseMessage response;
            try { response = await http.GetAsync("/api/cluster", Ct); }
            catch (TaskCanceledException e) when (!Ct.IsCancellationRequested) { last = e.Message; continue; }
            using var _ = response;
            last = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode != HttpStatusCode.OK) continue;
            var view = JsonSerializer.Deserialize<ClusterView>(last, Json)!;
            if (await done(view)) return view;
        }
        Assert.Fail($"the cluster view did not get there within 90 s ({what()}); last answer: {last}");
        return null!;
    }

    private static async Task<JsonElement> WaitForProblemAsync(HttpClient http)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(250, Ct))
        {
            using var response = await http.GetAsync("/api/cluster", Ct);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            }
        }
        Assert.Fail("GET /api/cluster did not answer 503 within 20 s of Prometheus going away");
        return default;
    }

    /// <summary>
    /// The issue-1253 pod (SampleNode) and a plain namespace as a live model would report them: a
    /// stand-in for a node with a real VRF, which this host's kernel cannot make.
    /// </summary>
    private sealed class VrfNode : INodeStatusSource
    {
        public EventCounters Counters { get; } = new();

        public Task<IReadOnlyList<NamespaceStatus>> StatusAsync()
        {
            var pod = SampleNode.PodSnapshot();
            IReadOnlyList<NamespaceStatus> statuses =
            [
                new(SampleNode.PodNamespace, true, pod.Links.Count, pod.Routes.Count, Counts(pod.Routes), [SampleNode.MixedFinding.Finding], null),
                new(SampleNode.PlainNamespace, true, 1, 2, [new RouteCount(IpFamily.Inet, TableKind.Local, 2)], [], null),
            ];
            return Task.FromResult(statuses);
        }

        private static List<RouteCount> Counts(IReadOnlyList<Route> routes) => routes
            .GroupBy(r => (r.Family, Kind: r.Table switch { RoutingTable.Main => TableKind.Main, RoutingTable.Local => TableKind.Local, 1001 => TableKind.Vrf, _ => TableKind.Other }))
            .Select(g => new RouteCount(g.Key.Family, g.Key.Kind, g.Count())).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var starting in _processes)
        {
            try { await (await starting).DisposeAsync(); }
            catch (Exception) { } // it did not come up: StartAsync has killed it already
        }
        foreach (var d in Enumerable.Reverse(_cleanup)) await d.DisposeAsync();
        foreach (var ns in _namespaces) ns.Dispose();
        _dir.Dispose();
    }
}
