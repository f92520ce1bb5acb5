using System.Buffers.Binary;
using Dashboard.Server.Lookup;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>
/// RTM_GETROUTE for one destination, as iproute2's iproute_get builds it: rtm_dst_len (and src_len)
/// the host length, RTA_DST, RTA_SRC, RTA_IIF, RTA_OIF, RTA_MARK (when not 0), RTA_UID, RTA_IP_PROTO,
/// RTA_SPORT/RTA_DPORT (network order); RTM_F_LOOKUP_TABLE for IPv4 (the only family that honours it,
/// so the answer names the table), RTM_F_FIB_MATCH for the table entry rather than the packet's route.
/// </summary>
internal static class RouteGetRequest
{
    public static MessageBuilder Build(LookupRequest q, bool fibMatch)
    {
        q.Validate();
        var family = q.Family;
        byte hostLength = (byte)q.Dst.MaxPrefix;
        uint flags = (family == IpFamily.Inet ? RtmFlags.LOOKUP_TABLE : 0) | (fibMatch ? RtmFlags.FIB_MATCH : 0);
        var m = new MessageBuilder(Rtm.GETROUTE, Nl.NLM_F_REQUEST).Header(new RtMsg
        {
            Family = (byte)family,
            DstLen = hostLength,
            SrcLen = q.Src.IsNone ? (byte)0 : hostLength,
            Flags = flags,
        });
        Span<byte> address = stackalloc byte[16];
        m.Attr(Rta.DST, address[..q.Dst.WriteBytes(address)]);
        if (!q.Src.IsNone) m.Attr(Rta.SRC, address[..q.Src.WriteBytes(address)]);
        if (q.Iif != 0) m.U32(Rta.IIF, (uint)q.Iif);
        if (q.Oif != 0) m.U32(Rta.OIF, (uint)q.Oif);
        if (q.Mark != 0) m.U32(Rta.MARK, q.Mark);
        if (q.Uid is uint uid) m.U32(Rta.UID, uid);
        if (q.IpProto is byte proto) m.U8(Rta.IP_PROTO, proto);
        if (q.Sport is ushort sport) m.Attr(Rta.SPORT, BigEndian(stackalloc byte[2], sport));
        if (q.Dport is ushort dport) m.Attr(Rta.DPORT, BigEndian(stackalloc byte[2], dport));
        return m;
    }

    private static ReadOnlySpan<byte> BigEndian(Span<byte> two, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(two, value);
        return two;
    }
}
