using System.Collections.Concurrent;
using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Api;

/// <summary>
/// One bounded subscription and one sending loop per hub connection. The loop awaits each send, so a
/// client that reads slowly holds up only its own loop; its queue then fills, is dropped, and the
/// client gets a Resynced notice — the event loop and other clients never wait for it.
/// </summary>
public sealed class HubClientPumps(LiveEventBus bus, IHubContext<RoutesHub, IRoutesClient> hub, ILogger<HubClientPumps> log) : IDisposable
{
    /// <summary>Most notices in one Notices message: big enough to amortise a message, small enough to keep one under 1 MiB.</summary>
    public const int MaxBatch = 512;

    private readonly ConcurrentDictionary<string, Pump> _pumps = new(StringComparer.Ordinal);

    internal LiveSubscription For(string connectionId) => PumpOf(connectionId).Subscription;

    /// <summary>
    /// Follows one more namespace unless the connection already follows <paramref name="limit"/> of them
    /// (false then). Following one it already follows costs nothing: the subscription's filter is copied
    /// only for a namespace that is new to it, and at most <paramref name="limit"/> times.
    /// </summary>
    internal bool TryFollow(string connectionId, string namespaceId, int limit)
    {
        var pump = PumpOf(connectionId);
        lock (pump.Followed)
        {
            if (pump.Followed.Contains(namespaceId)) return true;
            if (pump.Followed.Count >= limit) return false;
            pump.Followed.Add(namespaceId);
            pump.Subscription.Follow(namespaceId);
            return true;
        }
    }

    internal void Unfollow(string connectionId, string namespaceId)
    {
        var pump = PumpOf(connectionId);
        lock (pump.Followed)
            if (pump.Followed.Remove(namespaceId)) pump.Subscription.Unfollow(namespaceId);
    }

    /// <summary>From now on the connection gets Notices(batch) instead of one call per notice.</summary>
    internal void SendBatches(string connectionId) => PumpOf(connectionId).Batches = true;

    internal void Drop(string connectionId)
    {
        if (_pumps.TryRemove(connectionId, out var p)) p.Dispose();
    }

    public int Connections => _pumps.Count;

    public void Dispose()
    {
        foreach (var id in _pumps.Keys) Drop(id);
    }

    private Pump PumpOf(string connectionId) => _pumps.GetOrAdd(connectionId, id => Pump.Start(id, bus, hub, log));

    private sealed class Pump : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        public LiveSubscription Subscription { get; }
        /// <summary>The namespaces followed one by one (Subscribe), counted against the subscription limit.</summary>
        public HashSet<string> Followed { get; } = new(StringComparer.Ordinal);
        public volatile bool Batches;

        private Pump(LiveSubscription s) => Subscription = s;

        public static Pump Start(string connectionId, LiveEventBus bus, IHubContext<RoutesHub, IRoutesClient> hub, ILogger log)
        {
            // Starts following nothing: Subscribe/SubscribeAll say what.
            var s = bus.Open(namespaceId: null);
            s.UnfollowAll();
            var pump = new Pump(s);
            _ = Task.Run(() => pump.Run(connectionId, hub, log));
            return pump;
        }

        private async Task Run(string connectionId, IHubContext<RoutesHub, IRoutesClient> hub, ILogger log)
        {
            var client = hub.Clients.Client(connectionId);
            var reader = Subscription.Reader;
            var batch = new List<RouteEventDto>(MaxBatch);
            try
            {
                while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
                {
                    if (!Batches)
                    {
                        if (reader.TryRead(out var e)) await Send(client, e).ConfigureAwait(false);
                        continue;
                    }
                    // Whatever queued while the last message was on its way goes out as one message: a
                    // quiet node sends batches of one, a busy one pays the per-message cost once per batch.
                    while (batch.Count < MaxBatch && reader.TryRead(out var e)) batch.Add(RouteEventDto.From(e));
                    if (batch.Count == 0) continue;
                    await client.Notices([.. batch]).ConfigureAwait(false);
                    batch.Clear();
                }
            }
            catch (OperationCanceledException) { }
            catch (Exception ex) { log.LogWarning(ex, "sending to hub connection {Connection} failed", connectionId); }
        }

        private static Task Send(IRoutesClient c, LiveEvent e)
        {
            var dto = RouteEventDto.From(e);
            return e.Notice.Kind switch
            {
                RouteChangeKind.RouteAdded => c.RouteAdded(dto),
                RouteChangeKind.RouteRemoved => c.RouteRemoved(dto),
                RouteChangeKind.RouteChanged => c.RouteChanged(dto),
                RouteChangeKind.LinkChanged => c.LinkChanged(dto),
                RouteChangeKind.AddressChanged => c.AddressChanged(dto),
                RouteChangeKind.FindingOpened => c.FindingOpened(dto),
                RouteChangeKind.FindingResolved => c.FindingResolved(dto),
                RouteChangeKind.NamespaceAdded => c.NamespaceAdded(dto),
                RouteChangeKind.NamespaceRemoved => c.NamespaceRemoved(dto),
                _ => c.Resynced(dto),
            };
        }

        public void Dispose()
        {
            _stop.Cancel();
            Subscription.Dispose();
        }
    }
}
