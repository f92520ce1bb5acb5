namespace Dashboard.Server.Events;

/// <summary>What changed, with the names the live stream (and its SignalR hub) uses.</summary>
public enum RouteChangeKind
{
    RouteAdded,
    RouteRemoved,
    RouteChanged,
    LinkChanged,
    AddressChanged,
    FindingOpened,
    FindingResolved,
    NamespaceAdded,
    NamespaceRemoved,
    /// <summary>The source lost track (dropped events, read error) and re-read the namespace whole.</summary>
    Resynced,
}
