using System.Globalization;

namespace Dashboard.Server.Routing;

/// <summary>
/// Names of routing tables: iproute2's rt_tables (and rt_tables.d), then VRF devices (table 1001 of
/// vrf1001 reads as "vrf1001"), else the number.
/// </summary>
public sealed class TableNames
{
    private static readonly Lazy<IReadOnlyDictionary<uint, string>> SystemNames = new(() =>
    {
        var map = new Dictionary<uint, string> { [0] = "unspec", [253] = "default", [254] = "main", [255] = "local" };
        foreach (var (n, name) in IprouteFiles.Read("/etc/iproute2/rt_tables", "/etc/iproute2/rt_tables.d"))
            map[n] = name;
        return map;
    });

    private readonly IReadOnlyDictionary<uint, string> _vrfNames;

    public TableNames(IEnumerable<Link> links)
    {
        var vrf = new Dictionary<uint, string>();
        foreach (var l in links)
            if (l.IsVrf && l.VrfTable is uint t) vrf.TryAdd(t, l.Name);
        _vrfNames = vrf;
    }

    /// <summary>The rt_tables name only (what `ip` prints), or null.</summary>
    public static string? SystemName(uint table) => SystemNames.Value.GetValueOrDefault(table);

    public string NameOf(uint table) =>
        SystemNames.Value.GetValueOrDefault(table) ?? _vrfNames.GetValueOrDefault(table) ?? table.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a table given as a number, an rt_tables name, or a VRF name.</summary>
    public bool TryParse(string text, out uint table)
    {
        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out table)) return true;
        if (text == "all") { table = 0; return true; }
        foreach (var (n, name) in SystemNames.Value) if (name == text) { table = n; return true; }
        foreach (var (n, name) in _vrfNames) if (name == text) { table = n; return true; }
        return false;
    }
}
