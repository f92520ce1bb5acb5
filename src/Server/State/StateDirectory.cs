using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Dashboard.Server.State;

/// <summary>
/// Where every process that changes routes on the node (the dashboard, `routedash`, the CNI plugin)
/// keeps what they share: the audit log, the migration journal and the per-namespace locks. One
/// place, the same for the dashboard's pod and the host (a hostPath in the manifests): a lock or a
/// journal that lives somewhere else for one of them protects nothing.
/// </summary>
/// <param name="AuditDirectory">
/// Where audit.jsonl lives when not in <paramref name="Root"/>: the CNI plugin's configuration may put
/// it elsewhere (its auditDirectory). Null keeps it in the root, as every process does by default.
/// </param>
public sealed record StateLocations(string Root, string? AuditDirectory = null)
{
    public const string DefaultRoot = "/var/lib/routedash";
    public const string EnvironmentVariable = "ROUTEDASH_STATE_DIR";

    /// <summary>audit.jsonl and its rotated files: the root itself (where the first release kept it) unless given apart.</summary>
    public string Audit => string.IsNullOrEmpty(AuditDirectory) ? Root : AuditDirectory;
    public string Journal => Path.Combine(Root, "journal");
    public string Locks => Path.Combine(Root, "locks");

    /// <summary>ROUTEDASH_STATE_DIR when set, else /var/lib/routedash.</summary>
    public static StateLocations FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } dir ? dir : DefaultRoot);
}

/// <summary>
/// Owner-only state directories and files. Directories are created 0700; an existing one must be a
/// real directory (not a symlink), owned by this process's user and writable by nobody else, or it is
/// refused: a root process that follows an attacker's symlink there writes where the attacker chose.
/// Files are opened with O_NOFOLLOW for the same reason.
/// </summary>
public static class StateDirectory
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (and parents) with mode 0700 when missing, and checks it.</summary>
    /// <exception cref="StateDirectoryException">the directory cannot be used safely; the message names it and why.</exception>
    public static DirectoryInfo Ensure(string path)
    {
        if (!Path.IsPathFullyQualified(path)) throw new StateDirectoryException(path, "it is not an absolute path");
        try
        {
            if (!Directory.Exists(path) && !File.Exists(path) && !IsSymlink(path))
                _ = OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateDirectoryException(path, $"it cannot be created ({e.Message})");
        }
        Check(path);
        return new DirectoryInfo(path);
    }

    /// <summary>Opens (or creates, 0600) a file in a checked directory without following a symlink.</summary>
    /// <exception cref="StateDirectoryException">the file is a symlink or cannot be opened.</exception>
    public static unsafe SafeFileHandle OpenFile(string path, bool write = true, bool create = true)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        int flags = (write ? O_RDWR : O_RDONLY) | (create ? O_CREAT : 0) | O_NOFOLLOW | O_CLOEXEC;
        int fd;
        fixed (byte* p = bytes) fd = open(p, flags, (mode_t)0x180 /* 0600 */);
        if (fd < 0)
        {
            int err = errno;
            if (err == ENOENT && !create) throw new FileNotFoundException($"{path} does not exist", path);
            throw new StateDirectoryException(path, err == ELOOP ? "it is a symlink" : Marshal.GetPInvokeErrorMessage(err));
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static unsafe void Check(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        statx buf;
        int rc;
        fixed (byte* p = bytes) rc = statx(AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MODE | STATX_UID, &buf);
        if (rc != 0) throw new StateDirectoryException(path, Marshal.GetPInvokeErrorMessage(errno));
        int type = buf.stx_mode & 0xF000;
        if (type == 0xA000) throw new StateDirectoryException(path, "it is a symlink");
        if (type != 0x4000) throw new StateDirectoryException(path, "it is not a directory");
        if (buf.stx_uid != geteuid()) throw new StateDirectoryException(path, $"it is owned by uid {buf.stx_uid}, not by this process's user ({geteuid()})");
        if ((buf.stx_mode & 0x12) != 0) throw new StateDirectoryException(path, "group or others may write to it (chmod 0700 it)");
    }

    private static bool IsSymlink(string path) => new FileInfo(path).LinkTarget is not null;
}

/// <summary>A state directory or file that cannot be used: no change is made without lock, journal and audit.</summary>
public sealed class StateDirectoryException(string path, string why)
    : IOException($"{path} cannot be used for Route Dashboard's state: {why}")
{
    public string Path { get; } = path;
}
