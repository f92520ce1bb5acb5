using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Server.Events;

/// <summary>
/// Keeps the event loop's set of namespaces equal to the node's: inotify on the netns directories for
/// named namespaces (picked up within a second), and a periodic full rescan for namespaces held only
/// by processes, which no file event announces.
/// </summary>
internal sealed class NamespaceWatcher : IDisposable
{
    // `ip netns add` creates the file first and bind-mounts the namespace on it a moment later, and the
    // mount makes no inotify event: look again shortly after a file event.
    private static readonly TimeSpan[] FollowUps = [TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(800)];

    private readonly INamespaceCatalog _catalog;
    private readonly IReadOnlyList<string> _directories;
    private readonly EventsOptions _options;
    private readonly Action<IReadOnlyList<NetNamespace>> _sync;
    private readonly ILogger _log;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly SemaphoreSlim _scanning = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Timer? _periodic;
    private int _burstPending;

    public NamespaceWatcher(INamespaceCatalog catalog, IReadOnlyList<string> directories, EventsOptions options,
        Action<IReadOnlyList<NetNamespace>> sync, ILogger? log = null)
    {
        _catalog = catalog;
        _directories = directories;
        _options = options;
        _sync = sync;
        _log = log ?? NullLogger.Instance;
    }

    public void Start()
    {
        WatchDirectories();
        Scan();
        _periodic = new Timer(_ =>
        {
            WatchDirectories(); // a netns directory that did not exist at start may exist now
            Scan();
        }, null, _options.RescanInterval, _options.RescanInterval);
    }

    private void WatchDirectories()
    {
        lock (_watchers)
        {
            foreach (var dir in _directories)
            {
                if (_watchers.Any(w => w.Path == dir) || !Directory.Exists(dir)) continue;
                try
                {
                    var w = new FileSystemWatcher(dir) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName };
                    w.Created += (_, _) => Burst();
                    w.Deleted += (_, _) => Burst();
                    w.Renamed += (_, _) => Burst();
                    w.Error += (_, e) => _log.LogWarning(e.GetException(), "watching {Dir} failed", dir);
                    w.EnableRaisingEvents = true;
                    _watchers.Add(w);
                }
                catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
                {
                    _log.LogWarning("cannot watch {Dir}: {Error}", dir, e.Message);
                }
            }
        }
    }

    /// <summary>A file event: scan now-ish and a few times more while a mount may still be on its way; bursts coalesce.</summary>
    private void Burst()
    {
        if (Interlocked.Exchange(ref _burstPending, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            try
            {
                var previous = TimeSpan.Zero;
                foreach (var at in FollowUps)
                {
                    await Task.Delay(at - previous, _stop.Token).ConfigureAwait(false);
                    previous = at;
                    if (at == FollowUps[0]) Volatile.Write(ref _burstPending, 0); // later events start a new burst
                    Scan();
                }
            }
            catch (OperationCanceledException) { }
        });
    }

    private void Scan()
    {
        if (_stop.IsCancellationRequested) return;
        _scanning.Wait();
        try
        {
            var all = _catalog.List();
            _sync(_options.OnlyNamespaces is { } only ? all.Where(n => only.Contains(n.Id)).ToArray() : all);
        }
        catch (Exception e) { _log.LogWarning(e, "listing namespaces failed"); }
        finally { _scanning.Release(); }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _periodic?.Dispose();
        lock (_watchers)
        {
            foreach (var w in _watchers) w.Dispose();
            _watchers.Clear();
        }
    }
}
