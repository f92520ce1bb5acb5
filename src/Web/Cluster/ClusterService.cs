using System.Globalization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Cluster;

/// <summary>
/// Builds the cluster view from Prometheus instant queries over the node dashboards' own series: no
/// aggregator of ours, Prometheus is the one place that knows every node. A node is up when its
/// routedash_node_info was in its last scrape (Prometheus marks a series stale as soon as a scrape
/// fails or the target goes); a node seen within the lookback but not up now is down, shown with the
/// time of its last good scrape. Series of one node are joined on the scrape target (job, instance).
/// Answers are shared for a moment, so many open pages cost Prometheus one set of queries.
/// </summary>
public sealed class ClusterService(PrometheusClient prometheus, IOptions<ClusterOptions> options, TimeProvider time, ILogger<ClusterService> logger)
{
    private readonly ClusterOptions _options = options.Value;
    private readonly NodeLinks _links = new(options.Value.NodeUrlTemplate);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, Task<ClusterView> View)? _last;
    private string? _lastProblem;

    public ClusterOptions Options => _options;

    /// <exception cref="PrometheusException">Prometheus is unreachable or refused a query.</exception>
    public async Task<ClusterView> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        Task<ClusterView> view;
        try
        {
            var now = time.GetUtcNow();
            if (_last is not { } last || now - last.At >= _options.RefreshInterval / 2)
                _last = (now, ReadLoggedAsync());
            view = _last.Value.View;
        }
        finally { _gate.Release(); }
        return await view.WaitAsync(cancellationToken);
    }

    private async Task<ClusterView> ReadLoggedAsync()
    {
        try
        {
            var view = await ReadAsync(CancellationToken.None);
            if (_lastProblem is not null) logger.LogInformation("Prometheus answers again");
            _lastProblem = null;
            return view;
        }
        catch (PrometheusException e)
        {
            // Once per distinct problem: the page asks every few seconds.
            if (e.Message != _lastProblem) logger.LogWarning("Cluster view: {Problem}", e.Message);
            _lastProblem = e.Message;
            throw;
        }
    }

    private async Task<ClusterView> ReadAsync(CancellationToken ct)
    {
        var q = new ClusterQueries(_options.Lookback);
        var seen = prometheus.QueryAsync(q.LastGoodScrape, ct);
        var fresh = prometheus.QueryAsync(ClusterQueries.FreshScrape, ct);
        var targets = prometheus.QueryAsync(q.TargetHealth, ct);
        var namespaces = prometheus.QueryAsync(ClusterQueries.Namespaces, ct);
        var routes = prometheus.QueryAsync(ClusterQueries.Routes, ct);
        var counts = prometheus.QueryAsync(ClusterQueries.FindingCounts, ct);
        var findings = prometheus.QueryAsync(ClusterQueries.FindingList, ct);
        var omitted = prometheus.QueryAsync(ClusterQueries.FindingsOmitted, ct);
        var resyncs = prometheus.QueryAsync(ClusterQueries.LastResync, ct);
        await Task.WhenAll(seen, fresh, targets, namespaces, routes, counts, findings, omitted, resyncs);

        var freshByNode = fresh.Result.GroupBy(s => s.Label("node")).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Value)!);
        var health = targets.Result.ToLookup(Target);
        var seenByNode = seen.Result.ToLookup(s => s.Label("node"));
        var nodes = new List<NodeEntry>();
        // A node scraped for the first time a moment ago may not be in the 5-s subquery yet: take both.
        foreach (var node in freshByNode.Keys.Union(seenByNode.Select(g => g.Key)))
        {
            bool up = freshByNode.TryGetValue(node, out var current);
            // Up: the target of its fresh series; down: the target it was last scraped through.
            var info = current ?? seenByNode[node].MaxBy(s => s.Value)!;
            var target = Target(info);
            var lastScrape = info.Value;
            string? downReason = up ? null
                : health[target].Any() ? "the last scrape failed"
                : "no longer a scrape target";
            var findingList = up
                ? findings.Result.Where(s => Target(s) == target).Select(s => Finding(node, s))
                    .OrderByDescending(f => SeverityRank(f.Severity)).ThenBy(f => f.NamespaceId, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal).ToList()
                : [];
            var resync = up ? resyncs.Result.FirstOrDefault(s => Target(s) == target)?.Value : null;
            nodes.Add(new NodeEntry(
                node, up, FromUnix(lastScrape), downReason, info.Label("version"), info.Label("instance"),
                up ? Count(namespaces.Result, target) : null,
                up ? Count(routes.Result, target) : null,
                up ? counts.Result.Where(s => Target(s) == target && s.Value > 0)
                        .Select(s => new FindingCount(s.Label("kind"), s.Label("severity"), (int)s.Value))
                        .OrderByDescending(c => SeverityRank(c.Severity)).ThenBy(c => c.Kind, StringComparer.Ordinal).ToList()
                    : [],
                findingList,
                up ? Count(omitted.Result, target) ?? 0 : 0,
                resync is > 0 ? FromUnix(resync.Value) : null,
                _links.NodeUrl(node),
                NodeLinks.PortForward(node, info.Label("namespace"), info.Label("pod"))));
        }
        // Down nodes first: they are what an operator must see; then by name.
        var ordered = nodes.OrderBy(n => n.Up).ThenBy(n => n.Node, StringComparer.Ordinal).ToList();
        return new ClusterView(time.GetUtcNow(), prometheus.BaseUrl, ordered);
    }

    private ClusterFinding Finding(string node, PromSeries s)
    {
        var ns = s.Label("namespace_id");
        return new ClusterFinding(ns, NullIfEmpty(s.Label("pod_namespace")), NullIfEmpty(s.Label("pod")),
            s.Label("kind"), s.Label("severity"), s.Label("finding"), _links.NamespaceUrl(node, ns));
    }

    private static (string Job, string Instance) Target(PromSeries s) => (s.Label("job"), s.Label("instance"));

    private static int? Count(IReadOnlyList<PromSeries> series, (string, string) target) =>
        series.FirstOrDefault(s => Target(s) == target) is { } found ? (int)found.Value : null;

    public static int SeverityRank(string severity) => severity switch { "error" => 2, "warning" => 1, _ => 0 };

    private static DateTimeOffset FromUnix(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>The PromQL the cluster view asks, in one place (docs/metrics.md lists them too).</summary>
public sealed class ClusterQueries(TimeSpan lookback)
{
    /// <summary>Per node series (target, pod, version): the time of its last successful scrape within the lookback.</summary>
    // timestamp() of a selector is the sample's own time; the subquery evaluates it every 5 s over the
    // lookback, and a series goes stale one scrape after its last sample, so the maximum is that sample's time.
    public string LastGoodScrape => $"max_over_time(timestamp(routedash_node_info)[{Duration(lookback)}:5s])";

    /// <summary>Nodes whose last scrape succeeded (the series is not stale), with that scrape's time.</summary>
    public const string FreshScrape = "timestamp(routedash_node_info)";

    /// <summary>`up` of the targets that ever exported routedash_node_info within the lookback: 0 = the last scrape failed.</summary>
    public string TargetHealth => $"up and on(job, instance) last_over_time(routedash_node_info[{Duration(lookback)}])";

    public const string Namespaces = "sum by (job, instance) (routedash_namespaces)";
    public const string Routes = "sum by (job, instance) (routedash_routes)";
    public const string FindingCounts = "sum by (job, instance, kind, severity) (routedash_findings)";
    public const string FindingList = "routedash_finding_info";
    public const string FindingsOmitted = "routedash_finding_info_omitted";
    public const string LastResync = "routedash_last_resync_timestamp_seconds";

    private static string Duration(TimeSpan span) => ((long)Math.Max(1, span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
}
