using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Namespaces;

/// <summary>The catalog against the real kernel: namespaces made with ip and unshare, found by inode.</summary>
public class CatalogOnThisNodeTests
{
    [Fact]
    public void The_host_namespace_is_pid_1_s()
    {
        Host.RequireRoot();
        var host = new NamespaceCatalog().List()[0];
        var (pid, inode) = Host.InitNamespace();
        Assert.Equal(("host", NamespaceKind.Host, $"/proc/{pid}/ns/net", pid, inode), (host.Id, host.Kind, host.Path, host.Pid, host.Inode));
        Assert.Equal(host.Inode, Host.LinkInode("/proc/self/ns/net"));
        Assert.Equal(host.Inode, NamespaceEntry.RunInside(host, () => Host.LinkInode("/proc/thread-self/ns/net")));
    }

    [Fact]
    public void A_named_namespace_appears_once_as_Named_with_its_inode()
    {
        Host.RequireRoot();
        using var ns = new TestNetns();
        var all = new NamespaceCatalog().List();

        var entry = Assert.Single(all, n => n.Id == ns.Name);
        Assert.Equal((NamespaceKind.Named, ns.Name, ns.Path), (entry.Kind, entry.DisplayName, entry.Path));
        Assert.Equal(Host.StatInode(ns.Path), entry.Inode);
        // /run/netns and /var/run/netns are searched both; the namespace must still be there only once.
        Assert.Single(all, n => n.Inode == entry.Inode);
        Assert.Null(entry.Pid);
    }

