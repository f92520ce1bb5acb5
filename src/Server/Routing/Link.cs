namespace Dashboard.Server.Routing;

/// <summary>IF_OPER_* (RFC 2863 operational state) as IFLA_OPERSTATE reports it.</summary>
public enum OperState : byte
{
    Unknown = 0, NotPresent = 1, Down = 2, LowerLayerDown = 3, Testing = 4, Dormant = 5, Up = 6,
}

/// <summary>A network interface as rtnetlink reports it (RTM_NEWLINK).</summary>
public sealed record Link(
    int Index,
    string Name,
    /// <summary>IFLA_INFO_KIND ("veth", "macvlan", "vrf"…), or null for physical devices and loopback.</summary>
    string? Kind,
    OperState OperState,
    /// <summary>ifi_flags (IFF_*).</summary>
    uint Flags,
    /// <summary>IFLA_MASTER, or null.</summary>
    int? MasterIndex,
    /// <summary>IFLA_VRF_TABLE of a VRF device.</summary>
    uint? VrfTable,
    string? MacAddress,
    int Mtu)
{
    public const uint IffUp = 0x1, IffLowerUp = 0x10000;

    /// <summary>IFLA_GROUP: the device group ("ip link set … group N"), which rules' suppress_ifgroup tests.</summary>
    public uint Group { get; init; }

    public bool IsVrf => Kind == "vrf";
    public bool IsUp => (Flags & IffUp) != 0;
    /// <summary>The device has carrier (IFF_LOWER_UP): without it the kernel marks its routes linkdown.</summary>
    public bool HasCarrier => (Flags & IffLowerUp) != 0;
}
