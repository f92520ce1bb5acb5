using Dashboard.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Dashboard.Ops.Tests;

/// <summary>
/// The optional kustomize component (deploy/kubernetes/components/prometheus): what it adds must fit
/// the DaemonSet it patches, and the base must stay free of the Prometheus Operator's CRDs.
/// </summary>
public sealed class PrometheusComponentTests
{
    private static readonly string Component = RepositoryRoot.Of("deploy", "kubernetes", "components", "prometheus");

    private static IReadOnlyList<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Component, file));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path) node = ((YamlMappingNode)node)[key];
        return node;
    }

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static YamlMappingNode Kind(string file, string kind) => Documents(file).Single(d => Scalar(d, "kind") == kind);

    [Fact]
    public void The_component_lists_its_files_and_the_base_does_not_use_it()
    {
        var kustomization = Documents("kustomization.yaml").Single();
        Assert.Equal("Component", Scalar(kustomization, "kind"));
        foreach (var resource in ((YamlSequenceNode)kustomization["resources"]).Select(n => n.ToString()))
            Assert.True(File.Exists(Path.Combine(Component, resource)), resource);
        var baseText = File.ReadAllText(RepositoryRoot.Of("deploy", "kubernetes", "kustomization.yaml"));
        Assert.DoesNotContain("components", baseText);
        foreach (var file in Directory.GetFiles(RepositoryRoot.Of("deploy", "kubernetes"), "*.yaml"))
            Assert.DoesNotContain("monitoring.coreos.com", File.ReadAllText(file));
    }

    [Fact]
    public void The_PodMonitor_scrapes_the_metrics_port_the_patch_opens_with_the_token_it_mounts()
    {
        var monitor = Kind("podmonitor.yaml", "PodMonitor");
        var patch = Kind("daemonset-metrics.yaml", "DaemonSet");
        var container = (YamlMappingNode)((YamlSequenceNode)At(patch, "spec", "template", "spec", "containers")).Single();
        var endpoint = (YamlMappingNode)((YamlSequenceNode)At(monitor, "spec", "podMetricsEndpoints")).Single();

        Assert.Equal("routedash", Scalar(monitor, "spec", "selector", "matchLabels", "app.kubernetes.io/name"));
        var port = ((YamlSequenceNode)container["ports"]).Cast<YamlMappingNode>().Single(p => Scalar(p, "name") == Scalar(endpoint, "port"));
        Assert.Equal("9180", Scalar(port, "containerPort"));
        Assert.Equal("/metrics", Scalar(endpoint, "path"));
        Assert.Equal("true", Scalar(endpoint, "honorLabels"));

        var env = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"));
        Assert.Equal("$(NODE_IP):9180", Scalar(env["Dashboard__MetricsListenAddress"], "value"));
        Assert.Equal("status.hostIP", Scalar(env["NODE_IP"], "valueFrom", "fieldRef", "fieldPath"));
        // The token Prometheus sends is the one the dashboard reads.
        var tokenFile = Scalar(env["Dashboard__MetricsTokenFile"], "value");
        var mount = ((YamlSequenceNode)container["volumeMounts"]).Cast<YamlMappingNode>().Single(m => Scalar(m, "mountPath") == Path.GetDirectoryName(tokenFile));
        var volume = ((YamlSequenceNode)At(patch, "spec", "template", "spec", "volumes")).Cast<YamlMappingNode>().Single(v => Scalar(v, "name") == Scalar(mount, "name"));
        Assert.Equal(Scalar(endpoint, "authorization", "credentials", "name"), Scalar(volume, "secret", "secretName"));
        Assert.Equal(Path.GetFileName(tokenFile), Scalar(endpoint, "authorization", "credentials", "key"));
    }

    [Fact]
    public void The_cluster_view_runs_unprivileged_and_is_not_scraped_as_a_node()
    {
        var deployment = Kind("cluster-view.yaml", "Deployment");
        var pod = (YamlMappingNode)At(deployment, "spec", "template", "spec");
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Single();
        Assert.False(pod.Children.ContainsKey(new YamlScalarNode("hostNetwork")));
        Assert.False(pod.Children.ContainsKey(new YamlScalarNode("hostPID")));
        Assert.Equal("true", Scalar(pod, "securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", Scalar(pod, "securityContext", "runAsUser"));
        Assert.Equal(["ALL"], ((YamlSequenceNode)At(container, "securityContext", "capabilities", "drop")).Select(n => n.ToString()));
        Assert.False(((YamlMappingNode)At(container, "securityContext", "capabilities")).Children.ContainsKey(new YamlScalarNode("add")));
        var env = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"), e => Scalar(e, "value"));
        Assert.Equal("true", env["Dashboard__Cluster__Only"]);
        Assert.StartsWith("http", env["Dashboard__Cluster__PrometheusUrl"]);
        // The PodMonitor selects app.kubernetes.io/name=routedash: the cluster view must not match it.
        Assert.NotEqual("routedash", Scalar(deployment, "spec", "template", "metadata", "labels", "app.kubernetes.io/name"));
    }

    [Fact]
    public void Kustomize_builds_the_base_without_CRDs_and_the_overlay_with_them()
    {
        if (!File.Exists("/usr/bin/kubectl")) Assert.Skip("kubectl (for `kubectl kustomize`) is not installed; the YAML-level tests above still run");
        var base_ = Shell.Run("kubectl", "kustomize", RepositoryRoot.Of("deploy", "kubernetes"));
        Assert.True(base_.ExitCode == 0, base_.Stderr);
        Assert.DoesNotContain("monitoring.coreos.com", base_.Stdout);
        var overlay = Shell.Run("kubectl", "kustomize", RepositoryRoot.Of("deploy", "overlays", "prometheus"));
        Assert.True(overlay.ExitCode == 0, overlay.Stderr);
        foreach (var kind in new[] { "kind: PodMonitor", "kind: PrometheusRule", "name: routedash-cluster", "containerPort: 9180" })
            Assert.Contains(kind, overlay.Stdout);
        // $(NODE_IP) only expands when NODE_IP comes first in the merged env list.
        Assert.True(overlay.Stdout.IndexOf("name: NODE_IP", StringComparison.Ordinal) < overlay.Stdout.IndexOf("$(NODE_IP)", StringComparison.Ordinal));
    }
}
