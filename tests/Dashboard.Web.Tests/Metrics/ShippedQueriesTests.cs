using System.Text.Json;
using Dashboard.Web.Cluster;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Dashboard.Web.Tests.Metrics;

/// <summary>
/// Every PromQL query we ship (the Grafana dashboard, the alert rules, the cluster view's queries)
/// names only metrics the real running app exports at /metrics (series or declared families): a renamed or dropped series fails
/// here instead of leaving an empty panel or an alert that can never fire. Needs root (the app's live
/// stream reads the node's namespaces).
/// </summary>
public sealed class ShippedQueriesTests
{
    /// <summary>Series Prometheus makes itself for every target, not the app.</summary>
    private static readonly HashSet<string> FromPrometheus = ["up"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_shipped_query_names_metrics_the_running_app_exports()
    {
        if (!Shell.IsRoot) Assert.Skip("the app's live stream needs root");
        await using var app = new DashboardApp(settings: new Dictionary<string, string?> { ["Dashboard:Namespaces:Include"] = "host" }).Start();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var text = await http.GetStringAsync("/metrics", Ct);
        // Series with their samples, and the families the app declares (finding info has no series while no finding is open).
        var exported = PrometheusText.Parse(text).Names();
        exported.UnionWith(PrometheusText.Families(text));
        Assert.Contains("routedash_node_info", exported);

        var queries = GrafanaQueries().Concat(RuleQueries()).Concat(ClusterViewQueries()).ToList();
        Assert.True(queries.Count >= 20, $"only {queries.Count} queries found: is the parsing still right?");
        var problems = new List<string>();
        foreach (var (where, query) in queries)
        {
            var names = PromQlNames.Of(query);
            if (names.Count == 0) problems.Add($"{where}: names no metric: {query}");
            foreach (var name in names.Where(n => !exported.Contains(n) && !FromPrometheus.Contains(n)))
                problems.Add($"{where}: {name} is not exported by the app: {query}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_name_extraction_finds_metrics_and_only_metrics()
    {
        Assert.Equal(["routedash_findings", "routedash_node_info"],
            PromQlNames.Of("sum by (node, kind) (routedash_findings{severity=\"error\"} * on (job, instance) group_left (node) routedash_node_info{node=~\"$node\"})").Order());
        Assert.Equal(["routedash_netlink_dump_duration_seconds_bucket", "routedash_node_info"],
            PromQlNames.Of("histogram_quantile(0.99, sum by (node, le) (rate(routedash_netlink_dump_duration_seconds_bucket[$__rate_interval]) * on (job, instance) group_left (node) routedash_node_info))").Order());
        Assert.Equal(["routedash_node_info"], PromQlNames.Of("label_values(routedash_node_info, node)"));
        Assert.Equal(["up"], PromQlNames.Of("max_over_time(timestamp(up)[1h:5s]) > 0 unless absent(up)").Order());
        Assert.Empty(PromQlNames.Of("vector(1) > bool 0"));
    }

    private static IEnumerable<(string Where, string Query)> GrafanaQueries()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Of("deploy", "grafana", "routedash-dashboard.json")));
        foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
                yield return ($"grafana panel '{panel.GetProperty("title").GetString()}'", target.GetProperty("expr").GetString()!);
        foreach (var variable in doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
            if (variable.GetProperty("type").GetString() == "query")
                yield return ($"grafana variable {variable.GetProperty("name").GetString()}", variable.GetProperty("query").GetProperty("query").GetString()!);
    }

    private static IEnumerable<(string Where, string Query)> RuleQueries()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(RepositoryRoot.Of("deploy", "prometheus", "routedash-rules.yaml"))) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
                yield return ($"alert {rule["alert"]}", ((YamlScalarNode)rule["expr"]).Value!);
    }

    private static IEnumerable<(string Where, string Query)> ClusterViewQueries()
    {
        var q = new ClusterQueries(TimeSpan.FromHours(1));
        yield return ("cluster view", q.LastGoodScrape);
        yield return ("cluster view", q.TargetHealth);
        foreach (var query in new[] { ClusterQueries.FreshScrape, ClusterQueries.Namespaces, ClusterQueries.Routes, ClusterQueries.FindingCounts,
                     ClusterQueries.FindingList, ClusterQueries.FindingsOmitted, ClusterQueries.LastResync })
            yield return ("cluster view", query);
    }
}
