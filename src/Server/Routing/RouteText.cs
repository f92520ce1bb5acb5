using System.Globalization;
using System.Text;

namespace Dashboard.Server.Routing;

/// <summary>
/// The one iproute2 printer: a route as `ip route show` prints it, and as the `ip route
/// add/replace/append/del` command that makes the same request, and a policy rule as the `ip rule
/// add/del` command. Field order follows iproute2's print_route and print_rule; names come from
/// <see cref="RouteNames"/> and the namespace's <see cref="VrfTopology"/>.
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

    /// <summary>
    /// The `ip rule` command that sends the same request: "ip -6 rule add l3mdev pref 1000". Rules
    /// support add and del only.
    /// </summary>
    public static string RuleCommand(RouteChange change, Rule r)
    {
        var verb = change switch
        {
            RouteChange.Add => "add",
            RouteChange.Delete => "del",
            _ => throw new ArgumentException($"rules have no {change}", nameof(change)),
        };
        return (r.Family == IpFamily.Inet6 ? "ip -6 rule " : "ip rule ") + verb + " " + RuleArguments(r);
    }

    /// <summary>
    /// A rule as `ip rule add` arguments, selectors first in iproute2's order (print_rule), then the
    /// action, suppressors, protocol and preference; "from all" is left out as `ip rule add` allows.
    /// </summary>
    public static string RuleArguments(Rule r)
    {
        var s = new StringBuilder(64);
        void Word(string w) => (s.Length > 0 ? s.Append(' ') : s).Append(w);
        if (r.Invert) Word("not");
        if (!r.Src.IsNone && r.Src.Length > 0) Word("from " + Destination(r.Src));
        if (!r.Dst.IsNone && r.Dst.Length > 0) Word("to " + Destination(r.Dst));
        if (r.Tos != 0) Word("tos 0x" + r.Tos.ToString("x2", CultureInfo.InvariantCulture));
        if (r.Fwmark is { } mark)
            Word(string.Create(CultureInfo.InvariantCulture, $"fwmark 0x{mark:x}") + (r.Fwmask is { } mask and not uint.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"/0x{mask:x}") : ""));
        if (r.Iif is { } iif) Word("iif " + iif);
        if (r.Oif is { } oif) Word("oif " + oif);
        if (r.L3mdev) Word("l3mdev");
        if (r.UidRange is { } uid) Word(string.Create(CultureInfo.InvariantCulture, $"uidrange {uid.Start}-{uid.End}"));
        if (r.IpProto is { } proto) Word(string.Create(CultureInfo.InvariantCulture, $"ipproto {proto}"));
        if (r.SportRange is { } sport) Word("sport " + Range(sport));
        if (r.DportRange is { } dport) Word("dport " + Range(dport));
        switch (r.Action)
        {
            case RuleAction.ToTable when r.Table != 0: Word("lookup " + VrfTopology.TableName(r.Table)); break;
            case RuleAction.Goto: Word(string.Create(CultureInfo.InvariantCulture, $"goto {r.Goto ?? 0}")); break;
            case RuleAction.Nop: Word("nop"); break;
            case RuleAction.Blackhole: Word("blackhole"); break;
            case RuleAction.Unreachable: Word("unreachable"); break;
            case RuleAction.Prohibit: Word("prohibit"); break;
        }
        if (r.SuppressPrefixLength is { } len) Word(string.Create(CultureInfo.InvariantCulture, $"suppress_prefixlength {len}"));
        if (r.SuppressIfGroup is { } group) Word(string.Create(CultureInfo.InvariantCulture, $"suppress_ifgroup {group}"));
        if (r.Protocol != RouteProtocol.Unspec) Word("protocol " + RouteNames.Protocol(r.Protocol));
        Word(string.Create(CultureInfo.InvariantCulture, $"pref {r.Priority}"));
        return s.ToString();
    }

    private static string Range(RuleRange r) =>
        r.Start == r.End ? r.Start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{r.Start}-{r.End}");
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
