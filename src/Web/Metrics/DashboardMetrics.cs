using Dashboard.Server.Analysis;
using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Prometheus;

namespace Dashboard.Web.Metrics;

/// <summary>
/// Every routedash_* series a node dashboard exports, created on the app's own registry (one per
/// host: two apps in one process, as in tests, never share values). Values are not pushed from the
/// code paths: they are read at scrape time from the live model and the event counters
/// (<see cref="NodeMetrics"/>) and from the audit trail (<see cref="AuditTrailMetrics"/>), so they
/// cannot drift from what the dashboard shows. Labels are closed sets, except the finding info
/// series, which carries pod names for open findings only, capped. Known label values are created
/// up front, so each series is present (at zero) from the first scrape and increase() sees its
/// first change.
/// </summary>
public sealed class DashboardMetrics
{
    public DashboardMetrics(IMetricFactory factory)
    {
        NodeInfo = factory.CreateGauge("routedash_node_info",
            "1 for the node this dashboard runs on (Dashboard:NodeName), with the dashboard's version.", ["node", "version"]);
        Namespaces = factory.CreateGauge("routedash_namespaces",
            "Network namespaces the dashboard watches, by kind.", ["kind"]);
        Routes = factory.CreateGauge("routedash_routes",
            "Routes in the watched namespaces, by family and kind of table.", ["family", "table_kind"]);
        OpenFindings = factory.CreateGauge("routedash_findings_open",
            "Open findings, by kind (C# names; routedash_findings has kebab-case kinds and severities).", ["kind"]);
        Findings = factory.CreateGauge("routedash_findings",
            "Open findings, by kind and severity.", ["kind", "severity"]);
        FindingInfo = factory.CreateGauge("routedash_finding_info",
            "1 per open finding, naming its namespace and pod; at most Dashboard:MetricsFindingInfoLimit series.", ["namespace_id", "pod_namespace", "pod", "kind", "severity", "finding"]);
        FindingInfoOmitted = factory.CreateGauge("routedash_finding_info_omitted",
            "Open findings left out of routedash_finding_info by its series limit at the last scrape.", []);
        LastResync = factory.CreateGauge("routedash_last_resync_timestamp_seconds",
            "When a watched namespace was last re-read after lost notices (Unix time), 0 if never.", []);
        NetlinkEvents = factory.CreateCounter("routedash_netlink_events_total",
            "rtnetlink notifications received, by object type.", ["type"]);
        Resyncs = factory.CreateCounter("routedash_resyncs_total",
            "Whole re-reads of a namespace, by reason: initial (first read), lost-notices (after an overrun or a read error), refresh (after link or address changes).", ["reason"]);
        StreamErrors = factory.CreateCounter("routedash_stream_errors_total",
            "Problems of the live stream, by kind: overrun (the kernel dropped notices), read-error, dump-failure, client-overflow (a subscriber fell behind).", ["kind"]);
        DumpDuration = factory.CreateHistogram("routedash_netlink_dump_duration_seconds",
            "Time to read one namespace whole over rtnetlink (links, addresses, nexthops, routes).",
            new HistogramConfiguration
            {
                LabelNames = ["kind"],
                // 0.5 ms to ~16 s: an empty namespace to a full-table host with 200k routes.
                Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
            });
        Migrations = factory.CreateCounter("routedash_migrations_total",
            "Migrations recorded in the node's audit trail (any actor), by outcome (C# names).", ["outcome"]);
        RouteChanges = factory.CreateCounter("routedash_route_changes_total",
            "Changes recorded in the node's audit trail: migrations and recoveries, by actor (dashboard, cli, cni, policy = auto-remediation) and outcome.", ["action", "actor", "outcome"]);

        foreach (var kind in Enum.GetValues<NamespaceKind>()) Namespaces.WithLabels(Label(kind));
        foreach (var family in Families)
            foreach (var table in Enum.GetValues<TableKind>()) Routes.WithLabels(RouteNames.Family(family), Label(table));
        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            OpenFindings.WithLabels(kind.ToString());
            foreach (var severity in Enum.GetValues<Severity>()) Findings.WithLabels(FindingKinds.Name(kind), Label(severity));
        }
        foreach (var type in NetlinkEventTypes) NetlinkEvents.WithLabels(type);
        foreach (var reason in ResyncReasons) Resyncs.WithLabels(reason);
        foreach (var kind in StreamErrorKinds) StreamErrors.WithLabels(kind);
        DumpDuration.WithLabels(SnapshotDump);
        // The outcomes alerts watch, for recoveries too (their other outcomes appear with their first record).
        foreach (var actor in AuditTrailMetrics.Actors)
            foreach (var outcome in (string[])["failed", "rolled-back"])
                RouteChanges.WithLabels("recovery", actor, outcome);
        foreach (var outcome in Enum.GetValues<MigrationOutcome>())
        {
            Migrations.WithLabels(outcome.ToString());
            foreach (var actor in AuditTrailMetrics.Actors)
                RouteChanges.WithLabels("migration", actor, MigrationResultDto.OutcomeName(outcome));
        }
    }

    /// <summary>The one kind of dump the live stream makes: a whole namespace.</summary>
    public const string SnapshotDump = "snapshot";
    public static readonly IReadOnlyList<string> NetlinkEventTypes = ["link", "address", "route", "nexthop", "rule"];
    public static readonly IReadOnlyList<string> ResyncReasons = ["initial", "lost-notices", "refresh"];
    public static readonly IReadOnlyList<string> StreamErrorKinds = ["overrun", "read-error", "dump-failure", "client-overflow"];
    private static readonly IpFamily[] Families = [IpFamily.Inet, IpFamily.Inet6];

    public Gauge NodeInfo { get; }
    public Gauge Namespaces { get; }
    public Gauge Routes { get; }
    public Gauge OpenFindings { get; }
    public Gauge Findings { get; }
    public Gauge FindingInfo { get; }
    public Gauge FindingInfoOmitted { get; }
    public Gauge LastResync { get; }
    public Counter NetlinkEvents { get; }
    public Counter Resyncs { get; }
    public Counter StreamErrors { get; }
    public Histogram DumpDuration { get; }
    public Counter Migrations { get; }
    public Counter RouteChanges { get; }

    /// <summary>Enum values as label values: lower case ("host", "main", "error").</summary>
    public static string Label<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
