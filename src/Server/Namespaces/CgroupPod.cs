namespace Dashboard.Server.Namespaces;

/// <summary>
/// The pod a process belongs to, read from its /proc/PID/cgroup. The kubelet puts every pod under a
/// <c>kubepods</c> hierarchy with a segment <c>pod&lt;uid&gt;</c>; with the systemd cgroup driver the
/// segment is a slice (<c>kubepods-besteffort-pod&lt;uid&gt;.slice</c>) whose uid has '_' for '-',
/// because '-' separates a slice name's parents. The segment after it is the container
/// (<c>cri-containerd-&lt;id&gt;.scope</c>, <c>crio-&lt;id&gt;.scope</c>, or the bare id).
/// </summary>
public static class CgroupPod
{
    public sealed record Membership(string PodUid, string? ContainerId);

    /// <summary>Reads the pod membership out of the text of a /proc/PID/cgroup file (v1 or v2).</summary>
    public static Membership? Parse(string cgroupFile)
    {
        foreach (var line in cgroupFile.AsSpan().EnumerateLines())
        {
            // "hierarchy-ID:controllers:path"; the path itself may contain ':'.
            int first = line.IndexOf(':');
            if (first < 0) continue;
            int second = line[(first + 1)..].IndexOf(':');
            if (second < 0) continue;
            var found = ParsePath(line[(first + second + 2)..]);
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>Reads the pod membership out of one cgroup path.</summary>
    public static Membership? ParsePath(ReadOnlySpan<char> path)
    {
        bool underKubepods = false;
        string? uid = null;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty) continue;
            if (uid is not null)
                return new Membership(uid, ContainerIdOf(segment));
            if (segment.Contains("kubepods", StringComparison.Ordinal))
            {
                underKubepods = true;
                uid = PodUidOf(segment);
            }
            else if (underKubepods)
                uid = PodUidOf(segment);
        }
        return uid is null ? null : new Membership(uid, null);
    }

    private static string? PodUidOf(ReadOnlySpan<char> segment)
    {
        if (segment.EndsWith(".slice", StringComparison.Ordinal)) segment = segment[..^".slice".Length];
        // The pod part is the last '-'-separated element of a slice name, or the whole cgroupfs segment.
        int dash = segment.LastIndexOf("-pod", StringComparison.Ordinal);
        var candidate = dash >= 0 ? segment[(dash + 1)..] : segment;
        if (!candidate.StartsWith("pod", StringComparison.Ordinal)) return null;
        var uid = candidate[3..];
        return IsUid(uid) ? uid.ToString().Replace('_', '-') : null;
    }

    // API-server pods have an RFC 4122 uid; static (mirror) pods have the 32-hex hash of their manifest.
    private static bool IsUid(ReadOnlySpan<char> s)
    {
        if (s.Length == 32) return IsHex(s);
        if (s.Length != 36) return false;
        for (int i = 0; i < s.Length; i++)
        {
            bool separator = i is 8 or 13 or 18 or 23;
            if (separator ? s[i] is not ('-' or '_') : !char.IsAsciiHexDigit(s[i])) return false;
        }
        return true;
    }

    private static string? ContainerIdOf(ReadOnlySpan<char> segment)
    {
        if (segment.EndsWith(".scope", StringComparison.Ordinal)) segment = segment[..^".scope".Length];
        int dash = segment.LastIndexOf('-');
        var id = dash >= 0 ? segment[(dash + 1)..] : segment;
        return id.Length == 64 && IsHex(id) ? id.ToString() : null;
    }

    private static bool IsHex(ReadOnlySpan<char> s) => !s.IsEmpty && s.IndexOfAnyExcept("0123456789abcdefABCDEF") < 0;
}
