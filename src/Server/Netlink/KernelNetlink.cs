using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink;

/// <summary><see cref="INetlink"/> over the kernel's rtnetlink sockets.</summary>
public sealed class KernelNetlink : INetlink
{
    public static readonly KernelNetlink Instance = new();

    public NamespaceSnapshot Read(NetNamespace ns, CancellationToken cancellationToken = default)
    {
        using var handle = NetlinkHandle.Open(ns);
        return handle.Read(cancellationToken);
    }

    public INetlinkHandle Open(NetNamespace ns) => NetlinkHandle.Open(ns);

    public NetlinkHandle Subscribe(NetNamespace ns, int receiveBufferBytes) => NetlinkHandle.OpenSubscription(ns, receiveBufferBytes);
}
