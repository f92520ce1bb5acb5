namespace Dashboard.Server.Routing;

/// <summary>
/// A namespace's routing state as analysis reads it: a snapshot just read, or the live model the
/// event stream keeps. Analysing one route may look at the other routes of a table (does the VRF's
/// table already have its own default route?), so both give the analyzer the routes, not only links.
/// </summary>
public interface IRoutingState
{
    NetNamespace Namespace { get; }
    VrfTopology Topology { get; }
    IReadOnlyList<Address> Addresses { get; }

    /// <summary>The policy rules of both families, in the kernel's order.</summary>
    IReadOnlyList<Rule> Rules { get; }

    /// <summary>The routes of one table to one destination (every metric, tos and source).</summary>
    IEnumerable<Route> RoutesTo(uint table, IpPrefix dst);
}
