using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Netlink.Transport;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink;

/// <summary>
/// Reads links, addresses, nexthop objects and the routes of every table of a namespace, the way
/// `ip link`, `ip addr`, `ip nexthop` and `ip route show table all` see them.
/// </summary>
public sealed class NamespaceReader : INamespaceReader
{
    /// <summary>How often a dump flagged NLM_F_DUMP_INTR is retried before it is reported as possibly inconsistent.</summary>
    public const int DumpAttempts = 5;

    public NamespaceSnapshot Read(NetNamespace ns, CancellationToken cancellationToken = default)
    {
        using var socket = NetlinkSocket.OpenIn(ns.Path);
        var snapshot = Read(socket, ns, cancellationToken);
        EnsureStillThere(ns);
        return snapshot;
    }

    internal static NamespaceSnapshot Read(NetlinkSocket socket, NetNamespace ns, CancellationToken cancellationToken)
    {
        bool consistent = true;
        var links = DumpAll(socket, Requests.DumpLinks, "dump links", (in NlMsgHdr h, ReadOnlySpan<byte> p, List<Link> into) =>
        {
            if (h.Type == Rtm.NEWLINK) into.Add(LinkDecoder.Decode(p));
        }, ref consistent, cancellationToken);

        var addresses = DumpAll(socket, Requests.DumpAddresses, "dump addresses", (in NlMsgHdr h, ReadOnlySpan<byte> p, List<Address> into) =>
        {
            if (h.Type == Rtm.NEWADDR) into.Add(AddressDecoder.Decode(p));
        }, ref consistent, cancellationToken);

        var context = new DecodeContext(links);
        var nexthops = DumpNexthops(socket, context, ref consistent, cancellationToken);

        var routes = new List<Route>();
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
        {
            routes.AddRange(DumpAll(socket, () => Requests.DumpRoutes(family), $"dump {family.Name()} routes",
                (in NlMsgHdr h, ReadOnlySpan<byte> p, List<Route> into) =>
                {
                    if (h.Type == Rtm.NEWROUTE) into.Add(RouteDecoder.Decode(p, context));
                }, ref consistent, cancellationToken));
        }
        ExpandNexthopGroups(routes, nexthops);
        return new NamespaceSnapshot(ns, DateTimeOffset.UtcNow, links, addresses, nexthops, routes, !consistent);
    }

    private delegate void Collect<T>(in NlMsgHdr header, ReadOnlySpan<byte> payload, List<T> into);

    private static List<T> DumpAll<T>(NetlinkSocket socket, Func<MessageBuilder> request, string operation,
        Collect<T> collect, ref bool consistent, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        for (int attempt = 1; ; attempt++)
        {
            items.Clear();
            bool ok = socket.Dump(request(), operation, (in NlMsgHdr h, ReadOnlySpan<byte> p) => collect(h, p, items), cancellationToken);
            if (ok) return items;
            if (attempt == DumpAttempts)
            {
                consistent = false;
                return items;
            }
        }
    }

    private static List<NexthopObject> DumpNexthops(NetlinkSocket socket, DecodeContext context, ref bool consistent, CancellationToken ct)
    {
        try
        {
            return DumpAll(socket, Requests.DumpNexthops, "dump nexthops", (in NlMsgHdr h, ReadOnlySpan<byte> p, List<NexthopObject> into) =>
            {
                if (h.Type == Rtm.NEWNEXTHOP) into.Add(NexthopDecoder.Decode(p, context));
            }, ref consistent, ct);
        }
        catch (NetlinkException e) when (e.Errno is 95 or 22) // EOPNOTSUPP, EINVAL: kernel without nexthop objects
        {
            return [];
        }
    }

    /// <summary>
    /// With net.ipv4.nexthop_compat_mode=0 the kernel sends only RTA_NH_ID; fill the paths from the
    /// group so every route shows where it goes, as `ip route` does.
    /// </summary>
    internal static void ExpandNexthopGroups(List<Route> routes, IReadOnlyList<NexthopObject> objects)
    {
        if (objects.Count == 0) return;
        var byId = objects.ToDictionary(o => o.Id);
        for (int i = 0; i < routes.Count; i++)
        {
            var r = routes[i];
            if (r.NexthopId is not uint id || !byId.TryGetValue(id, out var obj)) continue;
            if (obj.IsGroup)
            {
                var members = obj.Group.Where(m => byId.ContainsKey(m.Id)).ToArray();
                // In compat mode the kernel already sent the paths, in group order: keep its flags and
                // only tag each path with the member it came from, which the planner needs.
                var paths = r.IsMultipath && r.Nexthops.Count == members.Length
                    ? r.Nexthops.Select((nh, k) => nh with { NexthopId = members[k].Id }).ToArray()
                    : members.Select(m =>
                    {
                        var member = byId[m.Id];
                        return new Nexthop(member.Gateway, null, member.LinkIndex, member.Dev, m.Weight, member.Flags) { NexthopId = m.Id };
                    }).ToArray();
                routes[i] = r with { Nexthops = paths };
            }
            else if (r.Dev is null && r.Gateway is null)
            {
                routes[i] = r with { Gateway = obj.Gateway, LinkIndex = obj.LinkIndex, Dev = obj.Dev };
            }
        }
    }

    private static void EnsureStillThere(NetNamespace ns)
    {
        if (ns.Kind == NamespaceKind.Host) return;
        if (!File.Exists(ns.Path))
            throw new NamespaceNotFoundException($"namespace '{ns.Id}' disappeared while it was being read ({ns.Path} is gone)");
    }
}
