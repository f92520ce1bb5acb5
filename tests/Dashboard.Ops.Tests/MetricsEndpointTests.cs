using System.Net;
using Dashboard.Server.Analysis;
using Dashboard.Server.Audit;
using Dashboard.Server.Events;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Dashboard.TestSupport;
using Dashboard.Web.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Ops.Tests;

/// <summary>
/// /metrics as the operations extensions serve it, on a real Kestrel host with its own registry. The
/// live-stream sums are checked against real namespaces in the web tests (NodeMetricsTests); here a
/// node built in code stands behind <see cref="INodeStatusSource"/> for what a kernel without VRF
/// cannot show (findings), and the audit trail is a real file written as the processes write it.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string MetricsToken = "metrics-token-for-tests-0123456789";

    [Fact]
    public async Task A_dashboard_without_a_live_stream_exports_no_node_series()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        var text = await client.GetStringAsync("/metrics");
        var samples = PrometheusText.Parse(text);
        Assert.Contains("process_cpu_seconds_total", samples.Names());
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("routedash_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_findings_are_counted_and_named_with_their_pods_up_to_the_limit()
    {
        var node = new InCodeNode();
        var pod = Namespace("ino-7", NamespaceKind.Process, new PodRef("tenant-a", "frontend-1", null));
        var named = Namespace("blue", NamespaceKind.Named, null);
        node.Statuses = [
            Status(pod, Finding("f-err-1", "ino-7", FindingKind.MixedVrfEcmp, Severity.Error), Finding("f-warn", "ino-7", FindingKind.VrfMemberRouteInDefaultVrf, Severity.Warning)),
            Status(named, Finding("f-err-2", "blue", FindingKind.MixedVrfEcmp, Severity.Error)),
        ];
        await using var app = await OpsTestApp.StartAsync(
            settings: new Dictionary<string, string?> { ["Dashboard:MetricsFindingInfoLimit"] = "2", ["Dashboard:NodeName"] = "node-7" },
            services: s => s.AddSingleton<INodeStatusSource>(node));
        using var client = app.Client();

        var m = PrometheusText.Parse(await client.GetStringAsync("/metrics"));
        Assert.Equal(2, m.Sum("routedash_findings", l => l["kind"] == "mixed-vrf-ecmp" && l["severity"] == "error"));
        Assert.Equal(1, m.Sum("routedash_findings", l => l["kind"] == "vrf-member-route-in-default-vrf" && l["severity"] == "warning"));
        Assert.Equal(2, m.Sum("routedash_findings_open", l => l["kind"] == "MixedVrfEcmp"));
        Assert.Equal(1, m.Sum("routedash_node_info", l => l["node"] == "node-7"));
        // Errors first: the warning is the one the limit leaves out, and it is counted as left out.
        var info = m.Where(s => s.Name == "routedash_finding_info").ToList();
        Assert.Equal(["f-err-1", "f-err-2"], info.Select(s => s.Labels["finding"]).Order(StringComparer.Ordinal));
        var podFinding = Assert.Single(info, s => s.Labels["finding"] == "f-err-1");
        Assert.Equal(("ino-7", "tenant-a", "frontend-1", "mixed-vrf-ecmp", "error"),
            (podFinding.Labels["namespace_id"], podFinding.Labels["pod_namespace"], podFinding.Labels["pod"], podFinding.Labels["kind"], podFinding.Labels["severity"]));
        Assert.Equal(1, m.Sum("routedash_finding_info_omitted"));
        Assert.Equal(2, m.Sum("routedash_namespaces"));

        // The pod's error is fixed: its series goes, the warning takes the free place, nothing is left out.
        node.Statuses = [Status(pod, Finding("f-warn", "ino-7", FindingKind.VrfMemberRouteInDefaultVrf, Severity.Warning)), node.Statuses[1]];
        m = PrometheusText.Parse(await client.GetStringAsync("/metrics"));
        Assert.Equal(["f-err-2", "f-warn"], m.Where(s => s.Name == "routedash_finding_info").Select(s => s.Labels["finding"]).Order(StringComparer.Ordinal));
        Assert.Equal(0, m.Sum("routedash_finding_info_omitted"));
        Assert.Equal(1, m.Sum("routedash_findings", l => l["kind"] == "mixed-vrf-ecmp"));
    }

    [Fact]
    public async Task Changes_in_the_audit_trail_are_counted_by_action_actor_and_outcome_whoever_wrote_them()
    {
        var node = new InCodeNode();
        await using var app = await OpsTestApp.StartAsync(services: s => s.AddSingleton<INodeStatusSource>(node));
        // The CLI and the policy are other processes: they append to the same file through their own log.
        var otherProcess = new FileAuditLog(app.AuditDirectory, NullLogger<FileAuditLog>.Instance);
        await otherProcess.AppendAsync(Record("cli", "migration", MigrationOutcome.Applied));
        await otherProcess.AppendAsync(Record("policy", "migration", MigrationOutcome.RolledBack));
        await otherProcess.AppendAsync(Record("dashboard", "migration", MigrationOutcome.Applied));
        using var client = app.Client();

        var m = PrometheusText.Parse(await client.GetStringAsync("/metrics"));
        double Changes(string action, string actor, string outcome) =>
            m.Sum("routedash_route_changes_total", l => l["action"] == action && l["actor"] == actor && l["outcome"] == outcome);
        Assert.Equal(1, Changes("migration", "cli", "applied"));
        Assert.Equal(1, Changes("migration", "policy", "rolled-back"));
        Assert.Equal(1, Changes("migration", "dashboard", "applied"));
        Assert.Equal(0, Changes("migration", "cni", "applied"));
        Assert.Equal(2, m.Sum("routedash_migrations_total", l => l["outcome"] == "Applied"));

        // Only what was appended since the last scrape is added; a recovery gets its own series.
        await otherProcess.AppendAsync(Record("cli", "migration", MigrationOutcome.Applied));
        await otherProcess.AppendAsync(Record("cli", "recovery", MigrationOutcome.RolledBack));
        m = PrometheusText.Parse(await client.GetStringAsync("/metrics"));
        Assert.Equal(2, Changes("migration", "cli", "applied"));
        Assert.Equal(1, Changes("recovery", "cli", "rolled-back"));
        Assert.Equal(1, Changes("migration", "dashboard", "applied"));
        Assert.Equal(3, m.Sum("routedash_migrations_total", l => l["outcome"] == "Applied"));
    }

    [Fact]
    public async Task The_metrics_listener_serves_metrics_and_nothing_else()
    {
        await using var app = await OpsTestApp.StartAsync(
            settings: new Dictionary<string, string?> { ["Dashboard:MetricsListenAddress"] = "127.0.0.1:0" },
            services: s => s.AddSingleton<INodeStatusSource>(new InCodeNode()));
        var listener = app.Services.GetServices<IHostedService>().OfType<MetricsListener>().Single();
        Assert.NotNull(listener.Address);
        Assert.NotEqual(app.BaseAddress.Port, listener.Address.Port);
        using var client = new HttpClient { BaseAddress = listener.Address, Timeout = TimeSpan.FromSeconds(20) };

        var metrics = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("routedash_node_info", await metrics.Content.ReadAsStringAsync());
        foreach (var path in new[] { "/", "/healthz", "/readyz", "/api/audit", "/api/test/read", "/openapi/v1.json", "/metrics/x", "/account/signin" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/test/mutate", null)).StatusCode);
        // The dashboard's own listener keeps its /metrics and everything else.
        using var main = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await main.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await main.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_metrics_token_is_needed_on_both_listeners_and_a_missing_file_admits_no_one()
    {
        await using var app = await OpsTestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Dashboard:MetricsListenAddress"] = "127.0.0.1:0",
            ["Dashboard:MetricsTokenFile"] = "/nonexistent/metrics-token",
        });
        var tokenFile = app.Dir("metrics-token");
        await File.WriteAllTextAsync(tokenFile, MetricsToken + "\n");
        await using var withToken = await OpsTestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Dashboard:MetricsListenAddress"] = "127.0.0.1:0",
            ["Dashboard:MetricsTokenFile"] = tokenFile,
        });
        var listener = withToken.Services.GetServices<IHostedService>().OfType<MetricsListener>().Single();
        foreach (var baseAddress in new[] { listener.Address!, withToken.BaseAddress })
        {
            using var anonymous = new HttpClient { BaseAddress = baseAddress };
            var refused = await anonymous.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
            using var wrong = withToken.Client();
            wrong.BaseAddress = baseAddress;
            wrong.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-metrics-token-0123456789");
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/metrics")).StatusCode);
            using var right = new HttpClient { BaseAddress = baseAddress };
            right.DefaultRequestHeaders.Authorization = new("Bearer", MetricsToken);
            Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/metrics")).StatusCode);
            // The operator token is not a metrics token.
            using var op = new HttpClient { BaseAddress = baseAddress };
            op.DefaultRequestHeaders.Authorization = new("Bearer", OpsTestApp.OperatorToken);
            Assert.Equal(HttpStatusCode.Unauthorized, (await op.GetAsync("/metrics")).StatusCode);
        }

        // A configured token file that cannot be read refuses every scrape rather than opening /metrics.
        var missing = app.Services.GetServices<IHostedService>().OfType<MetricsListener>().Single();
        using var client = new HttpClient { BaseAddress = missing.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", MetricsToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);

    }

    private static NetNamespace Namespace(string id, NamespaceKind kind, PodRef? pod) =>
        new(id, id, kind, $"/run/netns/{id}", 4026530000, null, null, pod);

    private static NamespaceStatus Status(NetNamespace ns, params Finding[] findings) =>
        new(ns, true, 2, 3, [new RouteCount(IpFamily.Inet6, TableKind.Main, 3)], findings, null);

    private static Finding Finding(string id, string ns, FindingKind kind, Severity severity) =>
        new(id, ns, kind, severity, AuditSamples.MixedDefault, [], id, id);

    private static AuditRecord Record(string actor, string action, MigrationOutcome outcome) =>
        AuditRecord.FromResult(AuditSamples.Result(outcome), actor, "test", null, DateTimeOffset.UtcNow) with { Action = action };

    /// <summary>A node built in code: what a kernel without VRF cannot show (findings) behind the metrics' source.</summary>
    private sealed class InCodeNode : INodeStatusSource
    {
        public IReadOnlyList<NamespaceStatus> Statuses { get; set; } = [];
        public EventCounters Counters { get; } = new();
        public Task<IReadOnlyList<NamespaceStatus>> StatusAsync() => Task.FromResult(Statuses);
    }
}
