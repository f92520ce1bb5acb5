using System.Buffers.Binary;
using Dashboard.Server.Netlink.Interop;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Decodes NLMSG_ERROR: the errno (0 for a plain ack) and the kernel's extended-ack message.</summary>
internal static class ErrorDecoder
{
    public static (int Errno, string? ExtAck) Decode(in NlMsgHdr header, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4 + Nl.HeaderSize)
            throw new NetlinkParseException($"truncated NLMSG_ERROR: {payload.Length} bytes, {4 + Nl.HeaderSize} needed");
        int error = BinaryPrimitives.ReadInt32LittleEndian(payload);
        if ((header.Flags & Nl.NLM_F_ACK_TLVS) == 0) return (-error, null);

        // After the error code comes the request's header, plus its payload unless the ack was capped.
        uint echoed = Nl.HeaderSize;
        if ((header.Flags & Nl.NLM_F_CAPPED) == 0)
            echoed = BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
        if (echoed < Nl.HeaderSize)
            throw new NetlinkParseException($"NLMSG_ERROR: echoed request length {echoed} is shorter than a netlink header");
        // Compared as unsigned before aligning: a length with the top bit set must not wrap to a negative offset.
        int start = echoed > (uint)payload.Length ? int.MaxValue : 4 + Nl.Align((int)echoed);
        if (start > payload.Length)
            throw new NetlinkParseException($"NLMSG_ERROR: echoed request of {echoed} bytes runs past the end");
        string? message = null;
        var reader = new AttributeReader(payload[start..], "extended ack");
        while (reader.Next(out var type, out var p))
            if (type == Nl.NLMSGERR_ATTR_MSG) message = AttributeReader.String(p);
        return (-error, message);
    }
}
