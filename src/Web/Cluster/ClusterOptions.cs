namespace Dashboard.Web.Cluster;

/// <summary>
/// Dashboard:Cluster: the "All nodes" view, read from Prometheus. Without a Prometheus URL the view
/// is absent; with Only, the process is a cluster view and nothing else (no netlink, no namespaces).
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Dashboard:Cluster";

    /// <summary>Base URL of the Prometheus (or Thanos querier) that scrapes the node dashboards, e.g. http://prometheus-operated.monitoring:9090.</summary>
    public string? PrometheusUrl { get; set; }

    /// <summary>A file with a bearer token for Prometheus, where its API needs one.</summary>
    public string? PrometheusTokenFile { get; set; }

    /// <summary>
    /// Where a node's dashboard is, with {node} and {namespace} (a namespace id) filled in, e.g.
    /// http://{node}:5080/ns/{namespace}. Unset: the page shows the kubectl port-forward command instead.
    /// </summary>
    public string? NodeUrlTemplate { get; set; }

    /// <summary>Serve only the cluster view: no namespace discovery, no netlink, no capabilities needed.</summary>
    public bool Only { get; set; }

    /// <summary>How often the page asks Prometheus again.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How far back a node that stopped being scraped is still shown (as down, with its last good scrape).</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one Prometheus query may take.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(PrometheusUrl);

    public static ClusterOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterOptions>() ?? new ClusterOptions();
}
