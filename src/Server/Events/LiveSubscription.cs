using System.Threading.Channels;

namespace Dashboard.Server.Events;

/// <summary>
/// One consumer's view of the stream: a bounded queue and a filter. The event loop only ever tries to
/// write: when the queue is full the consumer has fallen behind, so its queue is emptied and replaced
/// by one Resynced notice telling it to re-read — memory stays bounded and the node never waits.
/// </summary>
public sealed class LiveSubscription : IDisposable
{
    /// <summary>NamespaceId of the Resynced notice sent to a subscription that fell behind while following every namespace.</summary>
    public const string AllNamespaces = "*";

    private readonly Channel<LiveEvent> _queue;
    private readonly LiveEventBus _bus;
    private readonly EventCounters _counters;
    private readonly object _filterLock = new();
    private HashSet<string> _namespaces = new(StringComparer.Ordinal);
    private volatile bool _all;
    private long _dropped;

    internal LiveSubscription(LiveEventBus bus, EventCounters counters, int capacity, string? namespaceId)
    {
        _bus = bus;
        _counters = counters;
        _queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails instead of blocking or dropping silently
            SingleWriter = true,
        });
        if (namespaceId is null) _all = true;
        else _namespaces.Add(namespaceId);
    }

    public ChannelReader<LiveEvent> Reader => _queue.Reader;

    /// <summary>Notices thrown away because this subscriber fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Follow(string namespaceId)
    {
        lock (_filterLock) _namespaces = new HashSet<string>(_namespaces, StringComparer.Ordinal) { namespaceId };
    }

    public void FollowAll() => _all = true;

    public void Unfollow(string namespaceId)
    {
        lock (_filterLock)
        {
            var next = new HashSet<string>(_namespaces, StringComparer.Ordinal);
            next.Remove(namespaceId);
            _namespaces = next;
        }
    }

    /// <summary>Stops following everything (Unsubscribe of the last namespace also ends an all-namespaces subscription).</summary>
    public void UnfollowAll()
    {
        _all = false;
        lock (_filterLock) _namespaces = new HashSet<string>(StringComparer.Ordinal);
    }

    internal bool Wants(string namespaceId) => _all || _namespaces.Contains(namespaceId);

    internal void Offer(LiveEvent e)
    {
        if (!Wants(e.Notice.NamespaceId)) return;
        if (_queue.Writer.TryWrite(e)) return;
        long dropped = 0;
        while (_queue.Reader.TryRead(out _)) dropped++;
        Interlocked.Add(ref _dropped, dropped + 1);
        Interlocked.Increment(ref _counters.clientOverflows);
        var single = !_all && _namespaces.Count == 1;
        var notice = new RouteChangeNotice(single ? e.Notice.NamespaceId : AllNamespaces, RouteChangeKind.Resynced, DateTimeOffset.UtcNow,
            single ? e.Notice.Sequence : 0,
            $"this subscriber fell behind: {dropped + 1} notices dropped up to sequence {e.Notice.Sequence} of {e.Notice.NamespaceId}; re-read the namespaces it follows");
        _queue.Writer.TryWrite(new LiveEvent(notice) { ReadAt = e.ReadAt });
    }

    internal void Complete() => _queue.Writer.TryComplete();

    public void Dispose()
    {
        _bus.Unsubscribe(this);
        Complete();
    }
}
