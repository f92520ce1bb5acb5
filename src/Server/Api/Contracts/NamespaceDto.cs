using Dashboard.Server.Routing;

namespace Dashboard.Server.Api.Contracts;

public sealed record NamespaceDto(string Id, string Name, string Kind, string Path, ulong Inode, int? Pid, string? Command, string? Pod)
{
    public static NamespaceDto From(NetNamespace ns) => new(
        ns.Id, ns.DisplayName, ns.Kind.ToString().ToLowerInvariant(), ns.Path, ns.Inode, ns.Pid, ns.Command, ns.Pod?.ToString());
}

public sealed record LinkDto(int Index, string Name, string? Kind, string OperState, bool Up, string? Master, uint? VrfTable, string? Vrf, string? Mac, int Mtu);

public sealed record AddressDto(string Family, string Dev, string Address, string Scope, IReadOnlyList<string> Flags);

/// <summary>GET /api/namespaces/{id}: the namespace with its links and addresses.</summary>
public sealed record NamespaceDetailDto(NamespaceDto Namespace, IReadOnlyList<LinkDto> Links, IReadOnlyList<AddressDto> Addresses, int RouteCount, bool MayBeInconsistent)
{
    public static NamespaceDetailDto From(NamespaceSnapshot s)
    {
        var links = s.Links.Select(l =>
        {
            var master = l.MasterIndex is int m ? s.LinkByIndex(m) : null;
            var vrf = master is { IsVrf: true } ? master : null;
            return new LinkDto(l.Index, l.Name, l.Kind, l.OperState, l.IsUp, master?.Name,
                l.IsVrf ? l.VrfTable : vrf?.VrfTable, l.IsVrf ? l.Name : vrf?.Name, l.MacAddress, l.Mtu);
        }).ToArray();
        var addresses = s.Addresses.Select(a => new AddressDto(a.Family.Name(), s.LinkByIndex(a.LinkIndex)?.Name ?? $"if{a.LinkIndex}",
            a.Cidr, a.Scope, a.Flags)).ToArray();
        return new NamespaceDetailDto(NamespaceDto.From(s.Namespace), links, addresses, s.Routes.Count, s.MayBeInconsistent);
    }
}
