using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>
/// Route fields one cell at a time, as iproute2 prints them (whole lines come from
/// <see cref="Dashboard.Server.Routing.RouteText"/>), plus one-line texts of links and addresses.
/// </summary>
public static class RouteCells
{
    public static string Destination(Route r) => RouteText.DstText(r.Dst);

    /// <summary>The table as `ip route` names it: main, local, default, or the number.</summary>
    public static string TableName(uint table, string? name = null) => table switch
    {
        RoutingTable.Main => "main",
        RoutingTable.Local => "local",
        RoutingTable.Default => "default",
        _ => string.IsNullOrEmpty(name) ? TableNames.SystemName(table) ?? table.ToString() : name,
    };

    public static string Via(string? gateway, IpFamily? viaFamily, IpFamily routeFamily) =>
        gateway is null ? "" : viaFamily is { } f && f != routeFamily ? $"{f.Name()} {gateway}" : gateway;

    public static string Flags(IReadOnlyList<string> flags) => string.Join(' ', flags);

    public static string Link(Link l) =>
        $"{l.Index}: {l.Name}{(l.Kind is null ? "" : $" ({l.Kind})")} {l.OperState} mtu {l.Mtu}" +
        (l.MasterIndex is { } m ? $" master {m}" : "") + (l.VrfTable is { } t ? $" table {t}" : "");

    public static string Address(Address a, string? dev) =>
        $"{a.Family.Name()} {a.Cidr} scope {a.Scope}{(dev is null ? "" : $" dev {dev}")}";
}
