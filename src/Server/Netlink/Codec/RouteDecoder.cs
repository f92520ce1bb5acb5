using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Decodes the payload of RTM_NEWROUTE (struct rtmsg + attributes) into a <see cref="Route"/>.</summary>
internal static class RouteDecoder
{
    /// <summary>A cached clone (RTM_F_CLONED: a PMTU or redirect exception), not a route of the table.</summary>
    public static bool IsClone(ReadOnlySpan<byte> payload) =>
        (HeaderReader.Read<RtMsg>(payload, "rtmsg", out _).Flags & RouteFlags.Cloned) != 0;

    public static Route Decode(ReadOnlySpan<byte> payload)
    {
        var rtm = HeaderReader.Read<RtMsg>(payload, "rtmsg", out var attrs);
        var family = (IpFamily)rtm.Family;
        if (family is not (IpFamily.Inet or IpFamily.Inet6))
            throw new NetlinkParseException($"route of unsupported family {rtm.Family}");

        uint table = rtm.Table;
        ReadOnlySpan<byte> dst = default, src = default;
        IpAddr gateway = default, prefsrc = default;
        RoutePref? pref = null;
        int oif = 0;
        uint? metric = null, nhid = null;
        Nexthop[]? nexthops = null;

        var reader = new AttributeReader(attrs, "route");
        while (reader.Next(out var type, out var p))
        {
            switch (type)
            {
                case Rta.TABLE: table = AttributeReader.U32(p, "RTA_TABLE"); break;
                case Rta.DST: dst = p; break;
                case Rta.SRC: src = p; break;
                case Rta.GATEWAY: gateway = AddressBytes.Read(p, "RTA_GATEWAY"); break;
                case Rta.VIA: gateway = DecodeVia(p); break;
                case Rta.OIF: oif = (int)AttributeReader.U32(p, "RTA_OIF"); break;
                case Rta.PRIORITY: metric = AttributeReader.U32(p, "RTA_PRIORITY"); break;
                case Rta.PREFSRC: prefsrc = AddressBytes.Read(p, "RTA_PREFSRC"); break;
                case Rta.PREF: pref = (RoutePref)AttributeReader.U8(p, "RTA_PREF"); break;
                case Rta.NH_ID: nhid = AttributeReader.U32(p, "RTA_NH_ID"); break;
                case Rta.MULTIPATH: nexthops = DecodeMultipath(p); break;
            }
        }

        return new Route
        {
            Family = family,
            Table = table,
            Type = (RouteType)rtm.Type,
            Dst = AddressBytes.Prefix(dst, rtm.DstLen, family, "RTA_DST"),
            Src = src.IsEmpty && rtm.SrcLen == 0 ? default : AddressBytes.Prefix(src, rtm.SrcLen, family, "RTA_SRC"),
            Tos = rtm.Tos,
            Protocol = (RouteProtocol)rtm.Protocol,
            Scope = (RouteScope)rtm.Scope,
            Metric = metric,
            Pref = pref,
            PrefSrc = prefsrc,
            Gateway = gateway,
            Oif = oif,
            Flags = rtm.Flags,
            Nexthops = nexthops ?? [],
            NexthopId = nhid,
        };
    }

    /// <summary>RTA_VIA: a gateway of another family (an IPv4 route via an IPv6 neighbour).</summary>
    private static IpAddr DecodeVia(ReadOnlySpan<byte> p)
    {
        if (p.Length < 2) throw new NetlinkParseException($"RTA_VIA: {p.Length} bytes, family needs 2");
        var family = BinaryPrimitives.ReadUInt16LittleEndian(p);
        var address = AddressBytes.Read(p[2..], "RTA_VIA");
        if ((ushort)address.Family != family)
            throw new NetlinkParseException($"RTA_VIA: family {family} with a {p.Length - 2}-byte address");
        return address;
    }

    private static Nexthop[] DecodeMultipath(ReadOnlySpan<byte> p)
    {
        var list = new List<Nexthop>(2);
        int hdr = Unsafe.SizeOf<RtNexthop>();
        while (!p.IsEmpty)
        {
            if (p.Length < hdr)
                throw new NetlinkParseException($"RTA_MULTIPATH: truncated nexthop, {p.Length} bytes left, {hdr} needed");
            var nh = MemoryMarshal.Read<RtNexthop>(p);
            if (nh.Len < hdr)
                throw new NetlinkParseException($"RTA_MULTIPATH: nexthop {list.Count} has length {nh.Len}, shorter than its header");
            if (nh.Len > p.Length)
                throw new NetlinkParseException($"RTA_MULTIPATH: nexthop {list.Count} has length {nh.Len}, past the end ({p.Length} bytes left)");
            IpAddr gateway = default;
            var reader = new AttributeReader(p[hdr..nh.Len], "RTA_MULTIPATH nexthop");
            while (reader.Next(out var type, out var a))
            {
                if (type == Rta.GATEWAY) gateway = AddressBytes.Read(a, "nexthop RTA_GATEWAY");
                else if (type == Rta.VIA) gateway = DecodeVia(a);
            }
            list.Add(new Nexthop(gateway, nh.IfIndex, nh.Hops + 1, nh.Flags));
            p = p[Math.Min(Nl.Align(nh.Len), p.Length)..];
        }
        return list.ToArray();
    }
}
