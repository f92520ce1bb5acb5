using Dashboard.Server.Lookup;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Netlink.Transport;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket created inside one namespace (setns on a dedicated thread, then back): it
/// keeps talking to that namespace from any thread, even after the namespace's file is gone. Not
/// safe for concurrent use.
/// </summary>
public sealed class NetlinkHandle : INetlinkHandle
{
    private static readonly int[] NoticeGroups =
    [
        RtnlGroup.LINK, RtnlGroup.IPV4_IFADDR, RtnlGroup.IPV6_IFADDR, RtnlGroup.IPV4_ROUTE, RtnlGroup.IPV6_ROUTE,
        RtnlGroup.NEXTHOP, RtnlGroup.IPV4_RULE, RtnlGroup.IPV6_RULE,
    ];

    internal NetlinkSocket Socket { get; }

    public NetNamespace Namespace { get; }

    private NetlinkHandle(NetNamespace ns, NetlinkSocket socket)
    {
        Namespace = ns;
        Socket = socket;
    }

    /// <exception cref="NamespaceNotFoundException">the namespace does not exist, or its path now leads to another one.</exception>
    public static NetlinkHandle Open(NetNamespace ns, int receiveBufferBytes = NetlinkSocket.DefaultReceiveBuffer) =>
        new(ns, NamespaceEntry.RunInside(ns, () => NetlinkSocket.Open(receiveBufferBytes)));

    /// <summary>A handle joined to every group the live model follows; notices queue on it until read.</summary>
    internal static NetlinkHandle OpenSubscription(NetNamespace ns, int receiveBufferBytes)
    {
        var handle = Open(ns, receiveBufferBytes);
        try
        {
            foreach (var g in NoticeGroups) handle.Socket.Join(g);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public NamespaceSnapshot Read(CancellationToken cancellationToken = default)
    {
        var snapshot = NamespaceDump.Read(Socket, Namespace, cancellationToken);
        if (Namespace.Kind != NamespaceKind.Host && !File.Exists(Namespace.Path))
            throw new NamespaceNotFoundException($"namespace '{Namespace.Id}' disappeared while it was being read ({Namespace.Path} is gone)");
        return snapshot;
    }

    public IReadOnlyList<Rule> ReadRules(CancellationToken cancellationToken = default) =>
        NamespaceDump.ReadRules(Socket, cancellationToken);

    public KernelLookup Lookup(LookupRequest request)
    {
        var (answer, refusal) = Get(request, fibMatch: false, RouteAnswerDecoder.Decode);
        var (match, matchRefusal) = Get(request, fibMatch: true, p => RouteDecoder.Decode(p));
        return new KernelLookup(answer, refusal, match, matchRefusal);
    }

    private (T? Answer, KernelRefusal? Refusal) Get<T>(LookupRequest request, bool fibMatch, AnswerDecoder<T> decode) where T : class
    {
        try
        {
            return (Socket.Get(RouteGetRequest.Build(request, fibMatch), Rtm.NEWROUTE,
                $"route get {(fibMatch ? "fibmatch " : "")}{request.Dst}", decode), null);
        }
        catch (NetlinkException e) { return (null, new KernelRefusal(e.Errno, e.ExtAck)); }
    }

    public void Change(RouteChange change, Route route) =>
        Socket.Execute(RouteEncoder.Encode(change, route),
            $"{change.ToString().ToLowerInvariant()} route {route.Dst} table {route.Table}");

    public void Change(RouteChange change, Rule rule) =>
        Socket.Execute(RuleEncoder.Encode(change, rule),
            $"{change.ToString().ToLowerInvariant()} rule {RuleText.Arguments(rule)}");

    public void Dispose() => Socket.Dispose();
}
