using System.Reflection;
using Dashboard.Server.Analysis;
using Dashboard.Server.Events;
using Dashboard.Server.Routing;
using Prometheus;

namespace Dashboard.Web.Metrics;

/// <summary>
/// Sets the node's series from the live model and the event counters just before each scrape.
/// Gauges are the model's counts at that moment; counters are the event loop's own totals (IncTo),
/// so a scrape shows exactly what the stream has done and nothing is counted twice. Dump durations
/// are the one thing observed as they happen (EventCounters.DumpObserved), as a histogram must be.
/// </summary>
public sealed class NodeMetrics
{
    /// <summary>How long a scrape waits for the event loop; a loop that does not answer fails the scrape (503).</summary>
    public static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(5);

    private readonly DashboardMetrics _series;
    private readonly INodeStatusSource _source;
    private readonly int _findingInfoLimit;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<FindingLabels> _exported = [];

    public NodeMetrics(DashboardMetrics series, INodeStatusSource source, MetricsOptions options)
    {
        _series = series;
        _source = source;
        _findingInfoLimit = options.MetricsFindingInfoLimit;
        series.NodeInfo.WithLabels(options.EffectiveNodeName, Version).Set(1);
        var dump = series.DumpDuration.WithLabels(DashboardMetrics.SnapshotDump);
        source.Counters.DumpObserved += (_, duration) => dump.Observe(duration.TotalSeconds);
    }

    /// <summary>The dashboard's version as built (informational version without the commit suffix).</summary>
    public static string Version { get; } =
        (typeof(NodeMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown")
        .Split('+')[0];

    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<NamespaceStatus> statuses;
        try { statuses = await _source.StatusAsync().WaitAsync(StatusTimeout, cancellationToken); }
        catch (TimeoutException)
        {
            // Values from before would be a lie, zeros too: fail the scrape, so `up` says the node is not well.
            throw new ScrapeFailedException($"the live model did not answer within {StatusTimeout.TotalSeconds:0} s");
        }
        // Two listeners may be scraped at once; the finding series must be replaced as one set.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            SetModel(statuses);
            SetCounters(_source.Counters);
        }
        finally { _gate.Release(); }
    }

    private void SetModel(IReadOnlyList<NamespaceStatus> statuses)
    {
        foreach (var kind in Enum.GetValues<NamespaceKind>())
            _series.Namespaces.WithLabels(DashboardMetrics.Label(kind)).Set(statuses.Count(s => s.Namespace.Kind == kind));

        var routes = new Dictionary<(IpFamily, TableKind), int>();
        foreach (var count in statuses.Where(s => s.Loaded).SelectMany(s => s.RoutesByTable))
            routes[(count.Family, count.Table)] = routes.GetValueOrDefault((count.Family, count.Table)) + count.Count;
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
            foreach (var table in Enum.GetValues<TableKind>())
                _series.Routes.WithLabels(RouteNames.Family(family), DashboardMetrics.Label(table)).Set(routes.GetValueOrDefault((family, table)));

        var findings = statuses.SelectMany(s => s.Findings).ToList();
        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            _series.OpenFindings.WithLabels(kind.ToString()).Set(findings.Count(f => f.Kind == kind));
            foreach (var severity in Enum.GetValues<Severity>())
                _series.Findings.WithLabels(FindingKinds.Name(kind), DashboardMetrics.Label(severity))
                    .Set(findings.Count(f => f.Kind == kind && f.Severity == severity));
        }

        var (kept, omitted) = FindingSeries.Select(statuses, _findingInfoLimit);
        var next = kept.ToHashSet();
        foreach (var gone in _exported.Where(l => !next.Contains(l))) _series.FindingInfo.RemoveLabelled(gone.Values);
        foreach (var labels in next) _series.FindingInfo.WithLabels(labels.Values).Set(1);
        _exported = next;
        _series.FindingInfoOmitted.Set(omitted);

        var lastResync = statuses.Max(s => s.LastResync);
        _series.LastResync.Set(lastResync is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : 0);
    }

    private void SetCounters(EventCounters c)
    {
        // The loop subscribes to these five kinds only; a difference from KernelMessages computed here would
        // race with the loop's two increments per message and, counters never going down, stick.
        Set(_series.NetlinkEvents, "route", c.RouteMessages);
        Set(_series.NetlinkEvents, "link", c.LinkMessages);
        Set(_series.NetlinkEvents, "address", c.AddressMessages);
        Set(_series.NetlinkEvents, "nexthop", c.NexthopMessages);
        Set(_series.NetlinkEvents, "rule", c.RuleMessages);
        Set(_series.Resyncs, "initial", c.NamespacesAdded);
        Set(_series.Resyncs, "lost-notices", c.Resyncs);
        Set(_series.Resyncs, "refresh", c.Refreshes);
        Set(_series.StreamErrors, "overrun", c.Overruns);
        Set(_series.StreamErrors, "read-error", c.ReadErrors);
        Set(_series.StreamErrors, "dump-failure", c.DumpFailures);
        Set(_series.StreamErrors, "client-overflow", c.ClientOverflows);
    }

    // IncTo never lowers a counter: a value read a moment early is caught up at the next scrape.
    private static void Set(Counter counter, string label, long total) => counter.WithLabels(label).IncTo(total);
}
