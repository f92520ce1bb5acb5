using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Namespaces;

/// <summary>
/// A process-held namespace is opened through /proc/PID/ns/net. Once that process exits, the entry the
/// catalog handed out is stale: the path is gone, or — when the PID was reused — it leads into another
/// pod's namespace. Reads and changes through a stale entry must fail as "namespace gone", never land
/// in whatever namespace the path leads to now.
/// </summary>
public class StaleEntryTests
{
    private const string Marker = "198.18.7.0/24";

    /// <summary>A namespace with a route no other namespace has, to tell which one a read reached.</summary>
    private static TestNamespace WithMarker(string purpose)
    {
        var ns = new TestNamespace(purpose);
        ns.AddVeth();
        ns.Ip("route", "add", Marker, "dev", "eth0");
        return ns;
    }

    private static string Routes(TestNamespace ns) =>
        string.Join("\n", IpJson.Routes(ns.Name, IpFamily.Inet).Concat(IpJson.Routes(ns.Name, IpFamily.Inet6)));

    private static Route MarkerSibling(NamespaceSnapshot s) => new()
    {
        Family = IpFamily.Inet,
        Table = 100,
        Dst = IpPrefix.Parse(Marker),
        Oif = s.LinkByName("eth0")!.Index,
        Scope = RouteScope.Link,
    };

    [Fact]
    public void An_entry_whose_path_now_leads_to_another_namespace_reads_and_changes_nothing()
    {
        using var other = WithMarker("reused");
        using var gone = new TestNamespace("gone");
        // What a reused PID gives: the entry of namespace `gone` (its id and inode), its path now opening `other`.
        var stale = gone.Entry() with { Path = other.Path };
        var before = Routes(other);
        // The same index eth0 has in `other`: a change that slipped through would be accepted there.
        var change = MarkerSibling(KernelNetlink.Instance.Read(other.Entry(), TestContext.Current.CancellationToken));

        var read = Assert.Throws<NamespaceNotFoundException>(() => KernelNetlink.Instance.Read(stale, TestContext.Current.CancellationToken));
        Assert.Contains($"not {stale.Inode}", read.Message);
        Assert.Throws<NamespaceNotFoundException>(() =>
        {
            using var handle = KernelNetlink.Instance.Open(stale);
            handle.Change(RouteChange.Add, change);
        });
        Assert.Throws<NamespaceNotFoundException>(() => KernelNetlink.Instance.Subscribe(stale, 1 << 16).Dispose());

        Assert.Equal(before, Routes(other));
        // The namespace the entry names is still readable through its own path: only the mismatch is refused.
        Assert.DoesNotContain(KernelNetlink.Instance.Read(gone.Entry(), TestContext.Current.CancellationToken).Routes,
            r => r.Dst == IpPrefix.Parse(Marker));
    }

    [Fact]
    public void A_proc_entry_whose_pid_now_belongs_to_a_process_in_another_namespace_is_gone()
    {
        Host.RequireRoot();
        using var other = WithMarker("pidns");
        using var gone = new TestNamespace("pidgone");
        var holder = Host.StartUntil("sleep", "ip", "netns", "exec", other.Name, "sleep", "60");
        try
        {
            // As the catalog lists a process-held namespace, with the pid that now sits in `other`.
            var stale = new NetNamespace($"ino-{Host.StatInode(gone.Path)}", "sleep", NamespaceKind.Process,
                $"/proc/{holder.Id}/ns/net", Host.StatInode(gone.Path), holder.Id, "sleep", null);
            var before = Routes(other);

            Assert.Throws<NamespaceNotFoundException>(() => KernelNetlink.Instance.Read(stale, TestContext.Current.CancellationToken));
            Assert.Throws<NamespaceNotFoundException>(() => KernelNetlink.Instance.Open(stale).Dispose());
            Assert.Equal(before, Routes(other));
        }
        finally { Host.Stop(holder); }
    }

    [Fact]
    public void The_catalog_entry_of_a_process_that_exited_is_gone()
    {
        Host.RequireRoot();
        using var ns = WithMarker("exited");
        var holder = Host.StartUntil("sleep", "ip", "netns", "exec", ns.Name, "sleep", "60");
        try
        {
            ulong inode = Host.StatInode(ns.Path);
            // Without its name the namespace is held by the process alone: the catalog lists it by /proc/PID/ns/net.
            Shell.Ip("netns", "del", ns.Name);
            var entry = Assert.Single(new NamespaceCatalog().List(), n => n.Inode == inode);
            Assert.Equal((NamespaceKind.Process, $"/proc/{holder.Id}/ns/net"), (entry.Kind, entry.Path));
            // The entry is good while its process lives: it reads that namespace.
            Assert.Contains(KernelNetlink.Instance.Read(entry, TestContext.Current.CancellationToken).Routes,
                r => r.Dst == IpPrefix.Parse(Marker));

            Host.Stop(holder);

            Assert.Throws<NamespaceNotFoundException>(() => KernelNetlink.Instance.Read(entry, TestContext.Current.CancellationToken));
            Assert.Throws<NamespaceNotFoundException>(() => KernelNetlink.Instance.Open(entry).Dispose());
            Assert.Null(new NamespaceCatalog().Find(entry.Id));
        }
        finally { Host.Stop(holder); }
    }
}
