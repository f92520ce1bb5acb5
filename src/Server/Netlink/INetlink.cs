using Dashboard.Server.Lookup;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink;

/// <summary>
/// The one way into a namespace's kernel routing state, for reading, changing and subscribing (as
/// vishvananda/netlink's Handle): the dashboard, the CLI, the event stream and migrations all open
/// their handles here. Each handle is bound to one namespace for its whole life.
/// </summary>
public interface INetlink
{
    /// <summary>Reads the namespace whole: `ip link`, `ip addr`, `ip nexthop` and `ip route show table all` in one.</summary>
    /// <exception cref="Namespaces.NamespaceNotFoundException">the namespace does not exist or vanished.</exception>
    /// <exception cref="NetlinkException">the kernel refused a request.</exception>
    NamespaceSnapshot Read(NetNamespace ns, CancellationToken cancellationToken = default);

    /// <summary>A handle for a read → change → re-read sequence that must all happen in the same namespace.</summary>
    /// <exception cref="Namespaces.NamespaceNotFoundException">the namespace does not exist.</exception>
    INetlinkHandle Open(NetNamespace ns);

    /// <summary>A handle joined to the namespace's route, link, address, nexthop and rule notices, for the event stream.</summary>
    NetlinkHandle Subscribe(NetNamespace ns, int receiveBufferBytes);
}

/// <summary>One namespace's netlink socket: read it, change its routes and rules.</summary>
public interface INetlinkHandle : IDisposable
{
    NetNamespace Namespace { get; }

    NamespaceSnapshot Read(CancellationToken cancellationToken = default);

    /// <summary>The policy rules of both families alone (`ip rule; ip -6 rule`), without the rest of a read.</summary>
    IReadOnlyList<Rule> ReadRules(CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks the kernel where a packet goes, twice: `ip route get` (the route it takes) and `ip route
    /// get fibmatch` (the table entry that matched). A refusal (no route, an unreachable rule or route)
    /// is an answer here, not an exception.
    /// </summary>
    /// <exception cref="ArgumentException">the request has no destination, or mixes families.</exception>
    KernelLookup Lookup(LookupRequest request);

    /// <summary>Sends one route request (`ip route add/replace/append/del`) and waits for the kernel's ack.</summary>
    /// <exception cref="NetlinkException">the kernel refused; its message and extended ack are inside.</exception>
    void Change(RouteChange change, Route route);

    /// <summary>Sends one rule request (`ip rule add/del`: <see cref="RouteChange.Add"/> or <see cref="RouteChange.Delete"/>) and waits for the kernel's ack.</summary>
    /// <exception cref="NetlinkException">the kernel refused; its message and extended ack are inside.</exception>
    void Change(RouteChange change, Rule rule);
}
