using System.Runtime.InteropServices;
using Dashboard.Server.Netlink.Interop;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>
/// Walks the netlink messages of one datagram. Every length is checked against what is left, so a
/// malformed buffer ends in a <see cref="NetlinkParseException"/>, never an overrun or a loop.
/// </summary>
internal ref struct MessageReader(ReadOnlySpan<byte> buffer)
{
    private ReadOnlySpan<byte> _rest = buffer;

    public bool Next(out NlMsgHdr header, out ReadOnlySpan<byte> payload)
    {
        header = default;
        payload = default;
        if (_rest.IsEmpty) return false;
        if (_rest.Length < Nl.HeaderSize)
            throw new NetlinkParseException($"truncated netlink header: {_rest.Length} bytes left, 16 needed");
        header = MemoryMarshal.Read<NlMsgHdr>(_rest);
        if (header.Length < Nl.HeaderSize)
            throw new NetlinkParseException($"netlink message length {header.Length} is shorter than its header");
        if (header.Length > _rest.Length)
            throw new NetlinkParseException($"netlink message length {header.Length} runs past the end of the buffer ({_rest.Length} bytes left)");
        payload = _rest[Nl.HeaderSize..(int)header.Length];
        int advance = Math.Min(Nl.Align((int)header.Length), _rest.Length);
        _rest = _rest[advance..];
        return true;
    }
}
