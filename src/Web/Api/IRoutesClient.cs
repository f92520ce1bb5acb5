using Dashboard.Server.Contracts;

namespace Dashboard.Web.Api;

/// <summary>What the /hubs/routes hub calls on its clients: one method per kind of notice.</summary>
public interface IRoutesClient
{
    Task RouteAdded(RouteEventDto e);
    Task RouteRemoved(RouteEventDto e);
    Task RouteChanged(RouteEventDto e);
    Task LinkChanged(RouteEventDto e);
    Task AddressChanged(RouteEventDto e);
    /// <summary>A policy rule appeared: <c>e.Rule</c> has `ip -j rule`'s fields, the summary its `ip rule` line.</summary>
    Task RuleAdded(RouteEventDto e);
    Task RuleRemoved(RouteEventDto e);
    Task FindingOpened(RouteEventDto e);
    Task FindingResolved(RouteEventDto e);
    Task NamespaceAdded(RouteEventDto e);
    Task NamespaceRemoved(RouteEventDto e);
    /// <summary>Re-read: the server re-dumped a namespace after lost notices, or this client fell behind and its queue was dropped.</summary>
    Task Resynced(RouteEventDto e);
    /// <summary>
    /// The same notices, in order, several per message (each says its kind): sent instead of the calls
    /// above to a connection that called ReceiveBatches, which a client following a busy node wants.
    /// </summary>
    Task Notices(RouteEventDto[] batch);
    /// <summary>What the auto-remediation policy did ("fixed", "failed", "stopped", …), sent to every connection.</summary>
    Task PolicyAction(AutoRemediation.PolicyActionDto action);
}
