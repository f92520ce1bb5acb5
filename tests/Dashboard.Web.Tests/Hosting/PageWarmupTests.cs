using Dashboard.Server.Events;
using Dashboard.Web.Data;
using Dashboard.Web.Hosting;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>
/// The real app (Program, the real live stream over rtnetlink) started over two namespaces made with `ip`:
/// before anyone opens a page, it has rendered the larger one's page and holds its page data, so the first
/// open neither compiles the render path nor sorts the routes. Needs root.
/// </summary>
public sealed class PageWarmupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_largest_namespace_is_rendered_and_its_page_data_cached_before_the_first_open()
    {
        TestNamespace.RequireRoot();
        string prefix = $"rdt-wu-{Environment.ProcessId}-";
        using var small = new TestNamespace("wu");
        using var large = new TestNamespace("wu");
        small.AddVeth();
        small.IpBatch(["addr add 10.91.0.1/24 dev eth0", "route add 10.92.0.0/24 via 10.91.0.2"]);
        large.AddVeth();
        large.IpBatch(["addr add 10.93.0.1/24 dev eth0",
            .. Enumerable.Range(0, 600).Select(i => $"route add 10.{100 + i / 256}.{i % 256}.0/24 via 10.93.0.2 table {100 + i % 3}")]);
        small.WaitAddressesSettled();
        large.WaitAddressesSettled();

        await using var app = new DashboardApp(settings: new Dictionary<string, string?> { ["Dashboard:Namespaces:Include"] = prefix + "*" }).Start();
        var warmed = await app.Services.GetRequiredService<PageWarmup>().Done.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.NotNull(warmed);
        Assert.Equal(large.Name, warmed.NamespaceId);
        var data = app.Services.GetRequiredService<DashboardData>();
        var listed = (await data.OverviewAsync(Ct)).Single(s => s.Namespace.Id == large.Name);
        Assert.Equal(listed.Routes, warmed.Routes);
        Assert.True(warmed.Routes > 600, $"{warmed.Routes} routes");
        // The page data of the namespace as it is now: what the first open takes without reading or sorting.
        var current = await app.Services.GetRequiredService<NamespaceViews>().CurrentAsync(listed.Namespace, Ct);
        var cached = data.Cached(large.Name, current.Sequence);
        Assert.NotNull(cached);
        Assert.Equal(warmed.Routes, cached.Snapshot.Routes.Count);
    }
}
