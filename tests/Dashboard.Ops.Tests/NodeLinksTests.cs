using Dashboard.Web.Cluster;

namespace Dashboard.Ops.Tests;

/// <summary>How the cluster view links to a node's dashboard.</summary>
public sealed class NodeLinksTests
{
    [Fact]
    public void A_template_gives_the_node_overview_and_each_namespace_page()
    {
        var links = new NodeLinks("http://{node}:5080/ns/{namespace}");
        Assert.Equal("http://worker-1:5080/", links.NodeUrl("worker-1"));
        Assert.Equal("http://worker-1:5080/ns/ino-4026532871", links.NamespaceUrl("worker-1", "ino-4026532871"));
        Assert.Equal("http://worker-1:5080/ns/a%20b", links.NamespaceUrl("worker-1", "a b"));
        // Behind a proxy that puts each node under a path.
        Assert.Equal("https://dash.example/w/", new NodeLinks("https://dash.example/{node}/ns/{namespace}").NodeUrl("w"));
        // A template without {namespace} is the node's root.
        var root = new NodeLinks("http://{node}:5080");
        Assert.Equal("http://w:5080", root.NodeUrl("w"));
        Assert.Equal("http://w:5080/ns/host", root.NamespaceUrl("w", "host"));
    }

    [Fact]
    public void Without_a_template_the_port_forward_command_names_the_pod_where_Prometheus_knows_it()
    {
        var links = new NodeLinks(null);
        Assert.Null(links.NodeUrl("worker-1"));
        Assert.Null(links.NamespaceUrl("worker-1", "host"));
        Assert.Equal("kubectl -n routedash port-forward pod/routedash-x7k2p 5080:5080", NodeLinks.PortForward("worker-1", "routedash", "routedash-x7k2p"));
        Assert.Contains("--field-selector spec.nodeName=worker-1", NodeLinks.PortForward("worker-1", "", ""));
    }
}
