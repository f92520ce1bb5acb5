namespace Dashboard.Server.Routing;

/// <summary>
/// A network namespace found on the node. <see cref="Id"/> is stable for the namespace's lifetime:
/// "host", the name of a named namespace, or "ino-&lt;inode&gt;" for one held only by processes.
/// </summary>
public sealed record NetNamespace(
    string Id,
    string DisplayName,
    NamespaceKind Kind,
    /// <summary>A path that setns can open: /proc/1/ns/net, /run/netns/NAME or /proc/PID/ns/net.</summary>
    string Path,
    ulong Inode,
    int? Pid,
    string? Command,
    PodRef? Pod);

public enum NamespaceKind { Host, Named, Process }

/// <summary>
/// The Kubernetes pod that owns a namespace, where it could be found on the node. A pod seen only
/// through its cgroup has a <see cref="Uid"/> but no namespace or name.
/// </summary>
public sealed record PodRef(string? Namespace, string? Name, string? Uid)
{
    public override string ToString() =>
        Name is not null ? $"{Namespace ?? "?"}/{Name}" : $"pod uid {Uid}";
}
