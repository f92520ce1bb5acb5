using System.Buffers.Binary;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

public enum RouteChange
{
    /// <summary>ip route add: fails with "File exists" if the route is there.</summary>
    Add,
    /// <summary>ip route replace.</summary>
    Replace,
    /// <summary>ip route append: adds a sibling (IPv6 merges it into a multipath route).</summary>
    Append,
    /// <summary>ip route del.</summary>
    Delete,
}

/// <summary>Encodes a <see cref="Route"/> as an RTM_NEWROUTE / RTM_DELROUTE request.</summary>
internal static class RouteEncoder
{
    public static MessageBuilder Encode(RouteChange change, Route route, Func<string, int> linkIndexOf)
    {
        ushort flags = Nl.NLM_F_REQUEST | Nl.NLM_F_ACK;
        flags |= change switch
        {
            RouteChange.Add => (ushort)(Nl.NLM_F_CREATE | Nl.NLM_F_EXCL),
            RouteChange.Replace => (ushort)(Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE),
            RouteChange.Append => (ushort)(Nl.NLM_F_CREATE | Nl.NLM_F_APPEND),
            _ => (ushort)0,
        };
        var (dst, dstLen) = IpText.ParseCidr(route.Dst, route.Family);
        bool delete = change == RouteChange.Delete;
        var rtm = new RtMsg
        {
            Family = (byte)route.Family,
            DstLen = dstLen,
            Tos = route.Tos,
            Table = (byte)(route.Table < 256 ? route.Table : 0),
            Protocol = RouteNames.ProtocolNumber(route.Protocol),
            // A delete with scope "nowhere" matches any scope, as iproute2 sends it.
            Scope = delete ? RtScope.NOWHERE : RouteNames.ScopeNumber(route.Scope),
            Type = RouteNames.TypeNumber(route.Type),
            Flags = route.IsMultipath ? 0 : NexthopFlags.FromNames(route.Flags) & NexthopFlags.Onlink,
        };
        byte[]? src = null;
        if (route.Src is not null)
        {
            (src, rtm.SrcLen) = IpText.ParseCidr(route.Src, route.Family);
        }
        var m = new MessageBuilder(delete ? Rtm.DELROUTE : Rtm.NEWROUTE, flags).Header(rtm);
        m.U32(Rta.TABLE, route.Table);
        if (dstLen > 0) m.Attr(Rta.DST, dst);
        if (src is not null && rtm.SrcLen > 0) m.Attr(Rta.SRC, src);
        if (route.Metric is uint metric) m.U32(Rta.PRIORITY, metric);
        if (route.Pref is not null && route.Family == IpFamily.Inet6) m.U8(Rta.PREF, RouteNames.PrefNumber(route.Pref));
        if (route.PrefSrc is not null) m.Attr(Rta.PREFSRC, IpText.Parse(route.PrefSrc, route.Family));

        if (route.NexthopId is uint nhid)
        {
            m.U32(Rta.NH_ID, nhid);
        }
        else if (route.IsMultipath)
        {
            int mp = m.BeginNested(Rta.MULTIPATH);
            foreach (var nh in route.Nexthops)
            {
                if (nh.Weight is < 1 or > 256)
                    throw new ArgumentException($"nexthop weight {nh.Weight} is outside 1..256");
                int at = m.Raw(new RtNexthop
                {
                    Flags = (byte)(NexthopFlags.FromNames(nh.Flags) & NexthopFlags.Onlink),
                    Hops = (byte)(nh.Weight - 1),
                    IfIndex = ResolveLink(nh.LinkIndex, nh.Dev, linkIndexOf),
                });
                if (nh.Gateway is not null) Gateway(m, route.Family, nh.Gateway, nh.GatewayFamily);
                m.PatchLength16(at);
            }
            m.EndNested(mp);
        }
        else
        {
            if (route.Gateway is not null) Gateway(m, route.Family, route.Gateway, route.ViaFamily);
            if (route.LinkIndex is not null || route.Dev is not null)
                m.U32(Rta.OIF, (uint)ResolveLink(route.LinkIndex, route.Dev, linkIndexOf));
        }
        return m;
    }

    private static void Gateway(MessageBuilder m, IpFamily routeFamily, string gateway, IpFamily? viaFamily)
    {
        var family = viaFamily ?? IpText.FamilyOf(gateway);
        var bytes = IpText.Parse(gateway, family);
        if (family == routeFamily)
        {
            m.Attr(Rta.GATEWAY, bytes);
            return;
        }
        Span<byte> via = stackalloc byte[2 + bytes.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(via, (ushort)family);
        bytes.CopyTo(via[2..]);
        m.Attr(Rta.VIA, via);
    }

    private static int ResolveLink(int? index, string? dev, Func<string, int> linkIndexOf)
    {
        if (index is int i && i > 0) return i;
        if (dev is null) throw new ArgumentException("a nexthop needs a device");
        return linkIndexOf(dev);
    }
}
