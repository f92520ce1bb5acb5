namespace Dashboard.Web.Cluster;

/// <summary>Every node Prometheus has seen a dashboard on within the lookback, as of <see cref="At"/>.</summary>
public sealed record ClusterView(DateTimeOffset At, string Prometheus, IReadOnlyList<NodeEntry> Nodes)
{
    public int Down => Nodes.Count(n => !n.Up);
    public int Findings => Nodes.Sum(n => n.FindingCounts.Sum(c => c.Count));
    public int ErrorFindings => Nodes.Sum(n => n.FindingCounts.Where(c => c.Severity == "error").Sum(c => c.Count));
}

/// <summary>
/// One node. <see cref="Up"/>: its last scrape succeeded; then the counts are current. A node that is
/// down keeps its place with the time of its last good scrape and why it is down; its counts are null,
/// not zero: nobody knows them now.
/// </summary>
public sealed record NodeEntry(
    string Node,
    bool Up,
    /// <summary>When its metrics were last scraped successfully.</summary>
    DateTimeOffset LastScrape,
    /// <summary>Why it is down ("the last scrape failed", "no longer a scrape target"), or null.</summary>
    string? DownReason,
    string Version,
    /// <summary>The scrape target (host:port).</summary>
    string Instance,
    int? Namespaces,
    int? Routes,
    IReadOnlyList<FindingCount> FindingCounts,
    IReadOnlyList<ClusterFinding> FindingList,
    /// <summary>Open findings the node left out of its per-finding series (its series limit).</summary>
    int FindingsNotListed,
    /// <summary>When a namespace of the node was last re-read after lost notices, or null.</summary>
    DateTimeOffset? LastResync,
    /// <summary>The node's dashboard, from Dashboard:Cluster:NodeUrlTemplate, or null.</summary>
    string? Url,
    /// <summary>How to reach the node's dashboard without a URL: the kubectl port-forward command.</summary>
    string PortForward);

public sealed record FindingCount(string Kind, string Severity, int Count);

/// <summary>One open finding on a node, with its namespace and pod, and where to see it.</summary>
public sealed record ClusterFinding(string NamespaceId, string? PodNamespace, string? Pod, string Kind, string Severity, string Id, string? Url);
