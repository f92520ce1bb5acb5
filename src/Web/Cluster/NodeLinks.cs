namespace Dashboard.Web.Cluster;

/// <summary>Links to a node's own dashboard: from Dashboard:Cluster:NodeUrlTemplate, or the kubectl port-forward to use instead.</summary>
public sealed class NodeLinks(string? template)
{
    // The dashboard's namespace pages are /ns/{id} under its root.
    private const string NamespacePath = "ns/{namespace}";

    /// <summary>
    /// The node's overview: the template up to its namespace path ("http://{node}:5080/ns/{namespace}"
    /// gives "http://worker-1:5080/"), the template itself when it has no {namespace}, else its origin.
    /// </summary>
    public string? NodeUrl(string node)
    {
        if (Fill(node) is not { } url) return null;
        int ns = url.IndexOf(NamespacePath, StringComparison.Ordinal);
        if (ns >= 0) return url[..ns];
        return url.Contains("{namespace}", StringComparison.Ordinal)
            ? new Uri(url.Replace("{namespace}", "_", StringComparison.Ordinal)).GetLeftPart(UriPartial.Authority) + "/"
            : url;
    }

    /// <summary>A namespace's page on that node.</summary>
    public string? NamespaceUrl(string node, string namespaceId)
    {
        if (Fill(node) is not { } url) return null;
        var id = Uri.EscapeDataString(namespaceId);
        return url.Contains("{namespace}", StringComparison.Ordinal)
            ? url.Replace("{namespace}", id, StringComparison.Ordinal)
            : $"{url.TrimEnd('/')}/ns/{id}";
    }

    /// <summary>
    /// The dashboard listens on the node's loopback: port-forward to its pod. Prometheus's target labels
    /// name the pod where it was found through Kubernetes; otherwise select it by node.
    /// </summary>
    public static string PortForward(string node, string? podNamespace, string? pod) =>
        !string.IsNullOrEmpty(pod) && !string.IsNullOrEmpty(podNamespace)
            ? $"kubectl -n {podNamespace} port-forward pod/{pod} 5080:5080"
            : $"kubectl -n routedash port-forward $(kubectl -n routedash get pod -l app.kubernetes.io/name=routedash --field-selector spec.nodeName={node} -o name) 5080:5080";

    private string? Fill(string node) =>
        string.IsNullOrWhiteSpace(template) ? null : template.Replace("{node}", node, StringComparison.Ordinal);
}
