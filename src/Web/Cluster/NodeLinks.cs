namespace Dashboard.Web.Cluster;

/// <summary>Links to a node's own dashboard: from Dashboard:Cluster:NodeUrlTemplate, or the kubectl port-forward to use instead.</summary>
public sealed class NodeLinks(string? template)
{
    /// <summary>The node's overview: the template's scheme, host and port with {node} filled in.</summary>
    public string? NodeUrl(string node) =>
        Fill(node, "_") is { } url ? new Uri(url).GetLeftPart(UriPartial.Authority) + "/" : null;

    /// <summary>A namespace's page on that node.</summary>
    public string? NamespaceUrl(string node, string namespaceId) => Fill(node, Uri.EscapeDataString(namespaceId));

    /// <summary>
    /// The dashboard listens on the node's loopback: port-forward to its pod. Prometheus's target labels
    /// name the pod where it was found through Kubernetes; otherwise select it by node.
    /// </summary>
    public static string PortForward(string node, string? podNamespace, string? pod) =>
        !string.IsNullOrEmpty(pod) && !string.IsNullOrEmpty(podNamespace)
            ? $"kubectl -n {podNamespace} port-forward pod/{pod} 5080:5080"
            : $"kubectl -n routedash port-forward $(kubectl -n routedash get pod -l app.kubernetes.io/name=routedash --field-selector spec.nodeName={node} -o name) 5080:5080";

    private string? Fill(string node, string namespaceId) =>
        string.IsNullOrWhiteSpace(template) ? null : template.Replace("{node}", node).Replace("{namespace}", namespaceId);
}
