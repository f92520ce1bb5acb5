using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Decodes RTM_NEWNEXTHOP (struct nhmsg + NHA_* attributes): single nexthops and groups.</summary>
internal static class NexthopDecoder
{
    public static NexthopObject Decode(ReadOnlySpan<byte> payload)
    {
        var nhm = HeaderReader.Read<NhMsg>(payload, "nhmsg", out var attrs);
        uint? id = null;
        IpAddr gateway = default;
        int oif = 0;
        bool blackhole = false;
        List<NexthopGroupMember> group = [];
        var reader = new AttributeReader(attrs, "nexthop");
        while (reader.Next(out var type, out var p))
        {
            switch (type)
            {
                case Nha.ID: id = AttributeReader.U32(p, "NHA_ID"); break;
                case Nha.OIF: oif = (int)AttributeReader.U32(p, "NHA_OIF"); break;
                case Nha.GATEWAY: gateway = AddressBytes.Read(p, "NHA_GATEWAY"); break;
                case Nha.BLACKHOLE: blackhole = true; break;
                case Nha.GROUP: group = DecodeGroup(p); break;
            }
        }
        if (id is null) throw new NetlinkParseException("nexthop object without NHA_ID");
        IpFamily? family = nhm.Family is 2 or 10 ? (IpFamily)nhm.Family : null;
        return new NexthopObject(id.Value, family, gateway, oif, blackhole, (RouteProtocol)nhm.Protocol, group, nhm.Flags);
    }

    private static List<NexthopGroupMember> DecodeGroup(ReadOnlySpan<byte> p)
    {
        int size = Unsafe.SizeOf<NexthopGrp>();
        if (p.Length % size != 0)
            throw new NetlinkParseException($"NHA_GROUP: {p.Length} bytes is not a whole number of {size}-byte entries");
        var members = new List<NexthopGroupMember>(p.Length / size);
        for (int off = 0; off < p.Length; off += size)
        {
            var g = MemoryMarshal.Read<NexthopGrp>(p[off..]);
            members.Add(new NexthopGroupMember(g.Id, (g.Weight | (g.WeightHigh << 8)) + 1));
        }
        return members;
    }
}
