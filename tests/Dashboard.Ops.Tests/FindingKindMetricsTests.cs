using Dashboard.Server.Analysis;
using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Dashboard.Server.Routing;
using Dashboard.TestSupport;
using Dashboard.Web.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Ops.Tests;

/// <summary>
/// Every finding kind has its series from the first scrape (a dashboard's panel and the error alert
/// need no per-kind change), and findings without a route (a VRF table, the rules) count like route ones.
/// </summary>
public sealed class FindingKindMetricsTests
{
    [Fact]
    public async Task Every_kind_has_its_series_and_the_namespace_kinds_are_counted()
    {
        var ns = new NetNamespace("ino-9", "ino-9", NamespaceKind.Process, "/proc/9/ns/net", 4026530009, 9, "pause", new PodRef("tenant-a", "db-0", null));
        var l3mdev = new Finding("f-l3m", ns.Id, FindingKind.L3mdevRuleMissing, Severity.Error, null, [], "no l3mdev rule", "…") { Family = IpFamily.Inet6 };
        var vrfDefault = new Finding("f-def", ns.Id, FindingKind.VrfTableNoDefault, Severity.Warning, null, [], "no default", "…") { Family = IpFamily.Inet, Table = 1001 };
        var node = new Node([new NamespaceStatus(ns, true, 3, 5, [new RouteCount(IpFamily.Inet, TableKind.Main, 5)], [l3mdev, vrfDefault], null)]);
        await using var app = await OpsTestApp.StartAsync(services: s => s.AddSingleton<INodeStatusSource>(node));
        using var client = app.Client();

        var m = PrometheusText.Parse(await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken));

        foreach (var kind in Enum.GetValues<FindingKind>())
            Assert.Contains(m, s => s.Name == "routedash_findings" && s.Labels["kind"] == FindingDto.KindName(kind));
        Assert.Equal(1, m.Sum("routedash_findings", l => l["kind"] == "l3mdev-rule-missing" && l["severity"] == "error"));
        Assert.Equal(1, m.Sum("routedash_findings", l => l["kind"] == "vrf-table-no-default" && l["severity"] == "warning"));
        Assert.Equal(0, m.Sum("routedash_findings", l => l["kind"] == "nexthop-link-down"));
        Assert.Equal(["f-def", "f-l3m"], m.Where(s => s.Name == "routedash_finding_info").Select(s => s.Labels["finding"]).Order(StringComparer.Ordinal));
    }

    private sealed class Node(IReadOnlyList<NamespaceStatus> statuses) : INodeStatusSource
    {
        public EventCounters Counters { get; } = new();
        public Task<IReadOnlyList<NamespaceStatus>> StatusAsync() => Task.FromResult(statuses);
    }
}
