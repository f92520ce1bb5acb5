using System.Globalization;
using System.Text;

namespace Dashboard.Server.Routing;

/// <summary>
/// The one iproute2 printer: a route as `ip route show` prints it, and as the `ip route
/// add/replace/append/del` command that makes the same request. Field order follows iproute2's
/// print_route; names come from <see cref="RouteNames"/> and the namespace's <see cref="VrfTopology"/>.
/// Rules have theirs in <see cref="RuleText"/>.
/// </summary>
public static class RouteText
{
    /// <summary>The route as `ip route show table all` prints it (nexthops on their own tab-indented lines).</summary>
    public static string Show(Route r, VrfTopology names)
    {
        var b = new StringBuilder(96);
        AppendShow(b, r, names);
        return b.ToString();
    }

    public static void AppendShow(StringBuilder b, Route r, VrfTopology names)
    {
        if (r.Type != RouteType.Unicast) b.Append(RouteNames.Type(r.Type)).Append(' ');
        AppendDestination(b, r.Dst);
        if (!r.Src.IsNone) b.Append(" from ").Append(Destination(r.Src));
        if (r.Tos != 0) b.Append(" tos 0x").Append(r.Tos.ToString("x2", CultureInfo.InvariantCulture));
        if (r.NexthopId is uint nhid) b.Append(" nhid ").Append(nhid);
        if (!r.IsMultipath) AppendPath(b, r.Family, r.Gateway, r.Oif, names);
        if (r.Table != RoutingTable.Main) b.Append(" table ").Append(VrfTopology.TableName(r.Table));
        if (r.Protocol != RouteProtocol.Boot) b.Append(" proto ").Append(RouteNames.Protocol(r.Protocol));
        if (r.Scope != RouteScope.Universe) b.Append(" scope ").Append(RouteNames.Scope(r.Scope));
        if (!r.PrefSrc.IsNone) b.Append(" src ").Append(r.PrefSrc);
        if (r.Metric is uint m) b.Append(" metric ").Append(m);
        foreach (var f in RouteNames.Flags(r.Flags)) b.Append(' ').Append(f);
        if (r.Pref is { } pref) b.Append(" pref ").Append(RouteNames.Pref(pref));
        foreach (var nh in r.Nexthops)
        {
            b.Append("\n\tnexthop");
            AppendPath(b, r.Family, nh.Gateway, nh.Oif, names);
            b.Append(" weight ").Append(nh.Weight);
            foreach (var f in RouteNames.Flags(nh.Flags)) b.Append(' ').Append(f);
        }
    }

    /// <summary>
    /// The `ip` command that sends the same request: "ip -6 route add default via … table 1001 …".
    /// What iproute2 leaves out of a delete request by default (scope, preference, prefsrc) is left out
    /// of delete commands too.
    /// </summary>
    public static string Command(RouteChange change, Route r, VrfTopology names)
    {
        var verb = change switch
        {
            RouteChange.Add => "add",
            RouteChange.Replace => "replace",
            RouteChange.Append => "append",
            _ => "del",
        };
        return (r.Family == IpFamily.Inet6 ? "ip -6 route " : "ip route ") + verb + " " + Arguments(r, names, change == RouteChange.Delete);
    }

