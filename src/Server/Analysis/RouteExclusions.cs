using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>Routes that are correct by design and never give a finding.</summary>
public static class RouteExclusions
{
    public static bool IsExcluded(Route route)
    {
        // local, broadcast, anycast, multicast, unreachable, blackhole, prohibit, throw, nat: all either
        // kernel-made or not forwarding anywhere (IPv6 unreachable routes in VRF tables show "dev lo").
        if (route.Type != RouteType.Unicast) return true;
        if (route.Table == RoutingTable.Local) return true;
        if (IsKernelConnected(route)) return true;
        if (route.Family == IpFamily.Inet6 && IsLinkLocalOrMulticast(route)) return true;
        return false;
    }

    /// <summary>
    /// A connected route the kernel made for an address: protocol kernel and no gateway. IPv4 ones have
    /// scope link; IPv6 prefix routes carry scope universe, so scope alone cannot tell them apart.
    /// </summary>
    public static bool IsKernelConnected(Route route) =>
        route.Protocol == RouteProtocol.Kernel && route.NexthopId is null && route.Paths.All(p => !p.HasGateway);

    /// <summary>fe80::/64 and ff00::/8 that the kernel adds per device, in whichever table the device's VRF uses.</summary>
    private static bool IsLinkLocalOrMulticast(Route route)
    {
        var dst = route.Dst.Address;
        if (dst.IsIPv6Multicast && route.Dst.Length >= 8) return true;
        return dst.IsIPv6LinkLocal && route.Dst.Length >= 64 && route.Paths.All(p => !p.HasGateway);
    }
}
