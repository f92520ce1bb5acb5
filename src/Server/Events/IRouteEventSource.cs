namespace Dashboard.Server.Events;

/// <summary>
/// Changes to routes, links, addresses and namespaces as they happen. A subscription lasts until its
/// token is cancelled; a slow consumer may miss notices (it sees a sequence gap or a Resynced notice),
/// it never slows the source down.
/// </summary>
public interface IRouteEventSource
{
    /// <summary>Notices for one namespace, or for every namespace on the node when <paramref name="namespaceId"/> is null.</summary>
    IAsyncEnumerable<RouteChangeNotice> Subscribe(string? namespaceId, CancellationToken cancellationToken);

    /// <summary>The most recent notices the source produced, oldest first (for an event log).</summary>
    IReadOnlyList<RouteChangeNotice> Recent(int max);
}
