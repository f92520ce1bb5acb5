using Dashboard.Server.Events;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Tests.Data;

/// <summary>
/// The pages' data in the real app with its real live stream, on a real namespace: served from the live
/// model (no netlink read per page or per burst of changes), the same routes a fresh read gives, in the
/// page's order, and following a change made with `ip`. Needs root.
/// </summary>
public sealed class LiveModelDataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Namespace_page_comes_from_the_live_model_sorted_and_follows_changes_without_a_netlink_read()
    {
        using var ns = TestNamespace.WithSampleRoutes();
        // Only the pages' reads are counted: the live stream keeps reading the kernel through its own
        // INetlink (its first dump, and re-reads after address changes such as DAD completing).
        var reads = new CountingNetlink(KernelNetlink.Instance, ns.Path);
        using var app = new DashboardApp(s => s.RemoveAll<NamespaceViews>()
            .AddSingleton(sp => new NamespaceViews(reads, sp.GetRequiredService<LiveStream>()))).Start();
        var data = app.Services.GetRequiredService<DashboardData>();
        var stream = app.Services.GetRequiredService<LiveStream>();
        var id = Assert.Single(app.Services.GetRequiredService<INamespaceCatalog>().List(), n => n.Path == ns.Path).Id;
        await Until(async () => await stream.ViewAsync(id) is not null, "the stream to load the namespace");

        // IPv6 link-local addresses (and their local routes) arrive after DAD, a second or two after the
        // veths came up: compare once both are there and the page and a fresh read agree on the count.
        NamespaceView view = null!;
        NamespaceSnapshot fresh = null!;
        await Until(async () =>
        {
            view = await data.LoadAsync(id, Ct);
            fresh = KernelNetlink.Instance.Read(view.Snapshot.Namespace, Ct);
            return fresh.Routes.Count(r => r.Table == RoutingTable.Local && r.Dst.Address.IsIPv6LinkLocal) == 2
                && fresh.Routes.Count == view.Snapshot.Routes.Count;
        }, "both link-local addresses, and the page and a fresh read to hold the same number of routes");
        var overview = await data.OverviewAsync(Ct);
        Assert.Equal(0, reads.Count);

        Assert.All(fresh.Routes, r => Assert.Contains(view.Snapshot.Routes, m => RouteComparer.SameRoute(m, r)));
        Assert.Equal(RouteOrder.Sort(fresh.Routes).Select(r => RouteText.Show(r, fresh.Topology)), view.Snapshot.Routes.Select(r => RouteText.Show(r, view.Names)));
        Assert.Equal(fresh.Routes.Count, Assert.Single(overview, s => s.Namespace.Id == id).Routes);
        // Main before the other tables, local last; default and shorter prefixes first within a table.
        Assert.Equal(["10.77.0.0/24", "10.80.0.0/24"], view.Snapshot.Routes.Where(r => r.Family == IpFamily.Inet && r.Table == RoutingTable.Main).Select(r => r.Dst.ToString()));
        Assert.Equal(RoutingTable.Local, view.Snapshot.Routes.Last(r => r.Family == IpFamily.Inet).Table);

        ns.Ip("route", "add", "10.1.0.0/16", "via", "10.77.0.2");
        await Until(async () => (await data.LoadAsync(id, Ct)).Snapshot.Routes.Any(r => r.Dst == IpPrefix.Parse("10.1.0.0/16")), "the new route on the page");
        var after = await data.LoadAsync(id, Ct);
        Assert.Equal("10.1.0.0/16", after.Snapshot.Routes.First(r => r.Table == RoutingTable.Main).Dst.ToString());
        Assert.Equal(0, reads.Count);
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"waited 15 s for {what}");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>
    /// The kernel's netlink, counting reads of the namespace at <paramref name="path"/>. Handles and
    /// subscriptions are passed through uncounted: they are the migration service's and the stream's.
    /// </summary>
    private sealed class CountingNetlink(INetlink inner, string path) : INetlink
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public NamespaceSnapshot Read(NetNamespace ns, CancellationToken cancellationToken = default)
        {
            if (ns.Path == path) Interlocked.Increment(ref _count);
            return inner.Read(ns, cancellationToken);
        }

        public INetlinkHandle Open(NetNamespace ns) => inner.Open(ns);

        public NetlinkHandle Subscribe(NetNamespace ns, int receiveBufferBytes) => inner.Subscribe(ns, receiveBufferBytes);
    }
}
