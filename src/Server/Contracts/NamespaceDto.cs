using Dashboard.Server.Routing;

namespace Dashboard.Server.Contracts;

public sealed record NamespaceDto(string Id, string Name, string Kind, string Path, ulong Inode, int? Pid, string? Command, string? Pod)
{
    public static NamespaceDto From(NetNamespace ns) => new(
        ns.Id, ns.DisplayName, ns.Kind.ToString().ToLowerInvariant(), ns.Path, ns.Inode, ns.Pid, ns.Command, ns.Pod?.ToString());
}

/// <param name="VrfTable">The table of the VRF this link is, or is enslaved to (through any level of masters).</param>
/// <param name="Vrf">The name of that VRF.</param>
public sealed record LinkDto(int Index, string Name, string? Kind, string OperState, bool Up, string? Master, uint? VrfTable, string? Vrf, string? Mac, int Mtu)
{
    /// <param name="names">The link's namespace: its master's name and its VRF.</param>
    public static LinkDto From(Link l, VrfTopology names)
    {
        var vrf = l.IsVrf && l.VrfTable is { } own ? new VrfRef(l.Name, own, l.Index) : names.VrfOf(l);
        return new LinkDto(l.Index, l.Name, l.Kind, RouteNames.OperState(l.OperState), l.IsUp,
            l.MasterIndex is int m ? names.DeviceName(m) : null,
            vrf.IsDefault ? null : vrf.Table, vrf.IsDefault ? null : vrf.Name, l.MacAddress, l.Mtu);
    }
}

public sealed record AddressDto(string Family, string Dev, string Address, string Scope, IReadOnlyList<string> Flags)
{
    public static AddressDto From(Address a, VrfTopology names) =>
        new(RouteNames.Family(a.Family), names.DeviceName(a.LinkIndex), a.Prefix.ToString(), RouteNames.Scope(a.Scope), RouteNames.AddressFlags(a.Flags));
}

/// <summary>GET /api/namespaces/{id}: the namespace with its links and addresses.</summary>
public sealed record NamespaceDetailDto(NamespaceDto Namespace, IReadOnlyList<LinkDto> Links, IReadOnlyList<AddressDto> Addresses, int RouteCount, bool MayBeInconsistent)
{
    public static NamespaceDetailDto From(NamespaceSnapshot s)
    {
        var links = s.Links.Select(l => LinkDto.From(l, s.Topology)).ToArray();
        var addresses = s.Addresses.Select(a => AddressDto.From(a, s.Topology)).ToArray();
        return new NamespaceDetailDto(NamespaceDto.From(s.Namespace), links, addresses, s.Routes.Count, s.MayBeInconsistent);
    }
}
