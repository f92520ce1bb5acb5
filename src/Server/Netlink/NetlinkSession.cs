using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Transport;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink;

/// <summary>
/// One netlink socket inside one namespace, for a read → change → re-read sequence (a migration)
/// that must all happen in the same namespace even if its file disappears meanwhile.
/// </summary>
public sealed class NetlinkSession : IDisposable
{
    private readonly NetlinkSocket _socket;

    public NetNamespace Namespace { get; }

    private NetlinkSession(NetNamespace ns, NetlinkSocket socket)
    {
        Namespace = ns;
        _socket = socket;
    }

    /// <exception cref="Namespaces.NamespaceNotFoundException">the namespace does not exist.</exception>
    public static NetlinkSession Open(NetNamespace ns) => new(ns, NetlinkSocket.OpenIn(ns.Path));

    public NamespaceSnapshot Read(CancellationToken cancellationToken = default) =>
        NamespaceReader.Read(_socket, Namespace, cancellationToken);

    /// <summary>
    /// Sends one route change and waits for the kernel's ack. Devices named in the route are resolved
    /// against <paramref name="links"/>, the snapshot the change was planned on.
    /// </summary>
    /// <exception cref="NetlinkException">the kernel refused; its message and extended ack are inside.</exception>
    public void Change(RouteChange change, Route route, NamespaceSnapshot links)
    {
        var request = RouteEncoder.Encode(change, route, dev =>
            links.LinkByName(dev)?.Index ?? throw new ArgumentException($"device '{dev}' does not exist in namespace '{Namespace.Id}'"));
        _socket.Execute(request, $"{change.ToString().ToLowerInvariant()} route {route.Dst} table {route.Table}");
    }

    public void Dispose() => _socket.Dispose();
}
