using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Namespaces;

public class CniCacheTests : IDisposable
{
    private readonly TempTree _tree = new();
    public void Dispose() => _tree.Dispose();

    private const string Sandbox = "5b1f0c7e2d9a4b3c8e6f1a0d2c4b6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d";

    // What libcni's cacheAdd writes (libcni/api.go: cachedInfo): config as base64 bytes, cniArgs as
    // [key, value] pairs in the order containerd's CRI plugin passes its labels, and the raw result.
    internal static string V1Entry(string containerId, string netns, string podNs, string pod, string uid, string ifName = "eth0") => $$$"""
        {"kind":"cniCacheV1","containerId":"{{{containerId}}}","config":"eyJ0eXBlIjoiYnJpZGdlIn0=","ifName":"{{{ifName}}}","networkName":"cbr0","netns":"{{{netns}}}","cniArgs":[["IgnoreUnknown","1"],["K8S_POD_NAMESPACE","{{{podNs}}}"],["K8S_POD_NAME","{{{pod}}}"],["K8S_POD_INFRA_CONTAINER_ID","{{{containerId}}}"],["K8S_POD_UID","{{{uid}}}"]],"capabilityArgs":{"io.kubernetes.cri.pod-annotations":{"a":"b"},"portMappings":[]},"result":{"cniVersion":"1.0.0","interfaces":[{"name":"cni0","mac":"aa:bb:cc:dd:ee:ff"},{"name":"{{{ifName}}}","sandbox":"{{{netns}}}"}],"ips":[{"interface":1,"address":"10.244.0.7/24","gateway":"10.244.0.1"}],"routes":[{"dst":"0.0.0.0/0"}],"dns":{} } }
        """;

    [Fact]
    public void A_v1_entry_gives_pod_and_netns()
    {
        _tree.Write($"cni/results/cbr0-{Sandbox}-eth0",
            V1Entry(Sandbox, "/var/run/netns/cni-1b2c3d4e-0000-1111-2222-333344445555", "kube-system", "coredns-7db6d8ff4d-x2x9q", "8a4c2b1e-3f0d-4c8a-9b1e-2d3c4b5a6f70"));

        var a = Assert.Single(CniCache.ReadAll(Path.Combine(_tree.Root, "cni")));

        Assert.Equal(Sandbox, a.ContainerId);
        Assert.Equal("eth0", a.IfName);
        Assert.Equal("cbr0", a.NetworkName);
        Assert.Equal("/var/run/netns/cni-1b2c3d4e-0000-1111-2222-333344445555", a.NetnsPath);
        Assert.Equal(new PodRef("kube-system", "coredns-7db6d8ff4d-x2x9q", "8a4c2b1e-3f0d-4c8a-9b1e-2d3c4b5a6f70"), a.Pod);
        Assert.Equal("kube-system/coredns-7db6d8ff4d-x2x9q", a.Pod!.ToString());
    }

    [Fact]
    public void Legacy_truncated_and_foreign_files_are_skipped()
    {
        // Before cniCacheV1 libcni cached the bare result.
        _tree.Write("cni/results/cbr0-aaaa-eth0", """{"cniVersion":"0.4.0","interfaces":[{"name":"eth0"}],"ips":[]}""");
        _tree.Write("cni/results/cbr0-bbbb-eth0", V1Entry("bbbb", "/proc/1/ns/net", "a", "b", "c")[..200]);
        _tree.Write("cni/results/cbr0-cccc-eth0", """{"kind":"cniCacheV2","containerId":"cccc"}""");
        _tree.Write("cni/results/cbr0-dddd-eth0", "not json at all");
        _tree.Write("cni/results/cbr0-eeee-eth0", "");
        _tree.Write("cni/results/cbr0-ffff-net1", V1Entry("ffff", "/var/run/netns/x", "default", "web", "u-1", "net1"));

        var a = Assert.Single(CniCache.ReadAll(Path.Combine(_tree.Root, "cni")));
        Assert.Equal("ffff", a.ContainerId);
        Assert.Equal("net1", a.IfName);
    }

    [Fact]
    public void Entries_without_kubernetes_args_have_no_pod()
    {
        var a = CniCache.Parse("""{"kind":"cniCacheV1","containerId":"x1","ifName":"eth0","networkName":"n","netns":"/run/netns/blue","cniArgs":[["IgnoreUnknown","1"]]}"""u8);
        Assert.NotNull(a);
        Assert.Null(a.Pod);
        Assert.Equal("/run/netns/blue", a.NetnsPath);
    }

    [Fact]
    public void Odd_value_types_do_not_break_the_parse()
    {
        var a = CniCache.Parse("""{"kind":"cniCacheV1","containerId":"x1","ifName":7,"netns":null,"cniArgs":[["K8S_POD_NAME"],["K8S_POD_NAMESPACE","ns",3],{"k":"v"},["K8S_POD_UID",""],["K8S_POD_NAME","web"]]}"""u8);
        Assert.NotNull(a);
        Assert.Equal("", a.IfName);
        Assert.Null(a.NetnsPath);
        Assert.Equal(new PodRef("ns", "web", null), a.Pod);
    }

    [Fact]
    public void No_cache_directory_means_no_entries() =>
        Assert.Empty(CniCache.ReadAll(Path.Combine(_tree.Root, "absent")));
}
