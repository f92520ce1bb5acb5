namespace Dashboard.Server.Tests.Netlink;

/// <summary>The fixed family headers of rtnetlink messages, written field by field as the uapi lays them out.</summary>
internal static class FamilyHeaders
{
    /// <summary>struct rtmsg (12 bytes).</summary>
    public static Bytes Rtmsg(byte family, byte dstLen = 0, byte table = K.RT_TABLE_MAIN, byte protocol = K.RTPROT_BOOT,
        byte scope = K.RT_SCOPE_UNIVERSE, byte type = K.RTN_UNICAST, uint flags = 0, byte srcLen = 0, byte tos = 0) =>
        new Bytes().U8(family).U8(dstLen).U8(srcLen).U8(tos).U8(table).U8(protocol).U8(scope).U8(type).U32(flags);

    /// <summary>struct fib_rule_hdr (12 bytes): family, dst_len, src_len, tos, table, res1, res2, action, flags.</summary>
    public static Bytes FibRuleHdr(byte family, byte action = K.FR_ACT_TO_TBL, byte table = 0, byte dstLen = 0, byte srcLen = 0,
        byte tos = 0, uint flags = 0) =>
        new Bytes().U8(family).U8(dstLen).U8(srcLen).U8(tos).U8(table).U8(0).U8(0).U8(action).U32(flags);

    /// <summary>struct ifinfomsg (16 bytes).</summary>
    public static Bytes Ifinfomsg(int index, uint flags = K.IFF_UP, ushort type = 1) =>
        new Bytes().U8(0).U8(0).U16(type).I32(index).U32(flags).U32(0);

    /// <summary>struct ifaddrmsg (8 bytes).</summary>
    public static Bytes Ifaddrmsg(byte family, byte prefixLen, int index, byte flags = 0, byte scope = K.RT_SCOPE_UNIVERSE) =>
        new Bytes().U8(family).U8(prefixLen).U8(flags).U8(scope).I32(index);

    /// <summary>struct nhmsg (8 bytes).</summary>
    public static Bytes Nhmsg(byte family, byte protocol = K.RTPROT_STATIC, uint flags = 0) =>
        new Bytes().U8(family).U8(0).U8(protocol).U8(0).U32(flags);

    /// <summary>One struct rtnexthop (8 bytes) with its nested attributes; rtnh_len covers both.</summary>
    public static Bytes Rtnexthop(int ifindex, byte hops = 0, byte flags = 0, Bytes? attrs = null)
    {
        var a = attrs?.ToArray() ?? [];
        return new Bytes().U16((ushort)(8 + a.Length)).U8(flags).U8(hops).I32(ifindex).Raw(a);
    }

    /// <summary>One struct nexthop_grp (8 bytes): id, weight-1, weight_high, reserved.</summary>
    public static Bytes NexthopGrp(uint id, int weight) =>
        new Bytes().U32(id).U8((byte)((weight - 1) & 0xff)).U8((byte)((weight - 1) >> 8)).U16(0);

    /// <summary>RTA_VIA's payload: struct rtvia (u16 family) then the address.</summary>
    public static byte[] Via(byte family, string ip) => new Bytes().U16(family).Raw(Bytes.Ip(ip)).ToArray();
}
