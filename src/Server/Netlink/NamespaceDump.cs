using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Netlink.Transport;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink;

/// <summary>
/// Dumps links, addresses, nexthop objects and the routes of every table of the socket's namespace,
/// the way `ip link`, `ip addr`, `ip nexthop` and `ip route show table all` see them.
/// </summary>
internal static class NamespaceDump
{
    /// <summary>How often a dump flagged NLM_F_DUMP_INTR is retried before it is reported as possibly inconsistent.</summary>
    public const int Attempts = 5;

    public static NamespaceSnapshot Read(NetlinkSocket socket, NetNamespace ns, CancellationToken cancellationToken)
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

        var nexthops = DumpNexthops(socket, ref consistent, cancellationToken);

        var rules = DumpRules(socket, ref consistent, cancellationToken);

        var routes = new List<Route>();
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
        {
            var part = DumpAll(socket, () => Requests.DumpRoutes(family), $"dump {RouteNames.Family(family)} routes",
                (in NlMsgHdr h, ReadOnlySpan<byte> p, List<Route> into) =>
                {
                    // Cached clones (PMTU exceptions) are not routes `ip route show` lists.
                    if (h.Type == Rtm.NEWROUTE && !RouteDecoder.IsClone(p)) into.Add(RouteDecoder.Decode(p));
                }, ref consistent, cancellationToken);
            if (routes.Count == 0) routes = part;
            else routes.AddRange(part);
        }
        routes.TrimExcess();
        ExpandNexthopGroups(routes, nexthops);
        return new NamespaceSnapshot(ns, DateTimeOffset.UtcNow, links, addresses, nexthops, routes, !consistent) { Rules = rules };
    }

    /// <summary>The policy rules of both families (`ip rule; ip -6 rule`), each family in the kernel's order.</summary>
    public static List<Rule> ReadRules(NetlinkSocket socket, CancellationToken cancellationToken)
    {
        bool consistent = true;
        return DumpRules(socket, ref consistent, cancellationToken);
    }

    private static List<Rule> DumpRules(NetlinkSocket socket, ref bool consistent, CancellationToken cancellationToken)
    {
        var rules = new List<Rule>();
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
            rules.AddRange(DumpAll(socket, () => Requests.DumpRules(family), $"dump {RouteNames.Family(family)} rules",
                (in NlMsgHdr h, ReadOnlySpan<byte> p, List<Rule> into) =>
                {
                    if (h.Type == Rtm.NEWRULE) into.Add(RuleDecoder.Decode(p));
                }, ref consistent, cancellationToken));
        return rules;
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
            if (attempt == Attempts)
            {
                consistent = false;
                return items;
            }
        }
    }

    private static List<NexthopObject> DumpNexthops(NetlinkSocket socket, ref bool consistent, CancellationToken ct)
    {
        try
        {
            return DumpAll(socket, Requests.DumpNexthops, "dump nexthops", (in NlMsgHdr h, ReadOnlySpan<byte> p, List<NexthopObject> into) =>
            {
                if (h.Type == Rtm.NEWNEXTHOP) into.Add(NexthopDecoder.Decode(p));
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
            if (routes[i].NexthopId is not null) routes[i] = Expand(routes[i], byId);
    }

    /// <summary>One route's nexthop object expanded into its paths (the route itself when there is nothing to expand).</summary>
    internal static Route Expand(Route r, IReadOnlyDictionary<uint, NexthopObject> byId)
    {
        if (r.NexthopId is not uint id || !byId.TryGetValue(id, out var obj)) return r;
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
                    return new Nexthop(member.Gateway, member.Oif, m.Weight, member.Flags) { NexthopId = m.Id };
                }).ToArray();
            return r with { Nexthops = paths };
        }
        if (r.Oif == 0 && r.Gateway.IsNone) return r with { Gateway = obj.Gateway, Oif = obj.Oif };
        return r;
    }
}
