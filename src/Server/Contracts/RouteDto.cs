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
    public static RouteDto From(Route r) => new(
        r.Family.Name(), r.Table, r.TableName, r.Type, r.Dst, r.Src, r.Protocol, r.Scope, r.Metric, r.Pref,
        r.PrefSrc, r.Gateway, r.ViaFamily?.Name(), r.Dev, r.Flags,
        r.Nexthops.Count == 0 ? [] : r.Nexthops.Select(NexthopDto.From).ToArray(), r.NexthopId);
}

public sealed record NexthopDto(string? Gateway, string? Dev, int Weight, IReadOnlyList<string> Flags, uint? Nhid)
{
    public static NexthopDto From(Nexthop n) => new(n.Gateway, n.Dev, n.Weight, n.Flags, n.NexthopId);
}
