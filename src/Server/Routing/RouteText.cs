using System.Text;

namespace Dashboard.Server.Routing;

/// <summary>Prints a route the way `ip route show` does, in iproute2's field order.</summary>
public static class RouteText
{
    public static string Format(Route r)
    {
        var b = new StringBuilder(96);
        if (r.Type != "unicast") b.Append(r.Type).Append(' ');
        b.Append(DstText(r.Dst));
        if (r.Src is not null) b.Append(" from ").Append(r.Src);
        if (r.NexthopId is uint nhid) b.Append(" nhid ").Append(nhid);
        if (!r.IsMultipath)
        {
            if (r.Gateway is not null) b.Append(" via ").Append(r.ViaFamily is { } vf ? vf.Name() + " " : "").Append(r.Gateway);
            if (r.Dev is not null) b.Append(" dev ").Append(r.Dev);
        }
        if (r.Table != RoutingTable.Main) b.Append(" table ").Append(r.TableName);
        if (r.Protocol != "boot") b.Append(" proto ").Append(r.Protocol);
        if (r.Scope != "global") b.Append(" scope ").Append(r.Scope);
        if (r.PrefSrc is not null) b.Append(" src ").Append(r.PrefSrc);
        if (r.Metric is uint m) b.Append(" metric ").Append(m);
        foreach (var f in r.Flags) b.Append(' ').Append(f);
        if (r.Pref is not null) b.Append(" pref ").Append(r.Pref);
        foreach (var nh in r.Nexthops)
        {
            b.Append("\n\tnexthop");
            if (nh.Gateway is not null) b.Append(" via ").Append(nh.Gateway);
            if (nh.Dev is not null) b.Append(" dev ").Append(nh.Dev);
            b.Append(" weight ").Append(nh.Weight);
            foreach (var f in nh.Flags) b.Append(' ').Append(f);
        }
        return b.ToString();
    }

    /// <summary>iproute2 writes the default route as "default" and host routes without their prefix.</summary>
    public static string DstText(string dst)
    {
        if (dst is "0.0.0.0/0" or "::/0") return "default";
        if (dst.EndsWith("/32", StringComparison.Ordinal) && !dst.Contains(':')) return dst[..^3];
        if (dst.EndsWith("/128", StringComparison.Ordinal)) return dst[..^4];
        return dst;
    }
}
