using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Prometheus;

namespace Dashboard.Web.Metrics;

/// <summary>What the netlink event stream saw, for routedash_netlink_events_total.</summary>
public enum NetlinkEventKind { Link, Address, Route, Nexthop, Other }

/// <summary>Why the live state was read afresh, for routedash_resyncs_total.</summary>
public enum ResyncReason
{
    /// <summary>First read after start or after a namespace appeared.</summary>
    Initial,
    /// <summary>The multicast socket overflowed (ENOBUFS): events were lost.</summary>
    Overflow,
    /// <summary>A dump kept coming back with NLM_F_DUMP_INTR.</summary>
    DumpInterrupted,
    /// <summary>Asked for by a user or a timer.</summary>
    Requested,
}

/// <summary>What a dump read, for routedash_netlink_dump_duration_seconds.</summary>
public enum DumpKind { Links, Addresses, Nexthops, Routes, Snapshot }

/// <summary>
/// Every Prometheus series the dashboard exports. Labels are closed sets (families, table kinds,
/// finding kinds, outcomes, enum names): never pod names, namespace ids or addresses, which would
/// grow without bound and leak workload names to whoever scrapes. All label values are created up
/// front, so each series is present (at zero) from the first scrape.
/// </summary>
public static class DashboardMetrics
{
    public static readonly Gauge Namespaces = Prometheus.Metrics.CreateGauge(
        "routedash_namespaces", "Network namespaces found on the node, by kind.", "kind");

    public static readonly Gauge Routes = Prometheus.Metrics.CreateGauge(
        "routedash_routes", "Routes in all namespaces of the node, by family and kind of table.", "family", "table_kind");

    public static readonly Gauge OpenFindings = Prometheus.Metrics.CreateGauge(
        "routedash_findings_open", "Findings open on the node, by kind.", "kind");

    public static readonly Counter Migrations = Prometheus.Metrics.CreateCounter(
        "routedash_migrations_total", "Migration attempts, by outcome.", "outcome");

    public static readonly Counter NetlinkEvents = Prometheus.Metrics.CreateCounter(
        "routedash_netlink_events_total", "rtnetlink notifications received, by object type.", "type");

    public static readonly Counter Resyncs = Prometheus.Metrics.CreateCounter(
        "routedash_resyncs_total", "Full re-reads of a namespace's state, by reason.", "reason");

    public static readonly Histogram DumpDuration = Prometheus.Metrics.CreateHistogram(
        "routedash_netlink_dump_duration_seconds", "Time to dump one kind of object from one namespace.",
        new HistogramConfiguration
        {
            LabelNames = ["kind"],
            // 0.5 ms to ~16 s: an empty namespace to a full-table host with 200k routes.
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
        });

    public static readonly IReadOnlyList<string> TableKinds = ["main", "local", "vrf", "other"];
    private static readonly IpFamily[] Families = [IpFamily.Inet, IpFamily.Inet6];
    private static readonly Lock RouteGate = new();

    static DashboardMetrics()
    {
        foreach (var kind in Enum.GetValues<NamespaceKind>()) Namespaces.WithLabels(Label(kind));
        foreach (var family in Families)
            foreach (var table in TableKinds) Routes.WithLabels(RouteNames.Family(family), table);
        foreach (var kind in Enum.GetValues<FindingKind>()) OpenFindings.WithLabels(kind.ToString());
        foreach (var outcome in Enum.GetValues<MigrationOutcome>()) Migrations.WithLabels(Dashboard.Server.Contracts.MigrationResultDto.OutcomeName(outcome));
        foreach (var kind in Enum.GetValues<NetlinkEventKind>()) NetlinkEvents.WithLabels(Label(kind));
        foreach (var reason in Enum.GetValues<ResyncReason>()) Resyncs.WithLabels(Label(reason));
        foreach (var kind in Enum.GetValues<DumpKind>()) DumpDuration.WithLabels(Label(kind));
    }

    /// <summary>Forces the static constructor, so that /metrics lists every series before first use.</summary>
    public static void Initialize() { }

    /// <summary>Sets the namespace and route gauges from a complete picture of the node.</summary>
    public static void ObserveNode(IReadOnlyCollection<NamespaceSnapshot> snapshots)
    {
        var byKind = snapshots.GroupBy(s => s.Namespace.Kind).ToDictionary(g => g.Key, g => g.Count());
        var routes = new Dictionary<(IpFamily, string), int>();
        foreach (var snapshot in snapshots)
        {
            var vrfTables = snapshot.Links.Where(l => l.IsVrf && l.VrfTable is not null).Select(l => l.VrfTable!.Value).ToHashSet();
            foreach (var route in snapshot.Routes)
            {
                var key = (route.Family, TableKind(route.Table, vrfTables));
                routes[key] = routes.GetValueOrDefault(key) + 1;
            }
        }
        lock (RouteGate)
        {
            foreach (var kind in Enum.GetValues<NamespaceKind>()) Namespaces.WithLabels(Label(kind)).Set(byKind.GetValueOrDefault(kind));
            foreach (var family in Families)
                foreach (var table in TableKinds)
                    Routes.WithLabels(RouteNames.Family(family), table).Set(routes.GetValueOrDefault((family, table)));
        }
    }

    /// <summary>Sets the open-findings gauge from every finding currently open on the node.</summary>
    public static void ObserveFindings(IEnumerable<Finding> findings)
    {
        var counts = findings.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count());
        foreach (var kind in Enum.GetValues<FindingKind>()) OpenFindings.WithLabels(kind.ToString()).Set(counts.GetValueOrDefault(kind));
    }

    /// <summary>Counts one recorded migration by its outcome (the audit record's kebab-case name).</summary>
    public static void CountMigration(string outcome) => Migrations.WithLabels(outcome).Inc();

    public static void CountNetlinkEvent(NetlinkEventKind kind) => NetlinkEvents.WithLabels(Label(kind)).Inc();

    public static void CountResync(ResyncReason reason) => Resyncs.WithLabels(Label(reason)).Inc();

    public static void ObserveDump(DumpKind kind, TimeSpan duration) => DumpDuration.WithLabels(Label(kind)).Observe(duration.TotalSeconds);

    /// <summary>Times a dump: <c>using (DashboardMetrics.TimeDump(DumpKind.Routes)) { … }</c>.</summary>
    public static IDisposable TimeDump(DumpKind kind) => DumpDuration.WithLabels(Label(kind)).NewTimer();

    /// <summary>main, local, vrf (a table some VRF device of the namespace owns) or other.</summary>
    public static string TableKind(uint table, IReadOnlySet<uint> vrfTables) => table switch
    {
        RoutingTable.Main => "main",
        RoutingTable.Local => "local",
        _ when vrfTables.Contains(table) => "vrf",
        _ => "other",
    };

    private static string Label<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
