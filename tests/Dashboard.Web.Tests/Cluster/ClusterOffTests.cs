using System.Net;
using Dashboard.Web.Tests.Browser;

namespace Dashboard.Web.Tests.Cluster;

/// <summary>Without Dashboard:Cluster:PrometheusUrl the cluster view does not exist: no page, no API, no link.</summary>
public sealed class ClusterOffTests
{
    [Fact]
    public async Task Without_a_Prometheus_url_the_cluster_page_and_api_are_absent()
    {
        await using var app = new DashboardApp(settings: new Dictionary<string, string?> { ["Dashboard:Namespaces:Include"] = "rdt-nothing-here" }).Start();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/cluster", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/cluster", ct)).StatusCode);
        // The node's own pages are there as ever.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/namespaces", ct)).StatusCode);
    }
}
