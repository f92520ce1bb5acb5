using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// The system calls discovery needs, without the allocations of FileSystemInfo: readlink of
/// /proc/PID/ns/net ("net:[INODE]"), and for a mounted namespace file open + NS_GET_NSTYPE + statx
/// (its inode on nsfs, and proof that it is a network namespace).
/// </summary>
internal static class NsFs
{
    /// <summary>The result of looking at one namespace file.</summary>
    internal enum Outcome { Ok, Gone, NotNamespace, Denied }

    // ioctl_ns(2): _IO(0xb7, 0x3); ENOTTY answers it on any file that is not on nsfs.
    private const int NS_GET_NSTYPE = 0xb703;
    private const int ENOTTY = 25;

    /// <summary>Reads a /proc/…/ns/net link and parses its inode.</summary>
    public static Outcome ReadNetLink(string path, out ulong inode)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        return ReadNetLink(bytes, out inode);
    }

    /// <summary>Reads a namespace link given as a NUL-terminated UTF-8 path (the scan's allocation-free form).</summary>
    public static unsafe Outcome ReadNetLink(ReadOnlySpan<byte> nulTerminatedPath, out ulong inode)
    {
        inode = 0;
        Span<byte> target = stackalloc byte[64];
        long len;
        fixed (byte* p = nulTerminatedPath)
        fixed (byte* t = target)
            len = readlink(p, t, (size_t)target.Length);
        if (len < 0)
            return ErrnoOutcome(errno, Encoding.UTF8.GetString(nulTerminatedPath[..nulTerminatedPath.IndexOf((byte)0)]));
        return TryParseNetLink(target[..(int)len], out inode) ? Outcome.Ok : Outcome.NotNamespace;
    }

    /// <summary>Parses the target of a namespace link: <c>net:[4026531840]</c>.</summary>
    public static bool TryParseNetLink(ReadOnlySpan<byte> link, out ulong inode)
    {
        inode = 0;
        ReadOnlySpan<byte> prefix = "net:["u8;
        if (!link.StartsWith(prefix) || link.Length < prefix.Length + 2 || link[^1] != (byte)']') return false;
        return System.Buffers.Text.Utf8Parser.TryParse(link[prefix.Length..^1], out inode, out int used)
            && used == link.Length - prefix.Length - 1;
    }

    /// <summary>
    /// The inode of a network namespace file (following symlinks). A placeholder file whose mount is
    /// gone, or another kind of namespace, gives <see cref="Outcome.NotNamespace"/>.
    /// </summary>
    public static unsafe Outcome StatNamespace(string path, out ulong inode)
    {
        inode = 0;
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes) fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0) return ErrnoOutcome(errno, path);
        try
        {
            int type = ioctl(fd, NS_GET_NSTYPE);
            if (type < 0)
            {
                int err = errno;
                return err == ENOTTY || err == EINVAL ? Outcome.NotNamespace : ErrnoOutcome(err, path);
            }
            if (type != CLONE_NEWNET) return Outcome.NotNamespace;
            statx buf;
            byte empty = 0;
            if (statx(fd, &empty, AT_EMPTY_PATH, STATX_INO, &buf) != 0) return ErrnoOutcome(errno, path);
            inode = buf.stx_ino;
            return Outcome.Ok;
        }
        finally { close(fd); }
    }

    /// <summary>The device and inode of a file or directory (following symlinks), or null if it cannot be seen.</summary>
    public static unsafe (ulong Dev, ulong Ino)? Identity(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        statx buf;
        int rc;
        fixed (byte* p = bytes) rc = statx(AT_FDCWD, p, 0, STATX_INO, &buf);
        return rc == 0 ? (((ulong)buf.stx_dev_major << 32) | buf.stx_dev_minor, buf.stx_ino) : null;
    }

    // A process that exits between listing /proc and reading its link gives ENOENT (or ESRCH);
    // that is the normal churn of a busy node, not an error.
    private static Outcome ErrnoOutcome(int err, string path) =>
        err == ENOENT || err == ESRCH || err == ENOTDIR ? Outcome.Gone
        : err == EACCES || err == EPERM ? Outcome.Denied
        : err == EINVAL ? Outcome.NotNamespace
        : throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(err)}");
}
