using Dashboard.Web.Data;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Components;

/// <summary>What the pages ask of the backend: one netlink read per namespace per view, findings from that read.</summary>
public sealed class DashboardDataTests : MudComponentTest
{
    [Fact]
    public async Task Overview_and_namespace_page_read_each_namespace_once_and_still_show_findings()
    {
        var data = Services.GetRequiredService<DashboardData>();
        var ct = TestContext.Current.CancellationToken;

        var overview = await data.OverviewAsync(ct);
        Assert.Equal(Backend.List().Count, Backend.Reads);
        Assert.Equal(SampleNode.FindingId, Assert.Single(Assert.Single(overview, s => s.Namespace.Id == SampleNode.PodNs).Findings).Id);

        Backend.Reads = 0;
        var view = await data.LoadAsync(SampleNode.PodNs, ct);
        Assert.Equal(1, Backend.Reads);
        Assert.Equal(SampleNode.FindingId, Assert.Single(view.Findings).Id);
    }
}
