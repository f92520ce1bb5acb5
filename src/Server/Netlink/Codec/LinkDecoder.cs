using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Decodes RTM_NEWLINK (struct ifinfomsg + attributes), including a VRF's table.</summary>
internal static class LinkDecoder
{
    public static Link Decode(ReadOnlySpan<byte> payload)
    {
        var ifi = HeaderReader.Read<IfInfoMsg>(payload, "ifinfomsg", out var attrs);
        string? name = null, kind = null, mac = null;
        var oper = OperState.Unknown;
        int? master = null;
        uint? vrfTable = null;
        int mtu = 0;
        uint group = 0;
        var reader = new AttributeReader(attrs, "link");
        while (reader.Next(out var type, out var p))
        {
            switch (type)
            {
                case Ifla.IFNAME: name = AttributeReader.String(p); break;
                case Ifla.MTU: mtu = (int)AttributeReader.U32(p, "IFLA_MTU"); break;
                case Ifla.MASTER: master = (int)AttributeReader.U32(p, "IFLA_MASTER"); break;
                case Ifla.OPERSTATE: oper = (OperState)AttributeReader.U8(p, "IFLA_OPERSTATE"); break;
                case Ifla.ADDRESS: mac = p.Length == 6 ? Mac(p) : null; break;
                case Ifla.LINKINFO: (kind, vrfTable) = DecodeLinkInfo(p); break;
                case Ifla.GROUP: group = AttributeReader.U32(p, "IFLA_GROUP"); break;
            }
        }
        if (name is null) throw new NetlinkParseException($"link {ifi.Index} has no IFLA_IFNAME");
        return new Link(ifi.Index, name, kind, oper, ifi.Flags, master == 0 ? null : master, vrfTable, mac, mtu) { Group = group };
    }

    private static string Mac(ReadOnlySpan<byte> p)
    {
        Span<char> text = stackalloc char[17];
        var hex = Convert.ToHexStringLower(p);
        for (int i = 0, n = 0; i < 6; i++)
        {
            if (i > 0) text[n++] = ':';
            text[n++] = hex[2 * i];
            text[n++] = hex[2 * i + 1];
        }
        return new string(text);
    }

    private static (string? Kind, uint? VrfTable) DecodeLinkInfo(ReadOnlySpan<byte> p)
    {
        string? kind = null;
        ReadOnlySpan<byte> data = default;
        var reader = new AttributeReader(p, "IFLA_LINKINFO");
        while (reader.Next(out var type, out var a))
        {
            if (type == Ifla.INFO_KIND) kind = AttributeReader.String(a);
            else if (type == Ifla.INFO_DATA) data = a;
        }
        uint? table = null;
        if (kind == "vrf" && !data.IsEmpty)
        {
            var dr = new AttributeReader(data, "IFLA_INFO_DATA");
            while (dr.Next(out var type, out var a))
                if (type == Ifla.VRF_TABLE) table = AttributeReader.U32(a, "IFLA_VRF_TABLE");
        }
        return (kind, table);
    }
}
