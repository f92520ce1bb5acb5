using System.Buffers.Binary;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Decodes RTM_NEWRULE (struct fib_rule_hdr + FRA_* attributes) into a <see cref="Rule"/>.</summary>
internal static class RuleDecoder
{
    public static Rule Decode(ReadOnlySpan<byte> payload)
    {
        var frh = HeaderReader.Read<FibRuleHdr>(payload, "fib_rule_hdr", out var attrs);
        var family = (IpFamily)frh.Family;
        if (family is not (IpFamily.Inet or IpFamily.Inet6))
            throw new NetlinkParseException($"rule of unsupported family {frh.Family}");
        uint table = frh.Table, priority = 0;
        ReadOnlySpan<byte> src = default, dst = default;
        string? iif = null, oif = null;
        uint? fwmark = null, fwmask = null, gotoPriority = null, suppressPrefix = null, suppressGroup = null, realms = null;
        ulong? tunId = null;
        byte? ipProto = null;
        RuleRange? sport = null, dport = null, uid = null;
        bool l3mdev = false;
        byte protocol = 0;
        var reader = new AttributeReader(attrs, "rule");
        while (reader.Next(out var type, out var p))
        {
            switch (type)
            {
                case Fra.TABLE: table = AttributeReader.U32(p, "FRA_TABLE"); break;
                case Fra.PRIORITY: priority = AttributeReader.U32(p, "FRA_PRIORITY"); break;
                case Fra.SRC: src = p; break;
                case Fra.DST: dst = p; break;
                case Fra.IIFNAME: iif = AttributeReader.String(p); break;
                case Fra.OIFNAME: oif = AttributeReader.String(p); break;
                case Fra.FWMARK: fwmark = AttributeReader.U32(p, "FRA_FWMARK"); break;
                case Fra.FWMASK: fwmask = AttributeReader.U32(p, "FRA_FWMASK"); break;
                case Fra.GOTO: gotoPriority = AttributeReader.U32(p, "FRA_GOTO"); break;
                case Fra.SUPPRESS_PREFIXLEN: suppressPrefix = AttributeReader.U32(p, "FRA_SUPPRESS_PREFIXLEN"); break;
                case Fra.SUPPRESS_IFGROUP: suppressGroup = AttributeReader.U32(p, "FRA_SUPPRESS_IFGROUP"); break;
                case Fra.L3MDEV: l3mdev = AttributeReader.U8(p, "FRA_L3MDEV") != 0; break;
                case Fra.PROTOCOL: protocol = AttributeReader.U8(p, "FRA_PROTOCOL"); break;
                case Fra.IP_PROTO: ipProto = AttributeReader.U8(p, "FRA_IP_PROTO"); break;
                case Fra.SPORT_RANGE: sport = PortRange(p, "FRA_SPORT_RANGE"); break;
                case Fra.DPORT_RANGE: dport = PortRange(p, "FRA_DPORT_RANGE"); break;
                case Fra.UID_RANGE: uid = UidRange(p); break;
                case Fra.FLOW: realms = AttributeReader.U32(p, "FRA_FLOW"); break;
                case Fra.TUN_ID: tunId = p.Length >= 8 ? BinaryPrimitives.ReadUInt64BigEndian(p) // network byte order (nla_put_be64)
                    : throw new NetlinkParseException($"FRA_TUN_ID: {p.Length} bytes, 8 needed"); break;
            }
        }
        return new Rule
        {
            Family = family,
            Priority = priority,
            Action = (RuleAction)frh.Action,
            Table = table,
            Flags = frh.Flags,
            Src = frh.SrcLen == 0 && src.IsEmpty ? default : AddressBytes.Prefix(src, frh.SrcLen, family, "FRA_SRC"),
            Dst = frh.DstLen == 0 && dst.IsEmpty ? default : AddressBytes.Prefix(dst, frh.DstLen, family, "FRA_DST"),
            Tos = frh.Tos,
            Iif = iif,
            Oif = oif,
            Fwmark = fwmark,
            Fwmask = fwmask,
            IpProto = ipProto,
            SportRange = sport,
            DportRange = dport,
            UidRange = uid,
            L3mdev = l3mdev,
            Goto = gotoPriority,
            // The kernel reports "no suppression" as -1.
            SuppressPrefixLength = suppressPrefix is uint.MaxValue ? null : suppressPrefix,
            SuppressIfGroup = suppressGroup is uint.MaxValue ? null : suppressGroup,
            Realms = realms,
            TunId = tunId,
            Protocol = (RouteProtocol)protocol,
        };
    }

    private static RuleRange PortRange(ReadOnlySpan<byte> p, string what) => p.Length >= 4
        ? new RuleRange(BinaryPrimitives.ReadUInt16LittleEndian(p), BinaryPrimitives.ReadUInt16LittleEndian(p[2..]))
        : throw new NetlinkParseException($"{what}: {p.Length} bytes, 4 needed");

    private static RuleRange UidRange(ReadOnlySpan<byte> p) => p.Length >= 8
        ? new RuleRange(BinaryPrimitives.ReadUInt32LittleEndian(p), BinaryPrimitives.ReadUInt32LittleEndian(p[4..]))
        : throw new NetlinkParseException($"FRA_UID_RANGE: {p.Length} bytes, 8 needed");
}
