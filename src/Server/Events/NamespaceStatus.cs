using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Events;

/// <summary>How many routes of one family live in one kind of table.</summary>
public readonly record struct RouteCount(IpFamily Family, TableKind Table, int Count);

/// <summary>
/// One streamed namespace as the live model holds it right now: what metrics and the cluster view
/// report. <see cref="Loaded"/> is false until the first dump has come back.
/// </summary>
public sealed record NamespaceStatus(
    NetNamespace Namespace,
    bool Loaded,
    int Links,
    int Routes,
    IReadOnlyList<RouteCount> RoutesByTable,
    IReadOnlyList<Finding> Findings,
    /// <summary>When the namespace was last read whole after lost notices, or null.</summary>
    DateTimeOffset? LastResync);
