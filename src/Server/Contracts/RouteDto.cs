using Dashboard.Server.Routing;

namespace Dashboard.Server.Contracts;

/// <summary>
/// A route as the CLI's --json and the REST API print it: iproute2's JSON field names, with the
/// table always numeric, dst always CIDR (0.0.0.0/0, ::/0, /32, /128) and every field present.
/// </summary>
public sealed record RouteDto(
    string Family,
    uint Table,
    string TableName,
    string Type,
    string Dst,
    string? Src,
    string Protocol,
    string Scope,
    uint? Metric,
    string? Pref,
    string? Prefsrc,
    string? Gateway,
    string? ViaFamily,
    string? Dev,
    IReadOnlyList<string> Flags,
    IReadOnlyList<NexthopDto> Nexthops,
    uint? Nhid)
{
    /// <param name="names">The route's namespace: device and table names.</param>
    public static RouteDto From(Route r, VrfTopology names) => new(
        RouteNames.Family(r.Family), r.Table, VrfTopology.TableName(r.Table), RouteNames.Type(r.Type), r.Dst.ToString(),
        r.Src.IsNone ? null : r.Src.ToString(), RouteNames.Protocol(r.Protocol), RouteNames.Scope(r.Scope), r.Metric,
        r.Pref is { } p ? RouteNames.Pref(p) : null, Text(r.PrefSrc), Text(r.Gateway),
        !r.Gateway.IsNone && r.Gateway.Family != r.Family ? RouteNames.Family(r.Gateway.Family) : null,
        r.Oif != 0 ? names.DeviceName(r.Oif) : null, RouteNames.Flags(r.Flags),
        r.Nexthops.Count == 0 ? [] : r.Nexthops.Select(n => NexthopDto.From(n, names)).ToArray(), r.NexthopId);

    private static string? Text(IpAddr a) => a.IsNone ? null : a.ToString();
}

public sealed record NexthopDto(string? Gateway, string? Dev, int Weight, IReadOnlyList<string> Flags, uint? Nhid)
{
    public static NexthopDto From(Nexthop n, VrfTopology names) =>
        new(n.Gateway.IsNone ? null : n.Gateway.ToString(), n.Oif != 0 ? names.DeviceName(n.Oif) : null, n.Weight,
            RouteNames.Flags(n.Flags), n.NexthopId == 0 ? null : n.NexthopId);
}
