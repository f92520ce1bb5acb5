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
    /// <summary>Every route of every table, unfiltered.</summary>
    public static readonly RouteQuery All = new(Table: null);

    public bool Matches(Route r, VrfTopology names, Func<Route, bool> hasFinding)
    {
        if (Table is { } t && r.Table != t) return false;
        if (Family is { } f && r.Family != f) return false;
        if (!string.IsNullOrWhiteSpace(Prefix) && !MatchesPrefix(r, Prefix.Trim())) return false;
        if (!string.IsNullOrWhiteSpace(Device) && !UsesDevice(r, names, Device.Trim())) return false;
        if (!string.IsNullOrWhiteSpace(Protocol) && !string.Equals(RouteNames.Protocol(r.Protocol), Protocol.Trim(), StringComparison.OrdinalIgnoreCase)) return false;
        if (FindingsOnly && !hasFinding(r)) return false;
        return true;
    }

    public IReadOnlyList<Route> Apply(IReadOnlyList<Route> routes, VrfTopology names, Func<Route, bool> hasFinding)
    {
        // "All tables" with no filter is every route: no 200,000-entry copy.
        if (this == All) return routes;
        var result = new List<Route>();
        foreach (var r in routes)
            if (Matches(r, names, hasFinding)) result.Add(r);
        return result;
    }

    private static bool MatchesPrefix(Route r, string text) =>
        r.Dst.ToString().Contains(text, StringComparison.OrdinalIgnoreCase)
        || RouteText.Destination(r.Dst).Contains(text, StringComparison.OrdinalIgnoreCase);

    private static bool UsesDevice(Route r, VrfTopology names, string dev)
    {
        foreach (var p in r.Paths)
            if (p.Oif != 0 && names.DeviceName(p.Oif).Contains(dev, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
