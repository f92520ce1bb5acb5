using System.Buffers.Binary;
using Dashboard.Server.Lookup;
using Dashboard.Server.Netlink.Interop;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>
/// Decodes the kernel's answer to RTM_GETROUTE: the route fields as <see cref="RouteDecoder"/> reads
/// them, then what only answers carry (RTA_IIF, RTA_MARK, RTA_UID, RTA_CACHEINFO).
/// </summary>
internal static class RouteAnswerDecoder
{
    /// <summary>struct rta_cacheinfo: clntref, lastuse, expires, error, used, id, ts, tsage (u32 each).</summary>
    private const int CacheInfoExpires = 8, CacheInfoError = 12, CacheInfoSize = 32;

    public static RouteAnswer Decode(ReadOnlySpan<byte> payload)
    {
        var route = RouteDecoder.Decode(payload);
        HeaderReader.Read<RtMsg>(payload, "rtmsg", out var attrs);
        int iif = 0;
        uint mark = 0, expires = 0;
        uint? uid = null;
        int error = 0;
        var reader = new AttributeReader(attrs, "route answer");
        while (reader.Next(out var type, out var p))
        {
            switch (type)
            {
                case Rta.IIF: iif = (int)AttributeReader.U32(p, "RTA_IIF"); break;
                case Rta.MARK: mark = AttributeReader.U32(p, "RTA_MARK"); break;
                case Rta.UID: uid = AttributeReader.U32(p, "RTA_UID"); break;
                case Rta.CACHEINFO:
                    if (p.Length < CacheInfoSize) throw new NetlinkParseException($"RTA_CACHEINFO: {p.Length} bytes, {CacheInfoSize} needed");
                    expires = BinaryPrimitives.ReadUInt32LittleEndian(p[CacheInfoExpires..]);
                    error = BinaryPrimitives.ReadInt32LittleEndian(p[CacheInfoError..]);
                    break;
            }
        }
        return new RouteAnswer { Route = route, Iif = iif, Mark = mark, Uid = uid, Expires = expires, Error = error };
    }
}
