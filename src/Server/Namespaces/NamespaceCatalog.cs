using Dashboard.Server.Routing;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// Finds every network namespace on the node: the host's (PID 1's), the named ones under the netns
/// directories, and those held only by processes — each once, by inode. Every call looks afresh.
/// </summary>
public sealed class NamespaceCatalog(NamespaceCatalogOptions? options = null) : INamespaceCatalog
{
    private readonly NamespaceCatalogOptions _options = options ?? NamespaceCatalogOptions.Default;

    public NamespaceCatalogOptions Options => _options;

    /// <summary>Every namespace the filter lets through (<see cref="NamespaceCatalogOptions.Filter"/>).</summary>
    public IReadOnlyList<NetNamespace> List()
    {
        var all = Discover();
        return _options.Filter.WatchesAll ? all : all.Where(_options.Filter.Allows).ToList();
    }

    /// <summary>The namespace with this id when the filter lets it through.</summary>
    public NetNamespace? Find(string id) => FindAny(id) is { } ns && _options.Filter.Allows(ns) ? ns : null;

    private IReadOnlyList<NetNamespace> Discover()
    {
        var pids = ProcessScan.LowestPidByInode(_options.ProcRoot);
        var labeler = new PodLabeler(_options);
        var found = new List<NetNamespace>();
        var seen = new HashSet<ulong>();

        var (hostPid, hostPath, hostInode) = HostNamespace();
        seen.Add(hostInode);
        found.Add(new NetNamespace(NamespaceId.Host, "host", NamespaceKind.Host, hostPath, hostInode, hostPid, ReadCommand(hostPid), null));

        var ids = new HashSet<string>(StringComparer.Ordinal) { NamespaceId.Host };
        foreach (var (name, path, inode) in NamedNamespaces())
        {
            if (!seen.Add(inode)) continue;
            int? pid = pids.TryGetValue(inode, out int p) ? p : null;
            // The same name in a second directory that is not the first one by symlink: keep both,
            // findable, and let the later one fall back to its inode id.
            string id = NamespaceId.ForName(name);
            if (!ids.Add(id)) id = NamespaceId.ForInode(inode);
            found.Add(new NetNamespace(id, id == NamespaceId.ForName(name) ? name : path, NamespaceKind.Named, path, inode,
                pid, pid is { } q ? ReadCommand(q) : null, labeler.Label(inode, pid)));
        }

        foreach (var (inode, pid) in pids.OrderBy(kv => kv.Value))
        {
            if (!seen.Add(inode)) continue;
            var command = ReadCommand(pid);
            if (command is null) continue; // its only known holder exited during the scan
            var pod = labeler.Label(inode, pid);
            string display = pod?.Name is not null ? $"pod {pod}" : $"pid {pid} ({command})";
            found.Add(new NetNamespace(NamespaceId.ForInode(inode), display, NamespaceKind.Process,
                $"{_options.ProcRoot}/{pid}/ns/net", inode, pid, command, pod));
        }
        return found;
    }

    // Unfiltered: the host is always Discover()[0], whatever the filter leaves out.
    private NetNamespace? FindAny(string id)
    {
        switch (NamespaceId.Parse(id))
        {
            case NamespaceId.HostId:
                return Discover()[0];
            case NamespaceId.InodeId(var inode):
                return Discover().FirstOrDefault(n => n.Inode == inode);
            case NamespaceId.NamedId(var name):
                // A name not present in any directory needs no /proc scan to be refused.
                if (!NamedDirectoriesHold(name)) return null;
                var all = Discover();
                return all.FirstOrDefault(n => n.Kind == NamespaceKind.Named && n.Id == id)
                    ?? all.FirstOrDefault(n => n.Kind == NamespaceKind.Named && System.IO.Path.GetFileName(n.Path) == name);
            default:
                return null;
        }
    }

    /// <summary>
    /// PID 1's namespace. Where PID 1 may not be inspected (a sandbox supervisor, or a hardened init),
    /// kthreadd's: kernel threads always run in the initial network namespace, which is PID 1's too.
    /// </summary>
    private (int Pid, string Path, ulong Inode) HostNamespace()
    {
        string initPath = $"{_options.ProcRoot}/1/ns/net";
        var outcome = NsFs.ReadNetLink(initPath, out ulong inode);
        if (outcome == NsFs.Outcome.Ok) return (1, initPath, inode);
        if (outcome == NsFs.Outcome.Denied && ReadCommand(2) == "kthreadd")
        {
            string kthreadPath = $"{_options.ProcRoot}/2/ns/net";
            if (NsFs.ReadNetLink(kthreadPath, out inode) == NsFs.Outcome.Ok) return (2, kthreadPath, inode);
        }
        throw outcome == NsFs.Outcome.Denied
            ? new UnauthorizedAccessException($"cannot read {initPath}: listing the node's network namespaces needs root (CAP_SYS_PTRACE)")
            : new IOException($"cannot read {initPath} ({outcome}): is {_options.ProcRoot} the node's procfs (hostPID)?");
    }

    /// <inheritdoc cref="INamespaceCatalog.Get"/>
    public NetNamespace Get(string id) => Find(id) ?? throw NamespaceNotFoundException.ForId(id);

    /// <summary>Named namespaces in directory priority order, then by name; placeholders without a mount are left out.</summary>
    internal IEnumerable<(string Name, string Path, ulong Inode)> NamedNamespaces()
    {
        var dirsSeen = new HashSet<(ulong Dev, ulong Ino)>();
        foreach (var dir in _options.NamedDirectories)
        {
            // /var/run is usually a symlink to /run: read one directory once, not each name twice.
            if (NsFs.Identity(dir) is { } identity && !dirsSeen.Add(identity)) continue;
            string[] names;
            try { names = Directory.GetFiles(dir).Select(System.IO.Path.GetFileName).OfType<string>().ToArray(); }
            catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException) { continue; }
            Array.Sort(names, StringComparer.Ordinal);
            foreach (var name in names)
            {
                string path = $"{dir.TrimEnd('/')}/{name}";
                if (NsFs.StatNamespace(path, out ulong inode) == NsFs.Outcome.Ok)
                    yield return (name, path, inode);
            }
        }
    }

    private bool NamedDirectoriesHold(string name) =>
        _options.NamedDirectories.Any(dir => NsFs.StatNamespace($"{dir.TrimEnd('/')}/{name}", out _) == NsFs.Outcome.Ok);

    private string? ReadCommand(int pid) => ProcFile.ReadSmall($"{_options.ProcRoot}/{pid}/comm", 64)?.TrimEnd('\n');
}
