using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dashboard.Server.Netlink.Codec;

internal static class HeaderReader
{
    /// <summary>Reads a fixed family header (rtmsg, ifinfomsg, …) and returns the attributes after it.</summary>
    public static T Read<T>(ReadOnlySpan<byte> payload, string what, out ReadOnlySpan<byte> attributes) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (payload.Length < size)
            throw new NetlinkParseException($"truncated {what}: {payload.Length} bytes, {size} needed");
        attributes = payload[Interop.Nl.Align(size)..];
        return MemoryMarshal.Read<T>(payload);
    }
}
