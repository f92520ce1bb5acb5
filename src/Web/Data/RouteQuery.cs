using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>
/// Which routes the route table shows. <see cref="Table"/> is a table id, or null for all tables.
/// Text filters are case-insensitive substrings; "default" matches both default routes.
/// </summary>
public sealed record RouteQuery(
    uint? Table = RoutingTable.Main,
    IpFamily? Family = null,
    string? Prefix = null,
    string? Device = null,
    string? Protocol = null,
    bool FindingsOnly = false)
{
    public bool Matches(Route r, Func<Route, bool> hasFinding)
    {
        if (Table is { } t && r.Table != t) return false;
        if (Family is { } f && r.Family != f) return false;
        if (!string.IsNullOrWhiteSpace(Prefix) && !MatchesPrefix(r, Prefix.Trim())) return false;
        if (!string.IsNullOrWhiteSpace(Device) && !UsesDevice(r, Device.Trim())) return false;
        if (!string.IsNullOrWhiteSpace(Protocol) && !string.Equals(r.Protocol, Protocol, StringComparison.OrdinalIgnoreCase)) return false;
        if (FindingsOnly && !hasFinding(r)) return false;
        return true;
    }

    public IReadOnlyList<Route> Apply(IReadOnlyList<Route> routes, Func<Route, bool> hasFinding)
    {
        var result = new List<Route>();
        foreach (var r in routes)
            if (Matches(r, hasFinding)) result.Add(r);
        return result;
    }

    private static bool MatchesPrefix(Route r, string text) =>
        r.Dst.Contains(text, StringComparison.OrdinalIgnoreCase)
        || RouteCells.Destination(r).Contains(text, StringComparison.OrdinalIgnoreCase);

    private static bool UsesDevice(Route r, string dev)
    {
        foreach (var p in r.Paths)
            if (p.Dev is not null && p.Dev.Contains(dev, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
