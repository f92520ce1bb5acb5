using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Server.Analysis;
using Dashboard.Server.Audit;
using Dashboard.Server.Netlink;
using Dashboard.Web.Audit;
using Dashboard.Web.Health;
using Dashboard.Web.Metrics;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Ops.Tests;

public sealed class OpsEndpointsTests
{
    [Fact]
    public async Task Liveness_and_readiness_answer_200()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        var check = Assert.Single(body.GetProperty("checks").EnumerateArray());
        Assert.Equal("netlink", check.GetProperty("name").GetString());
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.Contains("links", check.GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_netlink_probe_counts_the_links_the_kernel_reports()
    {
        var (links, problem) = await NetlinkProbe.DumpLinksAsync(TimeSpan.FromSeconds(3));
        Assert.Null(problem);
        // Every link of this namespace, as /sys/class/net lists them (lo at least).
        Assert.Equal(Directory.GetFileSystemEntries("/sys/class/net").Length, links);
    }

    [Fact]
    public async Task Metrics_expose_the_series_with_the_values_set()
    {
        await using var app = await OpsTestApp.StartAsync();
        var applied = DashboardMetrics.Migrations.WithLabels("applied").Value;
        var refused = DashboardMetrics.Migrations.WithLabels("refused").Value;

        DashboardMetrics.ObserveNode(Snapshots());
        DashboardMetrics.ObserveFindings([Finding("a", FindingKind.MixedVrfEcmp), Finding("b", FindingKind.MixedVrfEcmp), Finding("c", FindingKind.InterVrfRoute)]);
        DashboardMetrics.CountMigration("applied");
        DashboardMetrics.CountMigration("applied");
        DashboardMetrics.CountNetlinkEvent(NetlinkEventKind.Route);
        DashboardMetrics.CountResync(ResyncReason.Overflow);
        DashboardMetrics.ObserveDump(DumpKind.Routes, TimeSpan.FromMilliseconds(3));

        using var client = app.Client();
        var text = await client.GetStringAsync("/metrics");
        double Value(string series)
        {
            var m = Regex.Match(text, "^" + Regex.Escape(series) + @" (\S+)$", RegexOptions.Multiline);
            Assert.True(m.Success, $"series {series} missing from /metrics");
            return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        Assert.Equal(1, Value("routedash_namespaces{kind=\"host\"}"));
        Assert.Equal(1, Value("routedash_namespaces{kind=\"named\"}"));
        Assert.Equal(1, Value("routedash_namespaces{kind=\"process\"}"));
        Assert.Equal(2, Value("routedash_routes{family=\"inet6\",table_kind=\"main\"}"));
        Assert.Equal(1, Value("routedash_routes{family=\"inet6\",table_kind=\"vrf\"}"));
        Assert.Equal(0, Value("routedash_routes{family=\"inet6\",table_kind=\"local\"}"));
        Assert.Equal(3, Value("routedash_routes{family=\"inet\",table_kind=\"local\"}"));
        Assert.Equal(2, Value("routedash_routes{family=\"inet\",table_kind=\"main\"}"));
        Assert.Equal(1, Value("routedash_routes{family=\"inet\",table_kind=\"other\"}"));
        Assert.Equal(2, Value("routedash_findings_open{kind=\"MixedVrfEcmp\"}"));
        Assert.Equal(1, Value("routedash_findings_open{kind=\"InterVrfRoute\"}"));
        Assert.Equal(0, Value("routedash_findings_open{kind=\"VrfMemberRouteInDefaultVrf\"}"));
        Assert.Equal(applied + 2, Value("routedash_migrations_total{outcome=\"applied\"}"));
        Assert.Equal(refused, Value("routedash_migrations_total{outcome=\"refused\"}"));
        Assert.True(Value("routedash_netlink_events_total{type=\"route\"}") >= 1);
        Assert.True(Value("routedash_resyncs_total{reason=\"overflow\"}") >= 1);
        Assert.True(Value("routedash_netlink_dump_duration_seconds_count{kind=\"routes\"}") >= 1);
        Assert.True(Value("routedash_netlink_dump_duration_seconds_bucket{kind=\"routes\",le=\"0.004\"}") >= 1);
        // No pod or namespace names leak into labels.
        Assert.DoesNotContain("blue", text);
        Assert.DoesNotContain("coredns", text);
    }

    [Fact]
    public async Task Audit_api_pages_the_trail_and_validates_its_arguments()
    {
        await using var app = await OpsTestApp.StartAsync();
        var log = app.Services.GetRequiredService<IAuditLog>();
        var http = new DefaultHttpContext { RequestServices = app.Services, User = Operator() };
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        var caller = AuditLogExtensions.CallerOf(http);
        await log.AppendAsync(AuditRecord.FromResult(AuditSamples.Result(MigrationOutcome.Applied, "host", "first"), caller.Actor, caller.Who, caller.From, DateTimeOffset.UtcNow));
        await log.AppendAsync(AuditRecord.FromResult(AuditSamples.Result(MigrationOutcome.RolledBack, "host", "second", "No route to host"), caller.Actor, caller.Who, caller.From, DateTimeOffset.UtcNow));
        Assert.True(File.Exists(Path.Combine(app.AuditDirectory, FileAuditLog.FileName)));

        using var client = app.Client();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/audit?limit=1");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("second", item.GetProperty("findingId").GetString());
        Assert.Equal("operator", item.GetProperty("who").GetString());
        Assert.Equal("192.0.2.7", item.GetProperty("from").GetString());
        Assert.Equal("No route to host", item.GetProperty("kernelError").GetString());
        Assert.True(page.GetProperty("hasMore").GetBoolean());
        var next = await client.GetFromJsonAsync<JsonElement>("/api/audit?offset=1&limit=10");
        Assert.Equal("first", Assert.Single(next.GetProperty("items").EnumerateArray()).GetProperty("findingId").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/audit?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/audit?limit=501")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/audit?offset=-1")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints_and_marks_mutations()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/audit", out _));
        Assert.True(paths.TryGetProperty("/api/test/read", out _));
        var mutate = paths.GetProperty("/api/test/mutate").GetProperty("post");
        Assert.True(mutate.TryGetProperty("security", out _));
        Assert.True(mutate.GetProperty("responses").TryGetProperty("403", out _));
        Assert.False(paths.TryGetProperty("/auth/signin", out _));
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }

    private static System.Security.Claims.ClaimsPrincipal Operator() =>
        Dashboard.Web.Security.StaticTokenAuthenticationHandler.CreatePrincipal(DashboardRoles.Operator, "test");

    private static Route R(IpFamily family, uint table, string dst) =>
        new() { Family = family, Table = table, Dst = IpPrefix.Parse(dst), Oif = AuditSamples.Eth0 };

    private static NamespaceSnapshot[] Snapshots()
    {
        var host = new NamespaceSnapshot(new NetNamespace("host", "host", NamespaceKind.Host, "/proc/1/ns/net", 1, 1, null, null),
            DateTimeOffset.UtcNow, AuditSamples.Links, [], [],
            [
                AuditSamples.MixedDefault, R(IpFamily.Inet6, RoutingTable.Main, "2001:db8::/64"), AuditSamples.InVrf,
                R(IpFamily.Inet, RoutingTable.Local, "127.0.0.1/32"), R(IpFamily.Inet, RoutingTable.Local, "10.0.0.1/32"),
                R(IpFamily.Inet, 100, "10.9.0.0/16"), R(IpFamily.Inet, RoutingTable.Main, "0.0.0.0/0"),
            ], false);
        var named = new NamespaceSnapshot(new NetNamespace("blue", "blue", NamespaceKind.Named, "/run/netns/blue", 2, null, null, null),
            DateTimeOffset.UtcNow, [], [], [], [R(IpFamily.Inet, RoutingTable.Main, "10.1.0.0/24")], false);
        var pod = new NamespaceSnapshot(new NetNamespace("ino-3", "kube-system/coredns", NamespaceKind.Process, "/proc/42/ns/net", 3, 42, "coredns",
                new PodRef("kube-system", "coredns", null)),
            DateTimeOffset.UtcNow, [], [], [], [R(IpFamily.Inet, RoutingTable.Local, "10.2.0.5/32")], false);
        return [host, named, pod];
    }

    private static Finding Finding(string id, FindingKind kind) =>
        new(id, "host", kind, Severity.Warning, AuditSamples.MixedDefault, [], id, id);
}
