using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Decodes RTM_NEWADDR (struct ifaddrmsg + attributes).</summary>
internal static class AddressDecoder
{
    private static readonly (uint Bit, string Name)[] FlagNames =
    [
        (0x01, "secondary"), (0x02, "nodad"), (0x04, "optimistic"), (0x08, "dadfailed"),
        (0x10, "homeaddress"), (0x20, "deprecated"), (0x40, "tentative"), (0x80, "permanent"),
        (0x100, "mngtmpaddr"), (0x200, "noprefixroute"), (0x400, "autojoin"), (0x800, "stable-privacy"),
    ];

    public static Address Decode(ReadOnlySpan<byte> payload)
    {
        var ifa = HeaderReader.Read<IfAddrMsg>(payload, "ifaddrmsg", out var attrs);
        string? address = null, local = null, label = null;
        uint flags = ifa.Flags;
        var reader = new AttributeReader(attrs, "address");
        while (reader.Next(out var type, out var p))
        {
            switch (type)
            {
                case Ifa.ADDRESS: address = IpText.Format(p, "IFA_ADDRESS"); break;
                case Ifa.LOCAL: local = IpText.Format(p, "IFA_LOCAL"); break;
                case Ifa.LABEL: label = AttributeReader.String(p); break;
                case Ifa.FLAGS: flags = AttributeReader.U32(p, "IFA_FLAGS"); break;
            }
        }
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links.
        var own = local ?? address ?? throw new NetlinkParseException($"address on link {ifa.Index} has no IFA_ADDRESS");
        var names = FlagNames.Where(f => (flags & f.Bit) != 0).Select(f => f.Name).ToArray();
        return new Address((IpFamily)ifa.Family, ifa.Index, own, ifa.PrefixLen, RouteNames.Scope(ifa.Scope), label, names);
    }
}
