using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Namespaces;

/// <summary>
/// The catalog over a procfs-shaped tree of real files: ns/net symlinks whose targets read exactly as
/// the kernel's ("net:[INODE]"), comm and cgroup files, and a libcni cache. No root needed.
/// </summary>
public class CatalogOverProcTreeTests : IDisposable
{
    private readonly TempTree _tree = new();
    public void Dispose() => _tree.Dispose();

    private const ulong HostIno = 4026531840, PodIno = 4026532300, LoneIno = 4026532411, OtherPodIno = 4026532522;
    private const string PodUid = "8a4c2b1e-3f0d-4c8a-9b1e-2d3c4b5a6f70";
    private const string Sandbox = "5b1f0c7e2d9a4b3c8e6f1a0d2c4b6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d";

    private void Process(int pid, ulong inode, string comm, string cgroup = "0::/\n")
    {
        _tree.Link($"proc/{pid}/ns/net", $"net:[{inode}]");
        _tree.Write($"proc/{pid}/comm", comm + "\n");
        _tree.Write($"proc/{pid}/cgroup", cgroup);
    }

    private NamespaceCatalog Catalog() => new(new NamespaceCatalogOptions
    {
        ProcRoot = Path.Combine(_tree.Root, "proc"),
        NamedDirectories = [_tree.Dir("run/netns"), _tree.Dir("var/run/netns")],
        CniCacheRoot = Path.Combine(_tree.Root, "cni"),
    });

    private void Build()
    {
        Process(1, HostIno, "systemd");
        Process(2, HostIno, "kthreadd");
        Process(740, PodIno, "pause",
            $"0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{PodUid.Replace('-', '_')}.slice/cri-containerd-{Sandbox}.scope\n");
        Process(512, PodIno, "coredns",
            $"0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{PodUid.Replace('-', '_')}.slice/cri-containerd-{new string('e', 64)}.scope\n");
        Process(900, LoneIno, "sleep");
        Process(950, OtherPodIno, "pause", $"0::/kubepods/burstable/pod11111111-2222-3333-4444-555555555555/{new string('c', 64)}\n");
        // Exited between readdir and readlink: the directory is there, the link is not.
        _tree.Dir("proc/1200");
        // Not a process.
        _tree.Write("proc/meminfo", "MemTotal: 1 kB\n");
        _tree.Link("proc/self", "900");
        // The pod's netns path no longer exists; its sandbox id and uid still tie it to the cgroup.
        _tree.Write($"cni/results/cbr0-{Sandbox}-eth0",
            CniCacheTests.V1Entry(Sandbox, "/var/run/netns/cni-gone-0000", "kube-system", "coredns-7db6d8ff4d-x2x9q", PodUid));
    }

    [Fact]
    public void Every_namespace_is_listed_once_with_its_lowest_pid_and_command()
    {
        Build();
        var all = Catalog().List();

        Assert.Equal(["host", $"ino-{PodIno}", $"ino-{LoneIno}", $"ino-{OtherPodIno}"], all.Select(n => n.Id));
        var host = all[0];
        Assert.Equal((NamespaceKind.Host, HostIno, 1, "systemd"), (host.Kind, host.Inode, host.Pid, host.Command));
        Assert.EndsWith("/proc/1/ns/net", host.Path);

        var pod = all[1];
        Assert.Equal((NamespaceKind.Process, 512, "coredns"), (pod.Kind, pod.Pid, pod.Command));
        Assert.EndsWith("/proc/512/ns/net", pod.Path);

        var lone = all[2];
        Assert.Equal((900, "sleep", (PodRef?)null), (lone.Pid, lone.Command, lone.Pod));
        Assert.Equal("pid 900 (sleep)", lone.DisplayName);
    }

