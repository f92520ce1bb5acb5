using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Address attributes ↔ <see cref="IpAddr"/>, with the attribute named in any error.</summary>
internal static class AddressBytes
{
    public static IpAddr Read(ReadOnlySpan<byte> p, string what) => p.Length is 4 or 16
        ? IpAddr.FromBytes(p)
        : throw new NetlinkParseException($"{what}: address of {p.Length} bytes");

    /// <summary>
    /// A prefix from an address attribute and its length byte. An absent attribute is the family's
    /// zero address (what the kernel leaves out for a default route).
    /// </summary>
    public static IpPrefix Prefix(ReadOnlySpan<byte> p, int length, IpFamily family, string what)
    {
        var address = p.IsEmpty ? IpAddr.Any(family) : Read(p, what);
        if (address.Family != family) throw new NetlinkParseException($"{what}: a {p.Length}-byte address in a {RouteNames.Family(family)} route");
        if (length > address.MaxPrefix) throw new NetlinkParseException($"{what}: prefix length {length} is longer than the address");
        return new IpPrefix(address, length);
    }
}
