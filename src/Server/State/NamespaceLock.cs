using Dashboard.Server.Routing;
using Microsoft.Win32.SafeHandles;

namespace Dashboard.Server.State;

/// <summary>
/// Exclusion for changes to one namespace across processes: the dashboard, `routedash` and the CNI
/// plugin on the same node never interleave their steps, and whoever holds the lock is the one to
/// resolve the namespace's open journal records. An flock(2) on a file under the shared state
/// directory: the kernel drops it when the holder dies, so a crash never leaves the namespace locked.
/// </summary>
public sealed class NamespaceLock : IDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(2);

    private readonly SafeFileHandle _file;

    private NamespaceLock(SafeFileHandle file, string path)
    {
        _file = file;
        Path = path;
    }

    public string Path { get; }

    /// <exception cref="TimeoutException">another process held the namespace for longer than <paramref name="wait"/>.</exception>
    /// <exception cref="StateDirectoryException">the lock directory cannot be used safely.</exception>
    public static async Task<NamespaceLock> AcquireAsync(StateLocations state, NetNamespace ns, TimeSpan? wait = null,
        CancellationToken cancellationToken = default)
    {
        StateDirectory.Ensure(state.Root);
        StateDirectory.Ensure(state.Locks);
        var path = PathFor(state, ns);
        // Never deleted: unlinking a lock file lets a later opener lock a different file.
        var file = StateDirectory.OpenFile(path);
        var until = DateTime.UtcNow + (wait ?? DefaultWait);
        try
        {
            while (Posix.Flock((int)file.DangerousGetHandle(), Posix.LOCK_EX | Posix.LOCK_NB) != 0)
            {
                if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Posix.EWOULDBLOCK)
                    throw new IOException($"flock {path}: {System.Runtime.InteropServices.Marshal.GetLastPInvokeErrorMessage()}");
                if (DateTime.UtcNow >= until)
                    throw new TimeoutException($"another process has held {path} (the lock of namespace '{ns.Id}') for more than {(wait ?? DefaultWait).TotalSeconds:F0} s; nothing was changed");
                await Task.Delay(100, cancellationToken);
            }
            return new NamespaceLock(file, path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>One file per namespace, by inode (unique while the namespace lives).</summary>
    public static string PathFor(StateLocations state, NetNamespace ns)
    {
        var key = ns.Inode != 0 ? ns.Inode.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Concat(ns.Id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
        return System.IO.Path.Combine(state.Locks, $"netns-{key}.lock");
    }

    /// <summary>Closing the file releases the flock.</summary>
    public void Dispose() => _file.Dispose();
}
