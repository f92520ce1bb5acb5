using System.Globalization;

namespace Dashboard.Server.Routing;

/// <summary>
/// The words iproute2 uses for route types, protocols, scopes, preferences and flags, made from the
/// kernel's numbers at the edge (CLI text, JSON, UI, `ip` commands). Protocol names also come from
/// /etc/iproute2/rt_protos (and rt_protos.d) where the node defines its own. Table and device names
/// are the namespace's own: <see cref="VrfTopology"/>.
/// </summary>
public static class RouteNames
{
    private static readonly string[] Types =
    [
        "unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole",
        "unreachable", "prohibit", "throw", "nat", "xresolve",
    ];

    private static readonly Dictionary<byte, string> BuiltInProtocols = new()
    {
        [0] = "unspec", [1] = "redirect", [2] = "kernel", [3] = "boot", [4] = "static", [8] = "gated",
        [9] = "ra", [10] = "mrt", [11] = "zebra", [12] = "bird", [13] = "dnrouted", [14] = "xorp",
        [15] = "ntk", [16] = "dhcp", [17] = "mrouted", [18] = "keepalived", [42] = "babel",
        [99] = "openr", [186] = "bgp", [187] = "isis", [188] = "ospf", [189] = "rip", [192] = "eigrp",
    };

    private static readonly Lazy<string[]> ProtocolTable = new(LoadProtocols);

    // iproute2's print_rt_flags order.
    private static readonly (uint Bit, string Name)[] FlagNames =
    [
        (RouteFlags.Dead, "dead"), (RouteFlags.Onlink, "onlink"), (RouteFlags.Pervasive, "pervasive"),
        (RouteFlags.Offload, "offload"), (RouteFlags.Trap, "trap"), (RouteFlags.Notify, "notify"),
        (RouteFlags.Linkdown, "linkdown"), (RouteFlags.Unresolved, "unresolved"),
        (RouteFlags.RtOffload, "rt_offload"), (RouteFlags.RtTrap, "rt_trap"),
    ];

    public static string Family(IpFamily family) => family == IpFamily.Inet6 ? "inet6" : "inet";

    public static IpFamily? ParseFamily(string text) => text switch
    {
        "inet" or "4" or "ipv4" => IpFamily.Inet,
        "inet6" or "6" or "ipv6" => IpFamily.Inet6,
        _ => null,
    };

    public static string Type(RouteType type) => (byte)type < Types.Length ? Types[(byte)type] : Number((byte)type);

    public static bool TryParseType(string text, out RouteType type)
    {
        int i = Array.IndexOf(Types, text);
        type = (RouteType)Math.Max(i, 0);
        if (i >= 0) return true;
        if (!byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        type = (RouteType)n;
        return true;
    }

    public static string Protocol(RouteProtocol protocol) => ProtocolTable.Value[(byte)protocol];

    public static bool TryParseProtocol(string text, out RouteProtocol protocol)
    {
        int i = Array.IndexOf(ProtocolTable.Value, text);
        protocol = (RouteProtocol)Math.Max(i, 0);
        if (i >= 0) return true;
        if (!byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        protocol = (RouteProtocol)n;
        return true;
    }

    public static string Scope(RouteScope scope) => scope switch
    {
        RouteScope.Universe => "global",
        RouteScope.Site => "site",
        RouteScope.Link => "link",
        RouteScope.Host => "host",
        RouteScope.Nowhere => "nowhere",
        _ => Number((byte)scope),
    };

    public static string Pref(RoutePref pref) => pref switch
    {
        RoutePref.Medium => "medium",
        RoutePref.High => "high",
        RoutePref.Low => "low",
        _ => Number((byte)pref),
    };

    /// <summary>Flag names as iproute2 prints them, in its order.</summary>
    public static IReadOnlyList<string> Flags(uint flags)
    {
        if (flags == 0) return [];
        var list = new List<string>(2);
        foreach (var (bit, name) in FlagNames)
            if ((flags & bit) != 0) list.Add(name);
        return list;
    }

    /// <summary>IF_OPER_* as `ip link` prints them.</summary>
    public static string OperState(OperState state) => state switch
    {
        Routing.OperState.Up => "UP",
        Routing.OperState.Down => "DOWN",
        Routing.OperState.LowerLayerDown => "LOWERLAYERDOWN",
        Routing.OperState.NotPresent => "NOTPRESENT",
        Routing.OperState.Testing => "TESTING",
        Routing.OperState.Dormant => "DORMANT",
        _ => "UNKNOWN",
    };

    private static readonly (uint Bit, string Name)[] AddressFlagNames =
    [
        (0x01, "secondary"), (0x02, "nodad"), (0x04, "optimistic"), (0x08, "dadfailed"),
        (0x10, "homeaddress"), (0x20, "deprecated"), (0x40, "tentative"), (0x80, "permanent"),
        (0x100, "mngtmpaddr"), (0x200, "noprefixroute"), (0x400, "autojoin"), (0x800, "stable-privacy"),
    ];

    /// <summary>IFA_F_* names.</summary>
    public static IReadOnlyList<string> AddressFlags(uint flags)
    {
        if (flags == 0) return [];
        var list = new List<string>(2);
        foreach (var (bit, name) in AddressFlagNames)
            if ((flags & bit) != 0) list.Add(name);
        return list;
    }

    private static string Number(byte n) => n.ToString(CultureInfo.InvariantCulture);

    private static string[] LoadProtocols()
    {
        var names = new string[256];
        for (int i = 0; i < 256; i++)
            names[i] = BuiltInProtocols.TryGetValue((byte)i, out var n) ? n : i.ToString(CultureInfo.InvariantCulture);
        foreach (var (number, name) in IprouteFiles.Read("/etc/iproute2/rt_protos", "/etc/iproute2/rt_protos.d"))
            if (number < 256) names[number] = name;
        return names;
    }
}
