using System.Buffers.Binary;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Encodes a <see cref="Route"/> as an RTM_NEWROUTE / RTM_DELROUTE request.</summary>
internal static class RouteEncoder
{
    public static MessageBuilder Encode(RouteChange change, Route route)
    {
        ushort flags = Nl.NLM_F_REQUEST | Nl.NLM_F_ACK;
        flags |= change switch
        {
            RouteChange.Add => (ushort)(Nl.NLM_F_CREATE | Nl.NLM_F_EXCL),
            RouteChange.Replace => (ushort)(Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE),
            RouteChange.Append => (ushort)(Nl.NLM_F_CREATE | Nl.NLM_F_APPEND),
            _ => (ushort)0,
        };
        if (route.Dst.Family != route.Family) throw new ArgumentException($"destination {route.Dst} is not {RouteNames.Family(route.Family)}");
        bool delete = change == RouteChange.Delete;
        var rtm = new RtMsg
        {
            Family = (byte)route.Family,
            DstLen = route.Dst.Length,
            SrcLen = route.Src.IsNone ? (byte)0 : route.Src.Length,
            Tos = route.Tos,
            Table = (byte)(route.Table < 256 ? route.Table : 0),
            Protocol = (byte)route.Protocol,
            // A delete with scope "nowhere" matches any scope, as iproute2 sends it.
            Scope = delete ? (byte)RouteScope.Nowhere : (byte)route.Scope,
            Type = (byte)route.Type,
            Flags = route.IsMultipath ? 0 : route.Flags & RouteFlags.Settable,
        };
        Span<byte> address = stackalloc byte[16];
        var m = new MessageBuilder(delete ? Rtm.DELROUTE : Rtm.NEWROUTE, flags).Header(rtm);
        m.U32(Rta.TABLE, route.Table);
        if (route.Dst.Length > 0) m.Attr(Rta.DST, address[..route.Dst.Address.WriteBytes(address)]);
        if (!route.Src.IsNone && route.Src.Length > 0) m.Attr(Rta.SRC, address[..route.Src.Address.WriteBytes(address)]);
        if (route.Metric is uint metric) m.U32(Rta.PRIORITY, metric);
        if (route.Pref is { } pref && route.Family == IpFamily.Inet6) m.U8(Rta.PREF, (byte)pref);
        if (!route.PrefSrc.IsNone) m.Attr(Rta.PREFSRC, address[..route.PrefSrc.WriteBytes(address)]);

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
                if (nh.Oif <= 0) throw new ArgumentException("a nexthop needs a device");
                int at = m.Raw(new RtNexthop
                {
                    Flags = (byte)(nh.Flags & RouteFlags.Settable),
                    Hops = (byte)(nh.Weight - 1),
                    IfIndex = nh.Oif,
                });
                if (!nh.Gateway.IsNone) Gateway(m, route.Family, nh.Gateway);
                m.PatchLength16(at);
            }
            m.EndNested(mp);
        }
        else
        {
            if (!route.Gateway.IsNone) Gateway(m, route.Family, route.Gateway);
            if (route.Oif > 0) m.U32(Rta.OIF, (uint)route.Oif);
        }
        return m;
    }

    /// <summary>RTA_GATEWAY for a gateway of the route's family, RTA_VIA for another.</summary>
    private static void Gateway(MessageBuilder m, IpFamily routeFamily, IpAddr gateway)
    {
        Span<byte> via = stackalloc byte[18];
        int n = gateway.WriteBytes(via[2..]);
        if (gateway.Family == routeFamily)
        {
            m.Attr(Rta.GATEWAY, via.Slice(2, n));
            return;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(via, (ushort)gateway.Family);
        m.Attr(Rta.VIA, via[..(2 + n)]);
    }
}
