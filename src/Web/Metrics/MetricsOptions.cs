namespace Dashboard.Web.Metrics;

/// <summary>The metrics settings of the "Dashboard" section.</summary>
public sealed class MetricsOptions
{
    /// <summary>The Kubernetes node this dashboard runs on (the DaemonSet sets it from spec.nodeName); default the host name.</summary>
    public string? NodeName { get; set; }

    /// <summary>
    /// ip:port of a second listener that serves /metrics and nothing else (for Prometheus: the node's
    /// address, port 9180). Unset: /metrics only on the dashboard's own listener.
    /// </summary>
    public string? MetricsListenAddress { get; set; }

    /// <summary>A file with the bearer token /metrics then needs, on either listener (Prometheus: authorization.credentials_file).</summary>
    public string? MetricsTokenFile { get; set; }

    /// <summary>At most this many routedash_finding_info series; the rest are counted in routedash_finding_info_omitted.</summary>
    public int MetricsFindingInfoLimit { get; set; } = 500;

    public string EffectiveNodeName => string.IsNullOrWhiteSpace(NodeName) ? Environment.MachineName : NodeName.Trim();
}