    [Fact]
    public void The_same_namespace_under_two_directories_and_names_is_listed_once()
    {
        Host.RequireRoot();
        using var ns = new TestNetns();
        var other = Directory.CreateTempSubdirectory("rdt-netnsdir-").FullName;
        var alias = System.IO.Path.Combine(other, "zz-alias");
        File.WriteAllText(alias, "");
        Host.Run("mount", "--bind", ns.Path, alias);
        try
        {
            var catalog = new NamespaceCatalog(new NamespaceCatalogOptions { NamedDirectories = ["/run/netns", "/var/run/netns", other] });
            var all = catalog.List();
            var entry = Assert.Single(all, n => n.Inode == Host.StatInode(ns.Path));
            Assert.Equal(ns.Name, entry.Id);
            Assert.Equal(entry.Inode, Host.StatInode(alias));
        }
        finally
        {
            Host.Run("umount", alias);
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void A_namespace_held_only_by_a_process_appears_as_Process_with_pid_and_command()
    {
        Host.RequireRoot();
        using var ns = new TestNetns();
        // unshare execs sleep in the same process: the pid we started is the holder.
        var lone = Host.StartUntil("sleep", "unshare", "-n", "sleep", "60");
        var inNamed = Host.StartUntil("sleep", "ip", "netns", "exec", ns.Name, "sleep", "60");
        try
        {
            var all = new NamespaceCatalog().List();
            ulong loneInode = Host.LinkInode($"/proc/{lone.Id}/ns/net");

            var entry = Assert.Single(all, n => n.Inode == loneInode);
            Assert.Equal(($"ino-{loneInode}", NamespaceKind.Process, lone.Id, "sleep", $"/proc/{lone.Id}/ns/net"),
                (entry.Id, entry.Kind, entry.Pid, entry.Command, entry.Path));

            // A process inside a named namespace adds no second entry: it gives the named one its pid.
            var named = Assert.Single(all, n => n.Inode == Host.StatInode(ns.Path));
            Assert.Equal((ns.Name, NamespaceKind.Named, inNamed.Id, "sleep"), (named.Id, named.Kind, named.Pid, named.Command));
            Assert.Equal(all.Count, all.Select(n => n.Inode).Distinct().Count());
            Assert.Equal(all.Count, all.Select(n => n.Id).Distinct().Count());

            Assert.Equal(entry.Id, new NamespaceCatalog().Find(entry.Id)!.Id);
            var viaPid = new NamespaceResolver().ByPid(lone.Id);
            Assert.Equal((entry.Id, $"/proc/{lone.Id}/ns/net"), (viaPid.Id, viaPid.Path));
            Assert.Equal(ns.Name, new NamespaceResolver().ByPid(inNamed.Id).Id);
        }
        finally
        {
            Host.Stop(lone);
            Host.Stop(inNamed);
        }
    }

    [Fact]
    public void A_process_namespace_is_gone_once_its_process_is()
    {
        Host.RequireRoot();
        var lone = Host.StartUntil("sleep", "unshare", "-n", "sleep", "60");
        int pid = lone.Id;
        ulong inode = Host.LinkInode($"/proc/{pid}/ns/net");
        Host.Stop(lone);

        var catalog = new NamespaceCatalog();
        Assert.DoesNotContain(catalog.List(), n => n.Inode == inode);
        Assert.Throws<NamespaceNotFoundException>(() => catalog.Get($"ino-{inode}"));
        Assert.Equal($"no process with pid {pid}", Assert.Throws<NamespaceNotFoundException>(() => new NamespaceResolver().ByPid(pid)).Message);
    }

    [Fact]
    public void A_deleted_namespace_is_not_found()
    {
        Host.RequireRoot();
        var catalog = new NamespaceCatalog();
        var resolver = new NamespaceResolver(catalog);
        using var ns = new TestNetns();
        Assert.Equal(ns.Name, catalog.Get(ns.Name).Id);
        Assert.Equal(ns.Name, resolver.ByName(ns.Name).Id);
        ns.Delete();

        Assert.Null(catalog.Find(ns.Name));
        Assert.Equal($"network namespace \"{ns.Name}\" does not exist", Assert.Throws<NamespaceNotFoundException>(() => catalog.Get(ns.Name)).Message);
        Assert.Contains($"network namespace \"{ns.Name}\" does not exist in /run/netns",
            Assert.Throws<NamespaceNotFoundException>(() => resolver.ByName(ns.Name)).Message);
        Assert.Equal($"network namespace path {ns.Path} does not exist",
            Assert.Throws<NamespaceNotFoundException>(() => resolver.ByPath(ns.Path)).Message);
        Assert.Throws<NamespaceNotFoundException>(() => NamespaceEntry.RunInside(ns.Path, () => 0));
    }

    [Fact]
    public void A_path_that_is_another_kind_of_namespace_is_refused()
    {
        Host.RequireRoot();
        var e = Assert.Throws<NamespaceNotFoundException>(() => new NamespaceResolver().ByPath("/proc/self/ns/mnt"));
        Assert.Equal("/proc/self/ns/mnt is not a network namespace", e.Message);
        Assert.Equal("host", new NamespaceResolver().ByPath("/proc/self/ns/net").Id);
    }

    [Fact]
    public void A_named_namespace_gets_its_pod_from_the_cni_cache_by_inode()
    {
        Host.RequireRoot();
        using var ns = new TestNetns();
        var cache = Directory.CreateTempSubdirectory("rdt-cni-").FullName;
        try
        {
            const string sandbox = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c";
            Directory.CreateDirectory(System.IO.Path.Combine(cache, "results"));
            // As containerd hands the path to CNI: through /var/run, a symlink to /run here.
            File.WriteAllText(System.IO.Path.Combine(cache, "results", $"cbr0-{sandbox}-eth0"),
                $$"""{"kind":"cniCacheV1","containerId":"{{sandbox}}","config":"e30=","ifName":"eth0","networkName":"cbr0","netns":"/var/run/netns/{{ns.Name}}","cniArgs":[["IgnoreUnknown","1"],["K8S_POD_NAMESPACE","team-a"],["K8S_POD_NAME","web-0"],["K8S_POD_INFRA_CONTAINER_ID","{{sandbox}}"],["K8S_POD_UID","0d1c2b3a-4f5e-6d7c-8b9a-0f1e2d3c4b5a"]],"result":{"cniVersion":"1.0.0"} }""");
            // A stale entry whose namespace is long gone must not label anything.
            File.WriteAllText(System.IO.Path.Combine(cache, "results", "cbr0-stale-eth0"),
                """{"kind":"cniCacheV1","containerId":"stale","ifName":"eth0","networkName":"cbr0","netns":"/var/run/netns/rdt-never-existed","cniArgs":[["K8S_POD_NAMESPACE","x"],["K8S_POD_NAME","y"]]}""");

            var catalog = new NamespaceCatalog(new NamespaceCatalogOptions { CniCacheRoot = cache });
            var entry = catalog.Get(ns.Name);
            Assert.Equal(new PodRef("team-a", "web-0", "0d1c2b3a-4f5e-6d7c-8b9a-0f1e2d3c4b5a"), entry.Pod);
            Assert.Single(catalog.List(), n => n.Pod is not null);
        }
        finally { Directory.Delete(cache, recursive: true); }
    }
}
