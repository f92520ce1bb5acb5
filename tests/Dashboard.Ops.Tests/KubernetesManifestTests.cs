using Dashboard.TestSupport;
using Dashboard.Web.Security;
using YamlDotNet.RepresentationModel;

namespace Dashboard.Ops.Tests;

/// <summary>Reads deploy/kubernetes/*.yaml as YAML and checks what keeps the DaemonSet safe and working.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly IReadOnlyList<YamlMappingNode> Documents = Load();

    private static IReadOnlyList<YamlMappingNode> Load()
    {
        var docs = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(RepositoryRoot.Of("deploy", "kubernetes"), "*.yaml").Order())
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            docs.AddRange(stream.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }
        return docs;
    }

    private static YamlMappingNode Kind(string kind) =>
        Assert.Single(Documents, d => d.Children.TryGetValue(new YamlScalarNode("kind"), out var k) && k.ToString() == kind);

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            var map = Assert.IsType<YamlMappingNode>(node);
            Assert.True(map.Children.TryGetValue(new YamlScalarNode(key), out var next), $"missing key {key} in path {string.Join('.', path)}");
            node = next!;
        }
        return node;
    }

    private static string? Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value;

    private static bool Has(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode(key));

    private static YamlMappingNode PodSpec => (YamlMappingNode)At(Kind("DaemonSet"), "spec", "template", "spec");

    private static YamlMappingNode Container => (YamlMappingNode)((YamlSequenceNode)At(PodSpec, "containers")).Children.Single();

    [Fact]
    public void Every_document_has_a_kind_and_lives_in_the_routedash_namespace()
    {
        Assert.Equal(["DaemonSet", "Kustomization", "Namespace", "Secret", "ServiceAccount"],
            Documents.Select(d => Scalar(d, "kind")!).Order(StringComparer.Ordinal));
        foreach (var d in Documents.Where(d => Scalar(d, "kind") is "DaemonSet" or "Secret" or "ServiceAccount"))
            Assert.Equal("routedash", Scalar(d, "metadata", "namespace"));
    }

    [Fact]
    public void Pod_shares_the_nodes_network_and_processes()
    {
        Assert.Equal("true", Scalar(PodSpec, "hostNetwork"));
        Assert.Equal("true", Scalar(PodSpec, "hostPID"));
        Assert.Equal("ClusterFirstWithHostNet", Scalar(PodSpec, "dnsPolicy"));
        Assert.Equal("false", Scalar(PodSpec, "automountServiceAccountToken"));
    }

    [Fact]
    public void Container_is_not_privileged_and_has_only_the_needed_capabilities()
    {
        var sc = At(Container, "securityContext");
        Assert.Equal("false", Scalar(sc, "privileged"));
        Assert.Equal("false", Scalar(sc, "allowPrivilegeEscalation"));
        Assert.Equal("true", Scalar(sc, "readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], ((YamlSequenceNode)At(sc, "capabilities", "drop")).Select(n => n.ToString()));
        var added = ((YamlSequenceNode)At(sc, "capabilities", "add")).Select(n => n.ToString()).ToHashSet();
        Assert.Superset(new HashSet<string> { "NET_ADMIN", "SYS_ADMIN", "SYS_PTRACE" }, added);
        Assert.Subset(new HashSet<string> { "NET_ADMIN", "SYS_ADMIN", "SYS_PTRACE", "DAC_READ_SEARCH" }, added);
        Assert.Equal("RuntimeDefault", Scalar(PodSpec, "securityContext", "seccompProfile", "type"));
    }

    [Fact]
    public void Netns_directories_follow_the_host_and_the_rest_is_mounted_as_needed()
    {
        var mounts = ((YamlSequenceNode)At(Container, "volumeMounts")).Cast<YamlMappingNode>()
            .ToDictionary(m => Scalar(m, "mountPath")!);
        var volumes = ((YamlSequenceNode)At(PodSpec, "volumes")).Cast<YamlMappingNode>().ToDictionary(v => Scalar(v, "name")!);
        string HostPath(string mountPath) => Scalar(volumes[Scalar(mounts[mountPath], "name")!], "hostPath", "path")!;

        foreach (var netns in new[] { "/run/netns", "/var/run/netns" })
        {
            Assert.Equal("HostToContainer", Scalar(mounts[netns], "mountPropagation"));
            Assert.Equal(netns, HostPath(netns));
        }
        Assert.Equal("true", Scalar(mounts["/var/lib/cni"], "readOnly"));
        Assert.Equal("/var/lib/cni", HostPath("/var/lib/cni"));
        Assert.Equal("/var/lib/routedash", HostPath("/var/lib/routedash"));
        Assert.False(Has(mounts["/var/lib/routedash"], "readOnly") && Scalar(mounts["/var/lib/routedash"], "readOnly") == "true");

        var env = ((YamlSequenceNode)At(Container, "env")).Cast<YamlMappingNode>()
            .ToDictionary(e => Scalar(e, "name")!, e => Has(e, "value") ? Scalar(e, "value") : null);
        var tokenFile = env["Dashboard__OperatorTokenFile"]!;
        var tokenMount = mounts[Path.GetDirectoryName(tokenFile)!];
        Assert.Equal("true", Scalar(tokenMount, "readOnly"));
        Assert.Equal("routedash-operator-token", Scalar(volumes[Scalar(tokenMount, "name")!], "secret", "secretName"));
        // The name the dashboard reads (DashboardOptions.StateDirectory), not the first release's alias.
        Assert.Equal("/var/lib/routedash/", env["Dashboard__StateDirectory"]);
        Assert.DoesNotContain("Dashboard__AuditDirectory", env.Keys);
        Assert.Equal("127.0.0.1:5080", env["Dashboard__ListenAddress"]);
    }

    [Fact]
    public void The_node_name_comes_from_the_pod_spec()
    {
        var nodeName = ((YamlSequenceNode)At(Container, "env")).Cast<YamlMappingNode>().Single(e => Scalar(e, "name") == "Dashboard__NodeName");
        Assert.Equal("spec.nodeName", Scalar(nodeName, "valueFrom", "fieldRef", "fieldPath"));
    }

    [Fact]
    public void Probes_ask_health_and_readiness_on_loopback()
    {
        Assert.Equal("/healthz", Scalar(Container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", Scalar(Container, "readinessProbe", "httpGet", "path"));
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            Assert.Equal("127.0.0.1", Scalar(Container, probe, "httpGet", "host"));
            Assert.Equal("5080", Scalar(Container, probe, "httpGet", "port"));
        }
    }

    [Fact]
    public void Runs_on_every_node_at_node_critical_priority_with_bounded_resources()
    {
        var toleration = (YamlMappingNode)Assert.Single((YamlSequenceNode)At(PodSpec, "tolerations"));
        Assert.Equal("Exists", Scalar(toleration, "operator"));
        Assert.False(Has(toleration, "key"));
        Assert.False(Has(toleration, "effect"));
        Assert.Equal("system-node-critical", Scalar(PodSpec, "priorityClassName"));
        foreach (var kind in new[] { "requests", "limits" })
            foreach (var resource in new[] { "cpu", "memory" })
                Assert.False(string.IsNullOrEmpty(Scalar(Container, "resources", kind, resource)));
    }

    [Fact]
    public void The_placeholder_token_cannot_enable_an_operator()
    {
        var secret = Kind("Secret");
        Assert.Equal("routedash-operator-token", Scalar(secret, "metadata", "name"));
        Assert.True(Scalar(secret, "stringData", "token")!.Trim().Length < StaticTokenStore.MinimumLength);
        // Re-applying the kustomization must not reset a real token to the placeholder.
        var resources = ((YamlSequenceNode)At(Kind("Kustomization"), "resources")).Select(n => n.ToString()).ToArray();
        Assert.DoesNotContain("secret.yaml", resources);
        Assert.Contains("daemonset.yaml", resources);
        foreach (var r in resources) Assert.True(File.Exists(RepositoryRoot.Of("deploy", "kubernetes", r)), r);
    }
}
