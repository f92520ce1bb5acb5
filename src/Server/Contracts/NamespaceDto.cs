using Dashboard.Server.Routing;

namespace Dashboard.Server.Contracts;

public sealed record NamespaceDto(string Id, string Name, string Kind, string Path, ulong Inode, int? Pid, string? Command, string? Pod)
{
    public static NamespaceDto From(NetNamespace ns) => new(
        ns.Id, ns.DisplayName, ns.Kind.ToString().ToLowerInvariant(), ns.Path, ns.Inode, ns.Pid, ns.Command, ns.Pod?.ToString());
}

/// <param name="VrfTable">The table of the VRF this link is, or is enslaved to.</param>
/// <param name="Vrf">The name of that VRF.</param>
public sealed record LinkDto(int Index, string Name, string? Kind, string OperState, bool Up, string? Master, uint? VrfTable, string? Vrf, string? Mac, int Mtu)
{
    /// <param name="master">The link's master (its VRF, bridge or bond), when known.</param>
    public static LinkDto From(Link l, Link? master)
    {
        var vrf = l.IsVrf ? l : master is { IsVrf: true } ? master : null;
        return new LinkDto(l.Index, l.Name, l.Kind, l.OperState, l.IsUp, master?.Name ?? (l.MasterIndex is int m ? $"if{m}" : null),
            vrf?.VrfTable, vrf?.Name, l.MacAddress, l.Mtu);
    }
}

public sealed record AddressDto(string Family, string Dev, string Address, string Scope, IReadOnlyList<string> Flags)
{
    /// <param name="device">The name of the address's device; "if{index}" when it is not known.</param>
    public static AddressDto From(Address a, string? device) =>
        new(a.Family.Name(), device ?? $"if{a.LinkIndex}", a.Cidr, a.Scope, a.Flags);
}

/// <summary>GET /api/namespaces/{id}: the namespace with its links and addresses.</summary>
public sealed record NamespaceDetailDto(NamespaceDto Namespace, IReadOnlyList<LinkDto> Links, IReadOnlyList<AddressDto> Addresses, int RouteCount, bool MayBeInconsistent)
{
    public static NamespaceDetailDto From(NamespaceSnapshot s)
    {
        var links = s.Links.Select(l => LinkDto.From(l, l.MasterIndex is int m ? s.LinkByIndex(m) : null)).ToArray();
        var addresses = s.Addresses.Select(a => AddressDto.From(a, s.LinkByIndex(a.LinkIndex)?.Name)).ToArray();
        return new NamespaceDetailDto(NamespaceDto.From(s.Namespace), links, addresses, s.Routes.Count, s.MayBeInconsistent);
    }
}
