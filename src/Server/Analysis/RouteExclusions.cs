using System.Net;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>Routes that are correct by design and never give a finding.</summary>
public static class RouteExclusions
{
    public static bool IsExcluded(Route route)
    {
        // local, broadcast, anycast, multicast, unreachable, blackhole, prohibit, throw, nat: all either
        // kernel-made or not forwarding anywhere (IPv6 unreachable routes in VRF tables show "dev lo").
        if (route.Type != "unicast") return true;
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
        route.Protocol == "kernel" && route.NexthopId is null && route.Paths.All(p => string.IsNullOrEmpty(p.Gateway));

    /// <summary>fe80::/64 and ff00::/8 that the kernel adds per device, in whichever table the device's VRF uses.</summary>
    private static bool IsLinkLocalOrMulticast(Route route)
    {
        var slash = route.Dst.IndexOf('/');
        var addressText = slash < 0 ? route.Dst : route.Dst[..slash];
        if (!IPAddress.TryParse(addressText, out var address)) return false;
        var prefix = slash < 0 ? 128 : int.Parse(route.Dst[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var bytes = address.GetAddressBytes();
        if (bytes.Length != 16) return false;
        if (bytes[0] == 0xff && prefix >= 8) return true;
        var linkLocal = bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;
        return linkLocal && prefix >= 64 && route.Paths.All(p => string.IsNullOrEmpty(p.Gateway));
    }
}
