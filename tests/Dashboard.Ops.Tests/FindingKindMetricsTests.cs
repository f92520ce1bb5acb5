using Dashboard.Server.Analysis;
using Dashboard.Server.Events;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Ops.Tests;

/// <summary>
/// The new finding kinds in /metrics the way a node produces them: a real namespace on the host kernel,
/// the real live stream (dump, analysis, live model), and the exporter finding that stream as a node does
/// (no status source of the test's own). The host kernel has no VRF, so of issue 10's kinds it can show
/// nexthop-link-down (a veth whose peer is down); every kind's series exists from the first scrape, so a
/// panel or alert needs no change per kind. Needs root.
/// </summary>
public sealed class FindingKindMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_path_without_carrier_is_counted_by_kind_and_severity_and_gone_when_the_carrier_comes()
    {
        if (!Shell.IsRoot) Assert.Skip("creating network namespaces needs root");
        using var ns = new TestNamespace("fkm");
        ns.AddVeth("eth1", "eth1p");
        ns.IpBatch(["addr add 10.72.0.2/24 dev eth1", "route add 10.75.0.0/16 via 10.72.0.1 dev eth1", "link set eth1p down"]);
        var options = new EventsOptions();
        using var live = new LiveStream([new NamespaceResolver().ByName(ns.Name)], KernelNetlink.Instance, new LiveEventBus(options, new EventCounters()), options);
        await live.StartAsync(Ct);
        try
        {
            await using var app = await OpsTestApp.StartAsync(services: s => s.AddSingleton(live));
            using var client = app.Client();

            var m = await ScrapeUntilAsync(client, m => m.Sum("routedash_findings", l => l["kind"] == "nexthop-link-down") == 1);
            foreach (var kind in Enum.GetValues<FindingKind>())
                Assert.Contains(m, s => s.Name == "routedash_findings" && s.Labels["kind"] == FindingKinds.Name(kind));
            Assert.Equal(1, m.Sum("routedash_findings", l => l["kind"] == "nexthop-link-down" && l["severity"] == "warning"));
            Assert.Equal(1, m.Sum("routedash_findings_open", l => l["kind"] == nameof(FindingKind.NexthopLinkDown)));
            var info = Assert.Single(m, s => s.Name == "routedash_finding_info");
            Assert.Equal(("nexthop-link-down", "warning"), (info.Labels["kind"], info.Labels["severity"]));

            // The carrier comes back: the kernel clears linkdown, the live model closes the finding, the series drops to 0.
            ns.Ip("link", "set", "eth1p", "up");
            m = await ScrapeUntilAsync(client, m => m.Sum("routedash_findings", l => l["kind"] == "nexthop-link-down") == 0);
            Assert.DoesNotContain(m, s => s.Name == "routedash_finding_info");
        }
        finally { await live.StopAsync(CancellationToken.None); }
    }

    /// <summary>Scrapes until the condition holds: the stream follows the kernel within a second or so.</summary>
    private static async Task<IReadOnlyList<PromSample>> ScrapeUntilAsync(HttpClient client, Func<IReadOnlyList<PromSample>, bool> done)
    {
        IReadOnlyList<PromSample> m = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200, Ct))
        {
            m = PrometheusText.Parse(await client.GetStringAsync("/metrics", Ct));
            if (done(m)) return m;
        }
        Assert.Fail("the metrics did not reach the expected state within 30 s: "
            + string.Join(", ", m.Where(s => s.Name == "routedash_findings" && s.Value != 0).Select(s => $"{s.Labels["kind"]}/{s.Labels["severity"]}={s.Value}")));
        return m;
    }
}
