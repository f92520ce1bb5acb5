using System.Buffers.Text;
using System.IO.Enumeration;
using System.Text;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// One pass over /proc: the network namespace inode of every process, reduced to the lowest pid per
/// inode. Only thread-group leaders are read (/proc/PID, not /proc/PID/task/TID): a namespace held by a
/// single non-leader thread alone is not seen.
/// </summary>
internal static class ProcessScan
{
    /// <summary>Lowest pid per namespace inode. Processes that exit during the scan, or that this user may not inspect, are left out.</summary>
    public static Dictionary<ulong, int> LowestPidByInode(string procRoot)
    {
        var result = new Dictionary<ulong, int>();
        // "<procRoot>/" + up to 10 digits + "/ns/net" + NUL, built once and overwritten per pid.
        byte[] root = Encoding.UTF8.GetBytes(procRoot.TrimEnd('/') + "/");
        ReadOnlySpan<byte> tail = "/ns/net\0"u8;
        var path = new byte[root.Length + 10 + tail.Length];
        root.CopyTo(path, 0);

        foreach (int pid in EnumeratePids(procRoot))
        {
            Span<byte> digits = path.AsSpan(root.Length);
            Utf8Formatter.TryFormat(pid, digits, out int written);
            tail.CopyTo(digits[written..]);
            if (NsFs.ReadNetLink(path, out ulong inode) != NsFs.Outcome.Ok) continue;
            if (!result.TryGetValue(inode, out int lowest) || pid < lowest) result[inode] = pid;
        }
        return result;
    }

    /// <summary>The numeric entries of procfs, without allocating a string per entry.</summary>
    public static IEnumerable<int> EnumeratePids(string procRoot) =>
        new FileSystemEnumerable<int>(procRoot, (ref FileSystemEntry e) => int.Parse(e.FileName),
            new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = false })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => e.IsDirectory && IsPid(e.FileName),
        };

    private static bool IsPid(ReadOnlySpan<char> name) =>
        name.Length is > 0 and <= 10 && name[0] != '0' && name.IndexOfAnyExceptInRange('0', '9') < 0
        && int.TryParse(name, out _);
}
