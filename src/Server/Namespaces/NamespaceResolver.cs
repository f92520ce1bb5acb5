using Dashboard.Server.Routing;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// Turns the CLI's namespace options (<c>--netns NAME</c>, <c>--netns-path PATH</c>, <c>--pid PID</c>) into
/// the namespace to read. The result is the catalog's entry for that namespace, with
/// <see cref="NetNamespace.Path"/> set to exactly what the user named, so that setns opens that file.
/// </summary>
public sealed class NamespaceResolver(NamespaceCatalog catalog)
{
    public NamespaceResolver() : this(new NamespaceCatalog()) { }

    /// <summary>At most one of the three may be given; none means the host's namespace.</summary>
    /// <exception cref="ArgumentException">more than one is given, or a name or pid is malformed.</exception>
    /// <exception cref="NamespaceNotFoundException">the namespace does not exist.</exception>
    public NetNamespace Resolve(string? netns, string? netnsPath, int? pid)
    {
        int given = (netns is null ? 0 : 1) + (netnsPath is null ? 0 : 1) + (pid is null ? 0 : 1);
        if (given > 1) throw new ArgumentException("--netns, --netns-path and --pid are mutually exclusive; give one");
        if (netns is not null) return ByName(netns);
        if (netnsPath is not null) return ByPath(netnsPath);
        if (pid is { } p) return ByPid(p);
        return catalog.List()[0];
    }

    /// <summary>A named namespace, looked up in the netns directories in order.</summary>
    public NetNamespace ByName(string name)
    {
        NamespaceId.ValidateName(name, nameof(name));
        string? placeholder = null;
        foreach (var dir in catalog.Options.NamedDirectories)
        {
            string path = $"{dir.TrimEnd('/')}/{name}";
            switch (NsFs.StatNamespace(path, out ulong inode))
            {
                case NsFs.Outcome.Ok:
                    return Describe(path, inode, NamespaceKind.Named, name);
                case NsFs.Outcome.NotNamespace:
                    placeholder ??= path;
                    break;
                case NsFs.Outcome.Denied:
                    throw new UnauthorizedAccessException($"cannot open {path}: entering a network namespace needs root");
            }
        }
        throw new NamespaceNotFoundException(placeholder is not null
            ? $"network namespace \"{name}\" does not exist: {placeholder} is not a mounted network namespace"
            : $"network namespace \"{name}\" does not exist in {string.Join(" or ", catalog.Options.NamedDirectories)}");
    }

    /// <summary>Any file that opens to a network namespace: a bind mount, a /proc/PID/ns/net link, …</summary>
    public NetNamespace ByPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Any(char.IsControl)) throw new ArgumentException("invalid namespace path: it contains a control character", nameof(path));
        return NsFs.StatNamespace(path, out ulong inode) switch
        {
            NsFs.Outcome.Ok => Describe(path, inode, NamespaceKind.Named, null),
            NsFs.Outcome.Gone => throw new NamespaceNotFoundException($"network namespace path {path} does not exist"),
            NsFs.Outcome.NotNamespace => throw new NamespaceNotFoundException($"{path} is not a network namespace"),
            _ => throw new UnauthorizedAccessException($"cannot open {path}: entering a network namespace needs root"),
        };
    }

    /// <summary>
    /// The namespace a file opens to, described from that file alone: no catalog, no scan of /proc. What
    /// a short-lived process that is handed one path (the CNI plugin's CNI_NETNS) needs, in microseconds;
    /// its id is the inode form, the one the catalog gives a namespace it finds only through processes.
    /// </summary>
    /// <exception cref="NamespaceNotFoundException">the path does not exist or is not a network namespace.</exception>
    /// <exception cref="UnauthorizedAccessException">the path cannot be opened (not root).</exception>
    public static NetNamespace AtPath(string path, PodRef? pod = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Any(char.IsControl)) throw new ArgumentException("invalid namespace path: it contains a control character", nameof(path));
        return NsFs.StatNamespace(path, out ulong inode) switch
        {
            NsFs.Outcome.Ok => new NetNamespace(NamespaceId.ForInode(inode), path, NamespaceKind.Named, path, inode, null, null, pod),
            NsFs.Outcome.Gone => throw new NamespaceNotFoundException($"network namespace path {path} does not exist"),
            NsFs.Outcome.NotNamespace => throw new NamespaceNotFoundException($"{path} is not a network namespace"),
            _ => throw new UnauthorizedAccessException($"cannot open {path}: entering a network namespace needs root"),
        };
    }

    /// <summary>The namespace of a process.</summary>
    public NetNamespace ByPid(int pid)
    {
        if (pid <= 0) throw new ArgumentException($"invalid pid {pid}: it must be a positive number", nameof(pid));
        string path = $"{catalog.Options.ProcRoot}/{pid}/ns/net";
        return NsFs.ReadNetLink(path, out ulong inode) switch
        {
            NsFs.Outcome.Ok => Describe(path, inode, NamespaceKind.Process, null),
            NsFs.Outcome.Gone => throw new NamespaceNotFoundException($"no process with pid {pid}"),
            NsFs.Outcome.Denied => throw new UnauthorizedAccessException($"cannot read {path}: reading another process's namespace needs root"),
            _ => throw new NamespaceNotFoundException($"{path} is not a network namespace link"),
        };
    }

    // A namespace only reachable through the given path (a bind mount outside the netns directories,
    // with no process in it) is not in the catalog; it is still a namespace the user may read.
    private NetNamespace Describe(string path, ulong inode, NamespaceKind kindIfUnlisted, string? name)
    {
        var listed = catalog.List().FirstOrDefault(n => n.Inode == inode);
        if (listed is not null) return listed with { Path = path };
        string id = name is not null ? NamespaceId.ForName(name) : NamespaceId.ForInode(inode);
        return new NetNamespace(id, name ?? path, kindIfUnlisted, path, inode, null, null, null);
    }
}
