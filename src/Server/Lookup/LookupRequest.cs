using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>
/// One route lookup as `ip route get` asks the kernel (RTM_GETROUTE): a destination and the packet's
/// other keys, as the kernel's values (devices by index). Absent keys are none/0/null.
/// </summary>
public sealed record LookupRequest
{
    public required IpAddr Dst { get; init; }
    /// <summary>"from SRC": the packet's source address (RTA_SRC); none when not given.</summary>
    public IpAddr Src { get; init; }
    /// <summary>"iif DEV": the packet arrives on this device (RTA_IIF), making it a forwarding lookup.</summary>
    public int Iif { get; init; }
    /// <summary>"oif DEV", or the VRF device for "vrf NAME" (RTA_OIF).</summary>
    public int Oif { get; init; }
    /// <summary>"mark M" (RTA_MARK); 0 is no mark, as iproute2 sends none for 0.</summary>
    public uint Mark { get; init; }
    public byte? IpProto { get; init; }
    public ushort? Sport { get; init; }
    public ushort? Dport { get; init; }
    /// <summary>"uid U" (RTA_UID); without it the kernel uses the caller's uid for a local lookup.</summary>
    public uint? Uid { get; init; }

    public IpFamily Family => Dst.Family;

    /// <exception cref="ArgumentException">no destination, or a source of the other family.</exception>
    public void Validate()
    {
        if (Dst.IsNone) throw new ArgumentException("a lookup needs a destination address");
        if (!Src.IsNone && Src.Family != Dst.Family)
            throw new ArgumentException($"the source {Src} and the destination {Dst} are of different families");
    }
}
