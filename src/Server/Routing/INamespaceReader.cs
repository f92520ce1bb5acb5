namespace Dashboard.Server.Routing;

/// <summary>Reads the whole routing state of one namespace over rtnetlink.</summary>
public interface INamespaceReader
{
    /// <exception cref="Namespaces.NamespaceNotFoundException">the namespace does not exist or vanished.</exception>
    /// <exception cref="Netlink.NetlinkException">the kernel refused a request.</exception>
    NamespaceSnapshot Read(NetNamespace ns, CancellationToken cancellationToken = default);
}
