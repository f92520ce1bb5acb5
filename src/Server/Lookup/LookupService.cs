using Dashboard.Server.Events;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>
/// Lookups for the API and the pages: the namespace as it is now (the live model where one is kept),
/// the request's names resolved against it, then the kernel asked through a handle of that namespace.
/// </summary>
public sealed class LookupService(INetlink netlink, NamespaceViews views)
{
    /// <param name="request">Builds the request from the namespace's names (throws ArgumentException for bad input).</param>
    /// <exception cref="ArgumentException">the request is malformed or names a device the namespace lacks.</exception>
    /// <exception cref="Namespaces.NamespaceNotFoundException">the namespace is gone.</exception>
    public async Task<(LookupResult Result, NamespaceSnapshot State)> LookupAsync(NetNamespace ns,
        Func<VrfTopology, LookupRequest> request, CancellationToken cancellationToken)
    {
        var state = (await views.CurrentAsync(ns, cancellationToken)).Snapshot;
        var q = request(state.Topology);
        // Entering the namespace (setns on a thread of its own) and two kernel round trips: off the caller's context.
        return await Task.Run(() =>
        {
            using var handle = netlink.Open(ns);
            return (RouteLookup.Run(handle, state, q), state);
        }, cancellationToken);
    }
}
