using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>Routes, links and addresses as iproute2 prints them, field by field, so operators read familiar text.</summary>
public static class RouteText
{
    public static string Destination(Route r) =>
        r.Dst is "0.0.0.0/0" or "::/0" ? "default" : r.Dst;

    /// <summary>The table as `ip route` names it: main, local, default, or the number.</summary>
    public static string TableName(uint table, string? name = null) => table switch
    {
        RoutingTable.Main => "main",
        RoutingTable.Local => "local",
        RoutingTable.Default => "default",
        _ => string.IsNullOrEmpty(name) ? table.ToString() : name,
    };

    public static string Via(string? gateway, IpFamily? viaFamily, IpFamily routeFamily) =>
        gateway is null ? "" : viaFamily is { } f && f != routeFamily ? $"{f.Name()} {gateway}" : gateway;

    public static string Flags(IReadOnlyList<string> flags) => string.Join(' ', flags);

    /// <summary>One line: type dst nhid via dev table proto scope src metric pref flags, then the nexthops.</summary>
    public static string Line(Route r)
    {
        var parts = new List<string>(24);
        if (r.Type != "unicast") parts.Add(r.Type);
        parts.Add(Destination(r));
        if (r.NexthopId is { } nhid) parts.AddRange(["nhid", nhid.ToString()]);
        if (!r.IsMultipath)
        {
            if (r.Gateway is not null) parts.AddRange(["via", Via(r.Gateway, r.ViaFamily, r.Family)]);
            if (r.Dev is not null) parts.AddRange(["dev", r.Dev]);
        }
        parts.AddRange(["table", TableName(r.Table, r.TableName)]);
        parts.AddRange(["proto", r.Protocol]);
        if (r.Scope != "global") parts.AddRange(["scope", r.Scope]);
        if (r.PrefSrc is not null) parts.AddRange(["src", r.PrefSrc]);
        if (r.Metric is { } m) parts.AddRange(["metric", m.ToString()]);
        if (r.Pref is not null) parts.AddRange(["pref", r.Pref]);
        parts.AddRange(r.Flags);
        foreach (var nh in r.Nexthops) parts.Add(Nexthop(nh, r.Family));
        return string.Join(' ', parts);
    }

    public static string Nexthop(Nexthop nh, IpFamily family)
    {
        var parts = new List<string>(8) { "nexthop" };
        if (nh.Gateway is not null) parts.AddRange(["via", Via(nh.Gateway, nh.GatewayFamily, family)]);
        if (nh.Dev is not null) parts.AddRange(["dev", nh.Dev]);
        parts.AddRange(["weight", nh.Weight.ToString()]);
        parts.AddRange(nh.Flags);
        return string.Join(' ', parts);
    }

    public static string Link(Link l) =>
        $"{l.Index}: {l.Name}{(l.Kind is null ? "" : $" ({l.Kind})")} {l.OperState} mtu {l.Mtu}" +
        (l.MasterIndex is { } m ? $" master {m}" : "") + (l.VrfTable is { } t ? $" table {t}" : "");

    public static string Address(Address a, string? dev) =>
        $"{a.Family.Name()} {a.Cidr} scope {a.Scope}{(dev is null ? "" : $" dev {dev}")}";
}
