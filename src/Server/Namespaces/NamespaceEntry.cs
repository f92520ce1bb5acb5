using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// Runs a short synchronous action inside another network namespace. setns moves only the calling
/// OS thread, so the action runs on a dedicated thread that enters, acts, and returns to the
/// namespace it started in before it ends; no await may happen in between.
/// </summary>
public static class NamespaceEntry
{
    /// <summary>Runs <paramref name="action"/> with the thread inside the namespace at <paramref name="nsPath"/>.</summary>
    /// <exception cref="NamespaceNotFoundException">the path does not name a network namespace.</exception>
    public static T RunInside<T>(string nsPath, Func<T> action) => RunInside(nsPath, 0, action);

    /// <summary>
    /// Runs <paramref name="action"/> with the thread inside <paramref name="ns"/>, after checking that the
    /// namespace its path opens is still the one with <see cref="Routing.NetNamespace.Inode"/>: a process
    /// that exited and whose PID was reused would otherwise lead into another pod's namespace.
    /// </summary>
    /// <exception cref="NamespaceNotFoundException">the namespace no longer exists (or its path now leads elsewhere).</exception>
    public static T RunInside<T>(Routing.NetNamespace ns, Func<T> action) => RunInside(ns.Path, ns.Inode, action);

    private static T RunInside<T>(string nsPath, ulong expectedInode, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = RunOnThisThread(nsPath, expectedInode, action); }
            catch (Exception e) { failure = e; }
        }, maxStackSize: 256 * 1024) { IsBackground = true, Name = "netns-enter" };
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return result;
    }

    private static unsafe T RunOnThisThread<T>(string nsPath, ulong expectedInode, Func<T> action)
    {
        int home = OpenNs("/proc/thread-self/ns/net");
        try
        {
            int target = OpenNs(nsPath);
            try
            {
                if (expectedInode != 0 && InodeOf(target) is var inode && inode != expectedInode)
                    throw new NamespaceNotFoundException(
                        $"network namespace {nsPath} is gone: the path now leads to namespace {inode}, not {expectedInode} (its process exited and the PID was reused)");
                if (setns(target, CLONE_NEWNET) != 0)
                {
                    int err = errno;
                    throw err == EINVAL
                        ? new NamespaceNotFoundException($"{nsPath} is not a network namespace")
                        : new IOException($"setns({nsPath}): {Marshal.GetPInvokeErrorMessage(err)}");
                }
            }
            finally { close(target); }
            try { return action(); }
            finally
            {
                // Coming back is not optional: a thread left in a foreign namespace would poison
                // whatever the runtime schedules on it next.
                if (setns(home, CLONE_NEWNET) != 0)
                    Environment.FailFast($"cannot return thread to its network namespace: errno {errno}");
            }
        }
        finally { close(home); }
    }

    private static unsafe ulong InodeOf(int fd)
    {
        Tmds.Linux.statx buf;
        byte empty = 0;
        if (statx(fd, &empty, AT_EMPTY_PATH, STATX_INO, &buf) != 0)
            throw new IOException($"statx of a namespace: {Marshal.GetPInvokeErrorMessage(errno)}");
        return buf.stx_ino;
    }

    private static unsafe int OpenNs(string path)
    {
        int fd;
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes) fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
        {
            int err = errno;
            if (err == ENOENT || err == ESRCH)
                throw new NamespaceNotFoundException($"network namespace {path} does not exist (it may have just been deleted)");
            throw new IOException($"open {path}: {Marshal.GetPInvokeErrorMessage(err)}");
        }
        return fd;
    }
}
