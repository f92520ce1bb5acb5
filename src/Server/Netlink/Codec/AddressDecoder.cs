using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Decodes RTM_NEWADDR (struct ifaddrmsg + attributes).</summary>
internal static class AddressDecoder
{
    public static Address Decode(ReadOnlySpan<byte> payload)
    {
        var ifa = HeaderReader.Read<IfAddrMsg>(payload, "ifaddrmsg", out var attrs);
        IpAddr address = default, local = default;
        string? label = null;
        uint flags = ifa.Flags;
        var reader = new AttributeReader(attrs, "address");
        while (reader.Next(out var type, out var p))
        {
            switch (type)
            {
                case Ifa.ADDRESS: address = AddressBytes.Read(p, "IFA_ADDRESS"); break;
                case Ifa.LOCAL: local = AddressBytes.Read(p, "IFA_LOCAL"); break;
                case Ifa.LABEL: label = AttributeReader.String(p); break;
                case Ifa.FLAGS: flags = AttributeReader.U32(p, "IFA_FLAGS"); break;
            }
        }
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links.
        var own = !local.IsNone ? local : !address.IsNone ? address
            : throw new NetlinkParseException($"address on link {ifa.Index} has no IFA_ADDRESS");
        if (ifa.PrefixLen > own.MaxPrefix) throw new NetlinkParseException($"address on link {ifa.Index}: prefix length {ifa.PrefixLen}");
        return new Address(ifa.Index, own, ifa.PrefixLen, (RouteScope)ifa.Scope, label, flags);
    }
}