    /// <summary>The route as `ip route` arguments (also how messages name a route).</summary>
    public static string Arguments(Route r, VrfTopology names, bool forDelete = false)
    {
        var s = new StringBuilder(96);
        if (r.Type != RouteType.Unicast) s.Append(RouteNames.Type(r.Type)).Append(' ');
        AppendDestination(s, r.Dst);
        if (!r.Src.IsNone) s.Append(" from ").Append(r.Src);
        if (r.Tos != 0) s.Append(" tos 0x").Append(r.Tos.ToString("x2", CultureInfo.InvariantCulture));
        if (r.NexthopId is { } nhid) s.Append(" nhid ").Append(nhid);
        else if (!r.IsMultipath)
        {
            AppendPath(s, r.Family, r.Gateway, r.Oif, names);
            if ((r.Flags & RouteFlags.Onlink) != 0) s.Append(" onlink");
        }
        s.Append(" table ").Append(VrfTopology.TableName(r.Table));
        if (r.Metric is { } metric) s.Append(" metric ").Append(metric);
        s.Append(" proto ").Append(RouteNames.Protocol(r.Protocol));
        if (!forDelete)
        {
            if (r.Scope != DefaultScope(r)) s.Append(" scope ").Append(RouteNames.Scope(r.Scope));
            if (r.Family == IpFamily.Inet6 && r.Pref is { } pref) s.Append(" pref ").Append(RouteNames.Pref(pref));
            if (!r.PrefSrc.IsNone) s.Append(" src ").Append(r.PrefSrc);
        }
        if (r.NexthopId is null && r.IsMultipath)
        {
            foreach (var hop in r.Nexthops)
            {
                s.Append(" nexthop");
                AppendPath(s, r.Family, hop.Gateway, hop.Oif, names);
                if (hop.Onlink) s.Append(" onlink");
                s.Append(" weight ").Append(hop.Weight);
            }
        }
        return s.ToString();
    }

    /// <summary>One path: "via 2001:db8::1 dev net1" (a gateway of another family as "via inet6 …").</summary>
    public static string Path(Nexthop p, IpFamily routeFamily, VrfTopology names)
    {
        var b = new StringBuilder(48);
        AppendPath(b, routeFamily, p.Gateway, p.Oif, names);
        return b.Length > 0 ? b.ToString(1, b.Length - 1) : "";
    }

    /// <summary>The gateway as the route prints it: "inet6 fe80::1" when its family differs from the route's.</summary>
    public static string Via(IpAddr gateway, IpFamily routeFamily) =>
        gateway.IsNone ? "" : gateway.Family != routeFamily ? RouteNames.Family(gateway.Family) + " " + gateway : gateway.ToString();

    /// <summary>iproute2 writes the default route as "default" and host routes without their length.</summary>
    public static string Destination(IpPrefix dst)
    {
        var b = new StringBuilder(48);
        AppendDestination(b, dst);
        return b.ToString();
    }

    private static void AppendDestination(StringBuilder b, IpPrefix dst)
    {
        if (dst.IsDefault) { b.Append("default"); return; }
        Span<char> text = stackalloc char[46];
        b.Append(text[..dst.Address.Format(text)]);
        if (!dst.IsHost) b.Append('/').Append(dst.Length);
    }

    private static void AppendPath(StringBuilder b, IpFamily family, IpAddr gateway, int oif, VrfTopology names)
    {
        if (!gateway.IsNone)
        {
            b.Append(" via ");
            if (gateway.Family != family) b.Append(RouteNames.Family(gateway.Family)).Append(' ');
            Span<char> text = stackalloc char[46];
            b.Append(text[..gateway.Format(text)]);
        }
        if (oif != 0) b.Append(" dev ").Append(names.DeviceName(oif));
    }

    /// <summary>The scope `ip route add` picks when none is given (iproute2 iproute_modify).</summary>
    private static RouteScope DefaultScope(Route r)
    {
        if (r.Family == IpFamily.Inet6) return RouteScope.Universe;
        if (r.Type is RouteType.Local or RouteType.Nat) return RouteScope.Host;
        if (r.Type is RouteType.Broadcast or RouteType.Multicast or RouteType.Anycast) return RouteScope.Link;
        // Only unicast routes without a gateway get scope link; reject routes (unreachable…) keep universe.
        if (r.Type is not (RouteType.Unicast or RouteType.Unspec)) return RouteScope.Universe;
        var hasGateway = !r.Gateway.IsNone || r.IsMultipath || r.NexthopId is not null;
        return hasGateway ? RouteScope.Universe : RouteScope.Link;
    }
}

/// <summary>
/// The requests there are: the verbs of `ip route`, and of `ip rule` (add and del only: rules have no
/// replace or append).
/// </summary>
public enum RouteChange
{
    /// <summary>ip route add: fails with "File exists" if the route is there.</summary>
    Add,
    /// <summary>ip route replace.</summary>
    Replace,
    /// <summary>ip route append: adds a sibling (IPv6 merges it into a multipath route).</summary>
    Append,
    /// <summary>ip route del.</summary>
    Delete,
}
