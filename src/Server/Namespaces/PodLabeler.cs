using Dashboard.Server.Routing;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// Puts pod labels on namespaces from what the node itself records: libcni's cache (the pod's
/// namespace, name and uid, with the netns path the runtime handed to CNI) and the cgroup of a process
/// inside the namespace (the pod uid and container id). Nothing here asks the API server.
/// </summary>
internal sealed class PodLabeler
{
    private readonly Dictionary<ulong, PodRef> _byInode = new();
    private readonly Dictionary<string, PodRef> _byUid = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PodRef> _byContainer = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _procRoot;

    public PodLabeler(NamespaceCatalogOptions options)
    {
        _procRoot = options.ProcRoot;
        foreach (var a in CniCache.ReadAll(options.CniCacheRoot))
        {
            if (a.Pod is null) continue;
            if (a.Pod.Uid is { } uid) _byUid.TryAdd(uid, a.Pod);
            _byContainer.TryAdd(a.ContainerId, a.Pod);
            // The cached path may name a namespace long deleted, or one whose inode was since reused:
            // trust it only while it still opens, and then only by the inode it opens to now.
            if (a.NetnsPath is { } path && NsFs.StatNamespace(path, out ulong inode) == NsFs.Outcome.Ok)
                _byInode.TryAdd(inode, a.Pod);
        }
    }

    /// <summary>The pod owning a namespace, or null. <paramref name="pid"/> is a process inside it, if any.</summary>
    public PodRef? Label(ulong inode, int? pid)
    {
        _byInode.TryGetValue(inode, out var pod);
        var member = pid is { } p ? ReadCgroup(p) : null;
        if (member is null) return pod;
        if (pod is not null) return pod.Uid is null ? pod with { Uid = member.PodUid } : pod;
        if (_byUid.TryGetValue(member.PodUid, out pod)) return pod;
        if (member.ContainerId is { } cid && _byContainer.TryGetValue(cid, out pod)) return pod with { Uid = pod.Uid ?? member.PodUid };
        return new PodRef(null, null, member.PodUid);
    }

    private CgroupPod.Membership? ReadCgroup(int pid) =>
        ProcFile.ReadSmall($"{_procRoot}/{pid}/cgroup") is { } text ? CgroupPod.Parse(text) : null;
}
