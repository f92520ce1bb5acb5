using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Dashboard.Server.Namespaces;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Api;

/// <summary>
/// /hubs/routes: live route, link, address, finding and namespace notices. A connection follows the
/// namespaces it subscribed to (or all); each connection has its own bounded queue, see <see cref="HubClientPumps"/>.
/// A connection follows at most Dashboard:HubSubscriptionLimit namespaces one by one; its calls are
/// rate-limited (<see cref="HubCallRateLimit"/>) and connections are capped (<see cref="HubConnectionLimit"/>).
/// </summary>
public sealed class RoutesHub(HubClientPumps pumps, LiveStream stream, IOptions<DashboardOptions> options, IServiceProvider services) : Hub<IRoutesClient>
{
    /// <summary>The auto-remediation policy: on or off, its recent actions, where it stopped (every connection also gets PolicyAction as it acts).</summary>
    public AutoRemediation.PolicyStatus? Policy() => services.GetService<AutoRemediation.PolicyLedger>()?.Status();

    /// <summary>Follow one namespace (by id, as /api/namespaces lists them).</summary>
    public void Subscribe(string namespaceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceId);
        try { NamespaceId.Parse(namespaceId); }
        catch (ArgumentException e) { throw new HubException(e.Message); }
        int limit = options.Value.HubSubscriptionLimit;
        if (!pumps.TryFollow(Context.ConnectionId, namespaceId, limit))
            throw new HubException($"This connection follows {limit} namespaces, the most one connection may (Dashboard:HubSubscriptionLimit); call SubscribeAll to follow every namespace, or Unsubscribe from one first.");
    }

    /// <summary>Follow every namespace of the node, including ones that appear later.</summary>
    public void SubscribeAll() => pumps.For(Context.ConnectionId).FollowAll();

    /// <summary>
    /// From now on this connection receives Notices(batch): whatever queued while the previous message was
    /// on its way, up to <see cref="HubClientPumps.MaxBatch"/> notices per message, in order. One call per
    /// notice costs a message each; at tens of thousands of changes a second that cost is the latency.
    /// </summary>
    public void ReceiveBatches() => pumps.SendBatches(Context.ConnectionId);

    public void Unsubscribe(string namespaceId) => pumps.Unfollow(Context.ConnectionId, namespaceId);

    /// <summary>The live model's routes of a namespace: what a client re-reads after Resynced.</summary>
    public async Task<RouteDto[]> Routes(string namespaceId)
    {
        var view = await stream.ViewAsync(namespaceId) ?? throw new HubException($"namespace '{namespaceId}' is not streamed");
        return view.Snapshot.Routes.Select(r => RouteDto.From(r, view.Snapshot.Topology)).ToArray();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        pumps.Drop(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
