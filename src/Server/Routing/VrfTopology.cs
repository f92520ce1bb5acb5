using System.Globalization;

namespace Dashboard.Server.Routing;

/// <summary>A VRF as far as routing is concerned: its device name and table; the default VRF uses main.</summary>
public sealed record VrfRef(string Name, uint Table, int? LinkIndex)
{
    public static readonly VrfRef Default = new("default", RoutingTable.Main, null);

    public bool IsDefault => LinkIndex is null;

    /// <summary>"vrf1001 (table 1001)" or "the default VRF (table main)".</summary>
    public string Describe() => IsDefault ? "the default VRF (table main)" : $"{Name} (table {Table})";
}

/// <summary>Where a path leads: the VRF of its device, and whether the device is the VRF device itself.</summary>
public readonly record struct PathVrf(VrfRef Vrf, Link Device)
{
    /// <summary>
    /// A route via the VRF device itself ("dev vrf1001") is how operators leak routes between VRFs on
    /// purpose; nobody gets there by accident, so such paths are never moved.
    /// </summary>
    public bool ViaVrfDevice => Device.IsVrf;
}

/// <summary>Which kind of table a route lives in, for counts that stay bounded whatever the tables' ids.</summary>
public enum TableKind { Main, Local, Vrf, Other }

/// <summary>
/// The one answer, for one namespace, to "which VRF is this device in" (through every level of
/// masters), "which VRF owns this table", "what is this device called" and "what is this table
/// called". Built from the namespace's links; table names come from the node's rt_tables.
/// </summary>
public sealed class VrfTopology
{
    // Masters can nest (a port of a bond or bridge that is itself enslaved to a VRF); the kernel limits
    // upper-device depth, so a short bound only guards against a malformed snapshot with a cycle.
    private const int MaxMasterDepth = 8;

    private static readonly Lazy<Dictionary<uint, string>> SystemTables = new(() =>
    {
        var map = new Dictionary<uint, string> { [0] = "unspec", [253] = "default", [254] = "main", [255] = "local" };
        foreach (var (n, name) in IprouteFiles.Read("/etc/iproute2/rt_tables", "/etc/iproute2/rt_tables.d"))
            map[n] = name;
        return map;
    });

    private readonly Dictionary<int, Link> _byIndex = new();
    private readonly Dictionary<uint, VrfRef> _vrfByTable = new();
    private readonly Dictionary<int, VrfRef> _vrfByIndex = new();

    public static readonly VrfTopology Empty = new([]);

    public VrfTopology(IEnumerable<Link> links)
    {
        foreach (var l in links) _byIndex[l.Index] = l;
        foreach (var link in _byIndex.Values.Where(l => l.IsVrf && l.VrfTable is not null).OrderBy(l => l.Index))
        {
            var vrf = new VrfRef(link.Name, link.VrfTable!.Value, link.Index);
            _vrfByTable.TryAdd(vrf.Table, vrf);
            _vrfByIndex[link.Index] = vrf;
        }
    }

    public IEnumerable<Link> Links => _byIndex.Values;
    public IReadOnlyCollection<VrfRef> Vrfs => _vrfByIndex.Values;

    public Link? LinkByIndex(int index) => _byIndex.GetValueOrDefault(index);

    public Link? LinkByName(string name)
    {
        foreach (var l in _byIndex.Values) if (l.Name == name) return l;
        return null;
    }

    /// <summary>The device's name; an index the namespace does not list prints as iproute2 does ("if7").</summary>
    public string DeviceName(int index) =>
        _byIndex.TryGetValue(index, out var l) ? l.Name : "if" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The routing context of a table: the VRF that owns it, the default VRF for main, or null for a
    /// table nobody owns (policy routing, other CNIs' tables) — those are not VRF contexts at all.
    /// </summary>
    public VrfRef? OwnerOfTable(uint table)
    {
        if (_vrfByTable.TryGetValue(table, out var vrf)) return vrf;
        return table == RoutingTable.Main ? VrfRef.Default : null;
    }

    /// <summary>The VRF device that uses <paramref name="table"/>, or null.</summary>
    public VrfRef? VrfOfTable(uint table) => _vrfByTable.GetValueOrDefault(table);

    /// <summary>The VRF a path's device belongs to, or null when the device is not in the namespace.</summary>
    public PathVrf? OfPath(Nexthop path) =>
        _byIndex.TryGetValue(path.Oif, out var device) ? new PathVrf(VrfOf(device), device) : null;

    /// <summary>The VRF of a device, following its masters all the way up; the default VRF when none is a VRF.</summary>
    public VrfRef VrfOf(Link device)
    {
        Link? current = device;
        for (var depth = 0; depth <= MaxMasterDepth && current is not null; depth++)
        {
            if (current.IsVrf && _vrfByIndex.TryGetValue(current.Index, out var vrf)) return vrf;
            current = current.MasterIndex is { } m ? _byIndex.GetValueOrDefault(m) : null;
        }
        return VrfRef.Default;
    }

    public VrfRef VrfOf(int linkIndex) => _byIndex.TryGetValue(linkIndex, out var l) ? VrfOf(l) : VrfRef.Default;

    // Table numbers as text, made once each: a 200,000-route dump names a handful of tables 200,000 times.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<uint, string> NumberNames = new();

    /// <summary>The table as `ip route` prints and accepts it: its rt_tables name, else its number.</summary>
    public static string TableName(uint table) =>
        SystemTables.Value.TryGetValue(table, out var name) ? name
        : NumberNames.GetOrAdd(table, static t => t.ToString(CultureInfo.InvariantCulture));

    /// <summary>The table for operators: "main", or "1001 (vrf1001)" for a VRF's table.</summary>
    public string DescribeTable(uint table) =>
        _vrfByTable.TryGetValue(table, out var vrf) ? $"{TableName(table)} ({vrf.Name})" : TableName(table);

    public TableKind KindOf(uint table) => table switch
    {
        RoutingTable.Main => TableKind.Main,
        RoutingTable.Local => TableKind.Local,
        _ when _vrfByTable.ContainsKey(table) => TableKind.Vrf,
        _ => TableKind.Other,
    };

    /// <summary>Parses a table given as a number, an rt_tables name or a VRF's name ("all" is 0).</summary>
    public bool TryParseTable(string text, out uint table)
    {
        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out table)) return true;
        if (text == "all") { table = 0; return true; }
        foreach (var (n, name) in SystemTables.Value) if (name == text) { table = n; return true; }
        foreach (var vrf in _vrfByTable.Values) if (vrf.Name == text) { table = vrf.Table; return true; }
        return false;
    }
}