    [Fact]
    public void Pods_are_labelled_from_cgroup_and_cni_cache()
    {
        Build();
        var all = Catalog().List();

        Assert.Equal(new PodRef("kube-system", "coredns-7db6d8ff4d-x2x9q", PodUid), all[1].Pod);
        Assert.Equal("pod kube-system/coredns-7db6d8ff4d-x2x9q", all[1].DisplayName);
        // No cache entry: the uid alone, from the cgroupfs-driver path.
        Assert.Equal(new PodRef(null, null, "11111111-2222-3333-4444-555555555555"), all[3].Pod);
        Assert.Null(all[0].Pod);
    }

    [Fact]
    public void The_sandbox_container_id_ties_a_cgroup_to_its_cache_entry_when_the_uid_is_missing()
    {
        Build();
        // A runtime that passes no K8S_POD_UID (cri-o before 1.22 did not).
        _tree.Write($"cni/results/cbr0-{Sandbox}-eth0",
            $$"""{"kind":"cniCacheV1","containerId":"{{Sandbox}}","ifName":"eth0","networkName":"cbr0","netns":"/var/run/netns/gone","cniArgs":[["K8S_POD_NAMESPACE","kube-system"],["K8S_POD_NAME","coredns-x"]]}""");
        // The lowest pid in the pod is now the sandbox (pause) itself.
        _tree.Write("proc/512/cgroup",
            $"0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{PodUid.Replace('-', '_')}.slice/cri-containerd-{Sandbox}.scope\n");
        Assert.Equal(new PodRef("kube-system", "coredns-x", PodUid), Catalog().List()[1].Pod);
    }

    [Fact]
    public void Find_parses_ids_and_Get_names_what_is_missing()
    {
        Build();
        INamespaceCatalog catalog = Catalog();

        Assert.Equal(LoneIno, catalog.Find($"ino-{LoneIno}")!.Inode);
        Assert.Equal("host", catalog.Find($"ino-{HostIno}")!.Id);
        Assert.Equal("host", catalog.Find("host")!.Id);
        Assert.Null(catalog.Find("ino-12345"));
        Assert.Null(catalog.Find("blue"));
        var e = Assert.Throws<NamespaceNotFoundException>(() => catalog.Get("blue"));
        Assert.Equal("network namespace \"blue\" does not exist", e.Message);
        Assert.Throws<ArgumentException>(() => catalog.Find("../../proc/1/ns/net"));
    }

    [Fact]
    public void A_placeholder_file_left_without_its_mount_is_not_a_namespace()
    {
        Build();
        // What `ip netns add` leaves when the bind mount is gone: an empty regular file.
        _tree.Write("run/netns/stale", "");
        var catalog = Catalog();

        Assert.DoesNotContain(catalog.List(), n => n.Kind == NamespaceKind.Named);
        Assert.Null(catalog.Find("stale"));
        var e = Assert.Throws<NamespaceNotFoundException>(() => new NamespaceResolver(catalog).ByName("stale"));
        Assert.Contains("is not a mounted network namespace", e.Message);
    }

    [Fact]
    public void The_resolver_refuses_bad_options_with_the_reason()
    {
        Build();
        var resolver = new NamespaceResolver(Catalog());

        Assert.Contains("contains '/'", Assert.Throws<ArgumentException>(() => resolver.Resolve("../x", null, null)).Message);
        Assert.Contains("contains '..'", Assert.Throws<ArgumentException>(() => resolver.Resolve("..", null, null)).Message);
        Assert.Contains("mutually exclusive", Assert.Throws<ArgumentException>(() => resolver.Resolve("a", null, 5)).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => resolver.ByPid(0)).Message);
        Assert.Equal("no process with pid 4242", Assert.Throws<NamespaceNotFoundException>(() => resolver.ByPid(4242)).Message);
        Assert.Contains("does not exist in", Assert.Throws<NamespaceNotFoundException>(() => resolver.ByName("blue")).Message);

        var viaPid = resolver.ByPid(740);
        Assert.Equal(($"ino-{PodIno}", PodIno), (viaPid.Id, viaPid.Inode));
        Assert.EndsWith("/proc/740/ns/net", viaPid.Path);
        Assert.Equal("host", resolver.Resolve(null, null, null).Id);
    }
}
