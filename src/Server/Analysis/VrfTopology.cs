using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

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

/// <summary>Which VRF owns which table and which VRF each device belongs to, from one snapshot.</summary>
public sealed class VrfTopology
{
    // Masters can nest (a port of a bond or bridge that is itself enslaved to a VRF); the kernel limits
    // upper-device depth, so a short bound only guards against a malformed snapshot with a cycle.
    private const int MaxMasterDepth = 8;

    private readonly NamespaceSnapshot snapshot;
    private readonly Dictionary<uint, VrfRef> vrfByTable = new();
    private readonly Dictionary<int, VrfRef> vrfByIndex = new();

    public VrfTopology(NamespaceSnapshot snapshot)
    {
        this.snapshot = snapshot;
        foreach (var link in snapshot.Links.Where(l => l.IsVrf && l.VrfTable is not null).OrderBy(l => l.Index))
        {
            var vrf = new VrfRef(link.Name, link.VrfTable!.Value, link.Index);
            vrfByTable.TryAdd(vrf.Table, vrf);
            vrfByIndex[link.Index] = vrf;
        }
    }

    public IReadOnlyCollection<VrfRef> Vrfs => vrfByIndex.Values;

    /// <summary>
    /// The routing context of a table: the VRF that owns it, the default VRF for main, or null for a
    /// table nobody owns (policy routing, other CNIs' tables) — those are not VRF contexts at all.
    /// </summary>
    public VrfRef? OwnerOfTable(uint table)
    {
        if (vrfByTable.TryGetValue(table, out var vrf)) return vrf;
        return table == RoutingTable.Main ? VrfRef.Default : null;
    }

    /// <summary>The VRF a path's device belongs to, or null when the device is not in the snapshot.</summary>
    public PathVrf? OfPath(Nexthop path)
    {
        var device = path.LinkIndex is { } index ? snapshot.LinkByIndex(index) : null;
        device ??= path.Dev is { } name ? snapshot.LinkByName(name) : null;
        if (device is null) return null;
        return new PathVrf(OfDevice(device), device);
    }

    public VrfRef OfDevice(Link device)
    {
        var current = device;
        for (var depth = 0; depth <= MaxMasterDepth && current is not null; depth++)
        {
            if (current.IsVrf && vrfByIndex.TryGetValue(current.Index, out var vrf)) return vrf;
            current = current.MasterIndex is { } m ? snapshot.LinkByIndex(m) : null;
        }
        return VrfRef.Default;
    }

    /// <summary>Name of a table for operators: "main", "local", "default", or the VRF-owned/number form.</summary>
    public static string TableText(uint table) => table switch
    {
        RoutingTable.Main => "main",
        RoutingTable.Local => "local",
        RoutingTable.Default => "default",
        _ => table.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
