using System.Runtime.CompilerServices;

namespace Dashboard.Server.Events;

/// <summary>
/// Hands the event loop's notices to every subscriber (the hub's clients, the Blazor UI, the CLI) and
/// keeps the most recent ones for an event log.
/// </summary>
public sealed class LiveEventBus(EventsOptions options, EventCounters counters) : IRouteEventSource
{
    private readonly object _lock = new();
    private LiveSubscription[] _subscribers = [];
    private readonly RouteChangeNotice[] _recent = new RouteChangeNotice[Math.Max(1, options.RecentCapacity)];
    private int _recentNext, _recentCount;

    public EventCounters Counters { get; } = counters;

    /// <summary>A subscription to one namespace, or to all when <paramref name="namespaceId"/> is null.</summary>
    public LiveSubscription Open(string? namespaceId, int? capacity = null)
    {
        var s = new LiveSubscription(this, Counters, capacity ?? options.ClientQueueCapacity, namespaceId);
        lock (_lock) _subscribers = [.. _subscribers, s];
        return s;
    }

    internal void Unsubscribe(LiveSubscription s)
    {
        lock (_lock) _subscribers = _subscribers.Where(x => x != s).ToArray();
    }

    /// <summary>Hands notices to every subscriber: the event loop's batches, or an in-process producer's.</summary>
    public void Publish(IReadOnlyList<LiveEvent> batch)
    {
        lock (_lock)
        {
            foreach (var e in batch)
            {
                _recent[_recentNext] = e.Notice;
                _recentNext = (_recentNext + 1) % _recent.Length;
                _recentCount = Math.Min(_recentCount + 1, _recent.Length);
            }
        }
        var subscribers = _subscribers;
        foreach (var s in subscribers)
            foreach (var e in batch) s.Offer(e);
    }

    public async IAsyncEnumerable<RouteChangeNotice> Subscribe(string? namespaceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var s = Open(namespaceId);
        while (await s.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            while (s.Reader.TryRead(out var e)) yield return e.Notice;
    }

    public IReadOnlyList<RouteChangeNotice> Recent(int max)
    {
        lock (_lock)
        {
            int n = Math.Min(max, _recentCount);
            var list = new RouteChangeNotice[n];
            for (int i = 0; i < n; i++)
                list[i] = _recent[(_recentNext - n + i + _recent.Length) % _recent.Length];
            return list;
        }
    }
}
