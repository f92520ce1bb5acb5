namespace Dashboard.Server.Events;

/// <summary>What changed, with the names the live stream (and its SignalR hub) uses.</summary>
public enum RouteChangeKind
{
    RouteAdded,
    RouteRemoved,
    RouteChanged,
    LinkChanged,
    AddressChanged,
    /// <summary>A policy rule appeared (RTM_NEWRULE); the summary is its `ip rule` line.</summary>
    RuleAdded,
    /// <summary>A policy rule went away (RTM_DELRULE).</summary>
    RuleRemoved,
    FindingOpened,
    FindingResolved,
    NamespaceAdded,
    NamespaceRemoved,
    /// <summary>The source lost track (dropped events, read error) and re-read the namespace whole.</summary>
    Resynced,
}
