using Dashboard.Server.Namespaces;

namespace Dashboard.Integration.Tests.Namespaces;

public class EntryLeavesNoThreadBehindTests
{
    [Fact]
    public async Task After_many_entries_every_thread_of_the_process_is_in_the_host_namespace()
    {
        Host.RequireRoot();
        ulong host = Host.InitNamespace().Inode;
        Assert.Equal(host, Host.LinkInode("/proc/thread-self/ns/net"));
        using var ns = new TestNetns();
        ulong target = Host.StatInode(ns.Path);
        Assert.NotEqual(host, target);

        // Several callers at once, from pool threads, as the web host would.
        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 50).Select(_ => NamespaceEntry.RunInside(ns.Path, () => Host.LinkInode("/proc/thread-self/ns/net"))).ToList())));
        Assert.All(seen.SelectMany(s => s), inode => Assert.Equal(target, inode));

        var thrown = Assert.Throws<InvalidOperationException>(() =>
            NamespaceEntry.RunInside<int>(ns.Path, () => throw new InvalidOperationException("inside and failing")));
        Assert.Equal("inside and failing", thrown.Message);
        Assert.Throws<NamespaceNotFoundException>(() => NamespaceEntry.RunInside("/run/netns/rdt-does-not-exist", () => 0));
        Assert.Throws<NamespaceNotFoundException>(() => NamespaceEntry.RunInside("/proc/self/ns/mnt", () => 0));

        var threads = Directory.GetDirectories("/proc/self/task");
        Assert.True(threads.Length > 1, "the test process should have several threads");
        var strays = threads
            .Select(t => (Tid: Path.GetFileName(t), Inode: TryLinkInode($"{t}/ns/net")))
            .Where(t => t.Inode is not null && t.Inode != host)
            .ToList();
        Assert.True(strays.Count == 0, $"threads left in a foreign namespace: {string.Join(", ", strays.Select(s => $"{s.Tid} in net:[{s.Inode}]"))}");
    }

    private static ulong? TryLinkInode(string path)
    {
        try { return Host.LinkInode(path); }
        catch (IOException) { return null; } // a thread that ended while we looked
    }
}
