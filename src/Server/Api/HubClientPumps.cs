using System.Collections.Concurrent;
using Dashboard.Server.Api.Contracts;
using Dashboard.Server.Events;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Dashboard.Server.Api;

/// <summary>
/// One bounded subscription and one sending loop per hub connection. The loop awaits each send, so a
/// client that reads slowly holds up only its own loop; its queue then fills, is dropped, and the
/// client gets a Resynced notice — the event loop and other clients never wait for it.
/// </summary>
public sealed class HubClientPumps(LiveEventBus bus, IHubContext<RoutesHub, IRoutesClient> hub, ILogger<HubClientPumps> log) : IDisposable
{
    private readonly ConcurrentDictionary<string, Pump> _pumps = new(StringComparer.Ordinal);

    internal LiveSubscription For(string connectionId) => _pumps.GetOrAdd(connectionId, id => Pump.Start(id, bus, hub, log)).Subscription;

    internal void Drop(string connectionId)
    {
        if (_pumps.TryRemove(connectionId, out var p)) p.Dispose();
    }

    public int Connections => _pumps.Count;

    public void Dispose()
    {
        foreach (var id in _pumps.Keys) Drop(id);
    }

    private sealed class Pump : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        public LiveSubscription Subscription { get; }

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
            try
            {
                await foreach (var e in Subscription.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                    await Send(client, e).ConfigureAwait(false);
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
