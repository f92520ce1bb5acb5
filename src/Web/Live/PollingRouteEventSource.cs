using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Server.Events;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Live;

/// <summary>
/// Change notices made by re-reading the watched namespaces on an interval and comparing snapshots.
/// It stands in for the netlink multicast stream: it works everywhere the reader works, at the cost
/// of latency (one interval) and of a full read per namespace per interval. It only reads while
/// someone is subscribed, and only the namespaces someone watches.
/// </summary>
public sealed class PollingRouteEventSource : IRouteEventSource, IDisposable
{
    private readonly INamespaceCatalog _catalog;
    private readonly INamespaceReader _reader;
    private readonly PollingOptions _options;
    private readonly ILogger<PollingRouteEventSource> _log;
    private readonly Lock _gate = new();
    private readonly List<Subscriber> _subscribers = [];
    private readonly Dictionary<string, SnapshotFingerprint> _baselines = new();
    private readonly Dictionary<string, long> _sequences = new();
    private readonly Queue<RouteChangeNotice> _recent = new();
    private HashSet<string>? _knownNamespaces;
    private CancellationTokenSource? _loopStop;
    private Task _loop = Task.CompletedTask;

    public PollingRouteEventSource(INamespaceCatalog catalog, INamespaceReader reader, IOptions<PollingOptions> options, ILogger<PollingRouteEventSource> log)
    {
        _catalog = catalog;
        _reader = reader;
        _options = options.Value;
        _log = log;
    }

    private sealed record Subscriber(string? NamespaceId, Channel<RouteChangeNotice> Channel);

    public async IAsyncEnumerable<RouteChangeNotice> Subscribe(string? namespaceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded and dropping: a consumer that stops reading loses notices, the poller never waits for it.
        var channel = Channel.CreateBounded<RouteChangeNotice>(new BoundedChannelOptions(1024)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true,
        });
        var sub = new Subscriber(namespaceId, channel);
        lock (_gate)
        {
            _subscribers.Add(sub);
            if (_subscribers.Count == 1) StartLoop();
        }
        try
        {
            while (true)
            {
                RouteChangeNotice notice;
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(cancellationToken)) yield break;
                    if (!channel.Reader.TryRead(out notice!)) continue;
                }
                catch (OperationCanceledException) { yield break; }
                yield return notice;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(sub);
                if (_subscribers.Count == 0) StopLoop();
            }
        }
    }

    public IReadOnlyList<RouteChangeNotice> Recent(int max)
    {
        lock (_gate) return _recent.Skip(Math.Max(0, _recent.Count - max)).ToArray();
    }

    private void StartLoop()
    {
        _loopStop = new CancellationTokenSource();
        var stop = _loopStop.Token;
        var previous = _loop;
        _loop = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            using var timer = new PeriodicTimer(_options.Interval);
            try
            {
                do { PollOnce(stop); }
                while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
            }
            catch (OperationCanceledException) { }
        });
    }

    private void StopLoop()
    {
        _loopStop?.Cancel();
        _loopStop?.Dispose();
        _loopStop = null;
    }

    /// <summary>One round: namespaces that came or went, then the changes in each watched namespace.</summary>
    internal void PollOnce(CancellationToken ct)
    {
        IReadOnlyList<NetNamespace> namespaces;
        try { namespaces = _catalog.List(); }
        catch (Exception e) { _log.LogWarning(e, "listing namespaces failed"); return; }

        var ids = namespaces.Select(n => n.Id).ToHashSet();
        if (_knownNamespaces is not null)
        {
            foreach (var ns in namespaces.Where(n => !_knownNamespaces.Contains(n.Id)))
                Publish(ns.Id, RouteChangeKind.NamespaceAdded, $"{ns.DisplayName} ({ns.Kind.ToString().ToLowerInvariant()})");
            foreach (var gone in _knownNamespaces.Where(id => !ids.Contains(id)))
                Publish(gone, RouteChangeKind.NamespaceRemoved, gone);
        }
        _knownNamespaces = ids;

        HashSet<string?> watched;
        lock (_gate) watched = _subscribers.Select(s => s.NamespaceId).ToHashSet();
        bool all = watched.Contains(null);
        foreach (var stale in _baselines.Keys.Where(id => !ids.Contains(id) || (!all && !watched.Contains(id))).ToList())
            _baselines.Remove(stale);

        foreach (var ns in namespaces)
        {
            if (ct.IsCancellationRequested) return;
            if (!all && !watched.Contains(ns.Id)) continue;
            SnapshotFingerprint now;
            try { now = new SnapshotFingerprint(_reader.Read(ns, ct)); }
            catch (NamespaceNotFoundException) { continue; } // gone between list and read: reported next round
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogWarning(e, "reading namespace {Namespace} failed", ns.Id);
                continue;
            }
            if (_baselines.TryGetValue(ns.Id, out var before))
                foreach (var (kind, summary) in now.ChangesSince(before))
                    Publish(ns.Id, kind, summary);
            _baselines[ns.Id] = now;
        }
    }

    private void Publish(string namespaceId, RouteChangeKind kind, string summary)
    {
        lock (_gate)
        {
            long seq = _sequences[namespaceId] = _sequences.GetValueOrDefault(namespaceId) + 1;
            var notice = new RouteChangeNotice(namespaceId, kind, DateTimeOffset.UtcNow, seq, summary);
            _recent.Enqueue(notice);
            while (_recent.Count > _options.RecentCapacity) _recent.Dequeue();
            foreach (var s in _subscribers)
                if (s.NamespaceId is null || s.NamespaceId == namespaceId)
                    s.Channel.Writer.TryWrite(notice);
        }
    }

    public void Dispose()
    {
        lock (_gate) StopLoop();
    }
}
