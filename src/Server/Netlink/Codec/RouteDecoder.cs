using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Decodes the payload of RTM_NEWROUTE (struct rtmsg + attributes) into a <see cref="Route"/>.</summary>
internal static class RouteDecoder
{
    public static Route Decode(ReadOnlySpan<byte> payload, DecodeContext context)
    {
        var rtm = HeaderReader.Read<RtMsg>(payload, "rtmsg", out var attrs);
        var family = (IpFamily)rtm.Family;
        if (family is not (IpFamily.Inet or IpFamily.Inet6))
            throw new NetlinkParseException($"route of unsupported family {rtm.Family}");

        uint table = rtm.Table;
        ReadOnlySpan<byte> dst = default, src = default;
        string? gateway = null, prefsrc = null, pref = null;
        IpFamily? viaFamily = null;
        int? oif = null;
        uint? metric = null, nhid = null;
        IReadOnlyList<Nexthop> nexthops = [];

        var reader = new AttributeReader(attrs, "route");
        while (reader.Next(out var type, out var p))
        {
            switch (type)
            {
                case Rta.TABLE: table = AttributeReader.U32(p, "RTA_TABLE"); break;
                case Rta.DST: dst = p; break;
                case Rta.SRC: src = p; break;
                case Rta.GATEWAY: gateway = IpText.Format(p, "RTA_GATEWAY"); break;
                case Rta.VIA: (gateway, viaFamily) = DecodeVia(p); break;
                case Rta.OIF: oif = (int)AttributeReader.U32(p, "RTA_OIF"); break;
                case Rta.PRIORITY: metric = AttributeReader.U32(p, "RTA_PRIORITY"); break;
                case Rta.PREFSRC: prefsrc = IpText.Format(p, "RTA_PREFSRC"); break;
                case Rta.PREF: pref = RouteNames.Pref(AttributeReader.U8(p, "RTA_PREF")); break;
                case Rta.NH_ID: nhid = AttributeReader.U32(p, "RTA_NH_ID"); break;
                case Rta.MULTIPATH: nexthops = DecodeMultipath(p, context); break;
            }
        }

        return new Route
        {
            Family = family,
            Table = table,
            TableName = context.TableName(table),
            Type = RouteNames.Type(rtm.Type),
            Dst = IpText.Cidr(dst, rtm.DstLen, family, "RTA_DST"),
            Src = src.IsEmpty && rtm.SrcLen == 0 ? null : IpText.Cidr(src, rtm.SrcLen, family, "RTA_SRC"),
            Protocol = RouteNames.Protocol(rtm.Protocol),
            Scope = RouteNames.Scope(rtm.Scope),
            Metric = metric,
            Pref = pref,
            PrefSrc = prefsrc,
            Gateway = gateway,
            ViaFamily = viaFamily,
            LinkIndex = oif,
            Dev = oif is int i ? context.LinkName(i) : null,
            Flags = RouteFlags(rtm.Flags),
            Nexthops = nexthops,
            NexthopId = nhid,
            Tos = rtm.Tos,
        };
    }

    /// <summary>RTA_VIA: a gateway of another family (IPv4 route via an IPv6 neighbour).</summary>
    private static (string, IpFamily) DecodeVia(ReadOnlySpan<byte> p)
    {
        if (p.Length < 2) throw new NetlinkParseException($"RTA_VIA: {p.Length} bytes, family needs 2");
        var family = (IpFamily)(p[0] | (p[1] << 8));
        return (IpText.Format(p[2..], "RTA_VIA"), family);
    }

    private static List<Nexthop> DecodeMultipath(ReadOnlySpan<byte> p, DecodeContext context)
    {
        var list = new List<Nexthop>(2);
        int hdr = System.Runtime.InteropServices.Marshal.SizeOf<RtNexthop>();
        while (!p.IsEmpty)
        {
            if (p.Length < hdr)
                throw new NetlinkParseException($"RTA_MULTIPATH: truncated nexthop, {p.Length} bytes left, {hdr} needed");
            var nh = System.Runtime.InteropServices.MemoryMarshal.Read<RtNexthop>(p);
            if (nh.Len < hdr)
                throw new NetlinkParseException($"RTA_MULTIPATH: nexthop {list.Count} has length {nh.Len}, shorter than its header");
            if (nh.Len > p.Length)
                throw new NetlinkParseException($"RTA_MULTIPATH: nexthop {list.Count} has length {nh.Len}, past the end ({p.Length} bytes left)");
            string? gateway = null;
            IpFamily? viaFamily = null;
            var reader = new AttributeReader(p[hdr..nh.Len], "RTA_MULTIPATH nexthop");
            while (reader.Next(out var type, out var a))
            {
                if (type == Rta.GATEWAY) gateway = IpText.Format(a, "nexthop RTA_GATEWAY");
                else if (type == Rta.VIA) (gateway, viaFamily) = DecodeVia(a);
            }
            list.Add(new Nexthop(gateway, viaFamily, nh.IfIndex, context.LinkName(nh.IfIndex), nh.Hops + 1,
                NexthopFlags.ToNames(nh.Flags)));
            p = p[Math.Min(Nl.Align(nh.Len), p.Length)..];
        }
        return list;
    }

    /// <summary>rtm_flags as iproute2 names them: the RTNH_F_* bits, then RTM_F_* ones.</summary>
    private static IReadOnlyList<string> RouteFlags(uint flags)
    {
        if (flags == 0) return [];
        var names = new List<string>(NexthopFlags.ToNames(flags & 0xff));
        if ((flags & RtmFlags.NOTIFY) != 0) names.Add("notify");
        if ((flags & RtmFlags.OFFLOAD) != 0) names.Add("rt_offload");
        if ((flags & RtmFlags.TRAP) != 0) names.Add("rt_trap");
        return names;
    }
}
