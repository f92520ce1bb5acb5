using System.Globalization;
using System.Text;
using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>
/// Renders a route operation as the `ip` command an operator would paste to do the same thing. The
/// field order follows iproute2's print_route; what iproute2 leaves out of a delete request by default
/// (scope, preference, prefsrc) is left out of delete commands too.
/// </summary>
public static class IpCommand
{
    public static string Render(RouteOperationKind kind, Route route)
    {
        var verb = kind switch
        {
            RouteOperationKind.Add => "add",
            RouteOperationKind.Replace => "replace",
            _ => "del",
        };
        var prefix = route.Family == IpFamily.Inet6 ? "ip -6 route " : "ip route ";
        return prefix + verb + " " + Spec(route, kind == RouteOperationKind.Delete);
    }

    /// <summary>The route as `ip route` arguments (also how messages show a route).</summary>
    public static string Spec(Route route, bool forDelete = false)
    {
        var s = new StringBuilder();
        if (route.Type != "unicast") s.Append(route.Type).Append(' ');
        s.Append(Destination(route));
        if (!string.IsNullOrEmpty(route.Src)) s.Append(" from ").Append(route.Src);
        if (route.Tos != 0) s.Append(" tos 0x").Append(route.Tos.ToString("x2", CultureInfo.InvariantCulture));
        if (route.NexthopId is { } nhid)
            s.Append(" nhid ").Append(nhid);
        else if (!route.IsMultipath)
            AppendPath(s, route.Family, route.Gateway, route.ViaFamily, route.Dev, route.LinkIndex, route.Flags);
        s.Append(" table ").Append(VrfTopology.TableText(route.Table));
        if (route.Metric is { } metric) s.Append(" metric ").Append(metric);
        if (!string.IsNullOrEmpty(route.Protocol)) s.Append(" proto ").Append(route.Protocol);
        if (!forDelete)
        {
            if (route.Scope != DefaultScope(route)) s.Append(" scope ").Append(route.Scope);
            if (route.Family == IpFamily.Inet6 && route.Pref is { } pref) s.Append(" pref ").Append(pref);
            if (!string.IsNullOrEmpty(route.PrefSrc)) s.Append(" src ").Append(route.PrefSrc);
        }
        if (route.NexthopId is null && route.IsMultipath)
        {
            foreach (var hop in route.Nexthops)
            {
                s.Append(" nexthop");
                AppendPath(s, route.Family, hop.Gateway, hop.GatewayFamily, hop.Dev, hop.LinkIndex, hop.Flags);
                s.Append(" weight ").Append(hop.Weight);
            }
        }
        return s.ToString();
    }

    private static string Destination(Route route) =>
        route.Dst is "0.0.0.0/0" or "::/0" or "default" ? "default" : route.Dst;

    private static void AppendPath(StringBuilder s, IpFamily family, string? gateway, IpFamily? gatewayFamily,
        string? dev, int? linkIndex, IReadOnlyList<string> flags)
    {
        if (!string.IsNullOrEmpty(gateway))
        {
            s.Append(" via ");
            var gwFamily = gatewayFamily ?? (gateway.Contains(':') ? IpFamily.Inet6 : IpFamily.Inet);
            if (gwFamily != family) s.Append(gwFamily.Name()).Append(' ');
            s.Append(gateway);
        }
        if (!string.IsNullOrEmpty(dev)) s.Append(" dev ").Append(dev);
        else if (linkIndex is { } index) s.Append(" dev #").Append(index); // not pasteable: the snapshot lacked the name
        if (flags.Contains("onlink")) s.Append(" onlink");
    }

    /// <summary>The scope `ip route add` picks when none is given (iproute2 iproute_modify).</summary>
    private static string DefaultScope(Route route)
    {
        if (route.Family == IpFamily.Inet6) return "global";
        if (route.Type is "local" or "nat") return "host";
        if (route.Type is "broadcast" or "multicast" or "anycast") return "link";
        var hasGateway = !string.IsNullOrEmpty(route.Gateway) || route.IsMultipath || route.NexthopId is not null;
        return hasGateway ? "global" : "link";
    }
}
