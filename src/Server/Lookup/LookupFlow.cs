using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>
/// The flow key a lookup gives the kernel's rules (struct flowi), built as the kernel builds it for
/// `ip route get`: a local lookup comes "from" the loopback device (flowi_iif = LOOPBACK_IFINDEX), and
/// l3mdev_update_flow (Linux ≥ 5.18) records the VRF of the output device, or of the input device when
/// there is none, and clears an output device that is the VRF itself (so no rule or nexthop matches it).
/// </summary>
public sealed record LookupFlow
{
    /// <summary>LOOPBACK_IFINDEX: lo is device 1 in every namespace.</summary>
    public const int Loopback = 1;

    public required IpFamily Family { get; init; }
    public required IpAddr Dst { get; init; }
    /// <summary>The source address; none when the lookup gave none (a source rule then never matches).</summary>
    public IpAddr Src { get; init; }
    public int Iif { get; init; }
    public int Oif { get; init; }
    /// <summary>The VRF device whose table an l3mdev rule looks up (flowi_l3mdev), or 0.</summary>
    public int L3mdev { get; init; }
    public uint Mark { get; init; }
    public byte IpProto { get; init; }
    public ushort Sport { get; init; }
    public ushort Dport { get; init; }
    public uint Uid { get; init; }
    /// <summary>True for a forwarding lookup (the packet arrives on <see cref="Iif"/>).</summary>
    public bool Input { get; init; }
    /// <summary>IPv6 only: the lookup must use <see cref="Oif"/> (RT6_LOOKUP_F_IFACE: an output device and no source).</summary>
    public bool StrictOif { get; init; }

    public static LookupFlow Of(LookupRequest q, VrfTopology topology)
    {
        q.Validate();
        bool input = q.Iif != 0;
        int oif = input ? 0 : q.Oif, l3mdev = 0;
        if (oif != 0 && topology.LinkByIndex(oif) is { } outDevice)
        {
            l3mdev = VrfMaster(outDevice, topology);
            if (outDevice.IsVrf) oif = 0;
        }
        else if (input && topology.LinkByIndex(q.Iif) is { } inDevice)
            l3mdev = VrfMaster(inDevice, topology);
        return new LookupFlow
        {
            Family = q.Family,
            Dst = q.Dst,
            Src = q.Src,
            Iif = input ? q.Iif : Loopback,
            Oif = oif,
            L3mdev = l3mdev,
            Mark = q.Mark,
            IpProto = q.IpProto ?? 0,
            Sport = q.Sport ?? 0,
            Dport = q.Dport ?? 0,
            // Without RTA_UID the kernel takes the caller's uid (root here) or, forwarding, uid 0.
            Uid = q.Uid ?? 0,
            Input = input,
            StrictOif = q.Family == IpFamily.Inet6 && oif != 0 && q.Src.IsNone,
        };
    }

    /// <summary>l3mdev_master_ifindex: the device itself when it is a VRF, else its direct master if that is one.</summary>
    private static int VrfMaster(Link device, VrfTopology topology)
    {
        if (device.IsVrf) return device.Index;
        return device.MasterIndex is int m && topology.LinkByIndex(m) is { IsVrf: true } master ? master.Index : 0;
    }
}
