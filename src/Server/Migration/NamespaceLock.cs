using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>
/// Exclusion for changes to one namespace across processes: the dashboard and a `routedash migrate`
/// on the same node must never interleave their steps. An exclusive FileStream is an flock(2) on
/// Linux; the kernel drops it if the holder dies, so a crash never leaves the namespace locked.
/// </summary>
public static class NamespaceLock
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(2);

    /// <exception cref="TimeoutException">another migration held the namespace for longer than <paramref name="wait"/>.</exception>
    public static async Task<IDisposable> AcquireAsync(NetNamespace ns, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        var path = PathFor(ns);
        var until = DateTime.UtcNow + (wait ?? DefaultWait);
        while (true)
        {
            try
            {
                // Never deleted: unlinking a lock file lets a later opener lock a different file.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"another migration in namespace '{ns.Id}' has held {path} for more than {(wait ?? DefaultWait).TotalSeconds:F0} s; nothing was changed", e);
            }
        }
    }

    /// <summary>One file per namespace, by inode (unique while the namespace lives).</summary>
    public static string PathFor(NetNamespace ns)
    {
        var key = ns.Inode != 0 ? ns.Inode.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Concat(ns.Id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
        return Path.Combine(Directory(), $"netns-{key}.lock");
    }

    private static string Directory()
    {
        foreach (var dir in (string[])["/run/routedash/locks", Path.Combine(Path.GetTempPath(), "routedash-locks")])
        {
            try
            {
                System.IO.Directory.CreateDirectory(dir);
                return dir;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        throw new IOException("no directory for migration locks: neither /run/routedash/locks nor the temp directory is writable");
    }
}
