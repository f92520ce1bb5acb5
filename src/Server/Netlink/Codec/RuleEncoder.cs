using System.Buffers.Binary;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>
/// Encodes a <see cref="Rule"/> as an RTM_NEWRULE / RTM_DELRULE request (struct fib_rule_hdr + FRA_*),
/// as iproute2's iprule_modify sends it: an add is NLM_F_CREATE|NLM_F_EXCL (an identical rule answers
/// EEXIST), a delete names the rule by the same selectors.
/// </summary>
internal static class RuleEncoder
{
    public static MessageBuilder Encode(RouteChange change, Rule rule)
    {
        ushort flags = Nl.NLM_F_REQUEST | Nl.NLM_F_ACK;
        flags |= change switch
        {
            RouteChange.Add => (ushort)(Nl.NLM_F_CREATE | Nl.NLM_F_EXCL),
            RouteChange.Delete => (ushort)0,
            _ => throw new ArgumentException($"rules have no {change}", nameof(change)),
        };
        if (rule.Family is not (IpFamily.Inet or IpFamily.Inet6)) throw new ArgumentException($"rule of family {rule.Family}");
        foreach (var prefix in (ReadOnlySpan<IpPrefix>)[rule.Src, rule.Dst])
            if (!prefix.IsNone && prefix.Family != rule.Family)
                throw new ArgumentException($"prefix {prefix} is not {RouteNames.Family(rule.Family)}");
        if (rule.L3mdev && rule.Table != 0) throw new ArgumentException("an l3mdev rule names no table (the kernel refuses both)");
        var frh = new FibRuleHdr
        {
            Family = (byte)rule.Family,
            DstLen = rule.Dst.IsNone ? (byte)0 : rule.Dst.Length,
            SrcLen = rule.Src.IsNone ? (byte)0 : rule.Src.Length,
            Tos = rule.Tos,
            Table = (byte)(rule.Table < 256 ? rule.Table : 0),
            Action = (byte)rule.Action,
            // "not" is the only bit a request sets; the others are states the kernel reports.
            Flags = rule.Flags & RuleFlags.Invert,
        };
        var m = new MessageBuilder(change == RouteChange.Add ? Rtm.NEWRULE : Rtm.DELRULE, flags).Header(frh);
        Span<byte> buffer = stackalloc byte[16];
        m.U32(Fra.PRIORITY, rule.Priority);
        if (rule.Table != 0) m.U32(Fra.TABLE, rule.Table);
        if (!rule.Src.IsNone && rule.Src.Length > 0) m.Attr(Fra.SRC, buffer[..rule.Src.Address.WriteBytes(buffer)]);
        if (!rule.Dst.IsNone && rule.Dst.Length > 0) m.Attr(Fra.DST, buffer[..rule.Dst.Address.WriteBytes(buffer)]);
        if (rule.Iif is { } iif) m.Attr(Fra.IIFNAME, Name(iif));
        if (rule.Oif is { } oif) m.Attr(Fra.OIFNAME, Name(oif));
        if (rule.Fwmark is { } mark) m.U32(Fra.FWMARK, mark);
        if (rule.Fwmask is { } mask) m.U32(Fra.FWMASK, mask);
        if (rule.Goto is { } target) m.U32(Fra.GOTO, target);
        if (rule.SuppressPrefixLength is { } len) m.U32(Fra.SUPPRESS_PREFIXLEN, len);
        if (rule.SuppressIfGroup is { } group) m.U32(Fra.SUPPRESS_IFGROUP, group);
        if (rule.L3mdev) m.U8(Fra.L3MDEV, 1);
        if (rule.UidRange is { } uid) m.Attr(Fra.UID_RANGE, Pair32(buffer, uid));
        if (rule.Protocol != RouteProtocol.Unspec) m.U8(Fra.PROTOCOL, (byte)rule.Protocol);
        if (rule.IpProto is { } proto) m.U8(Fra.IP_PROTO, proto);
        if (rule.SportRange is { } sport) m.Attr(Fra.SPORT_RANGE, Pair16(buffer, sport));
        if (rule.DportRange is { } dport) m.Attr(Fra.DPORT_RANGE, Pair16(buffer, dport));
        return m;
    }

    /// <summary>IFNAMSIZ-bounded, NUL-terminated, as the kernel's nla_strscpy expects.</summary>
    private static byte[] Name(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        if (bytes.Length > 15) throw new ArgumentException($"device name '{name}' is longer than 15 bytes");
        return [.. bytes, 0];
    }

    private static ReadOnlySpan<byte> Pair16(Span<byte> buffer, RuleRange r)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, checked((ushort)r.Start));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[2..], checked((ushort)r.End));
        return buffer[..4];
    }

    private static ReadOnlySpan<byte> Pair32(Span<byte> buffer, RuleRange r)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, r.Start);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[4..], r.End);
        return buffer[..8];
    }
}
