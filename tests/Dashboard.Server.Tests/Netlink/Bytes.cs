using System.Buffers.Binary;
using System.Net;

namespace Dashboard.Server.Tests.Netlink;

/// <summary>
/// A tiny little-endian byte writer for hand-built netlink buffers. Written apart from the codec's
/// MessageBuilder on purpose, so a test never uses the code under test to make its input.
/// </summary>
internal sealed class Bytes
{
    private readonly List<byte> _b = [];

    public int Length => _b.Count;

    public Bytes U8(byte v) { _b.Add(v); return this; }

    public Bytes U16(ushort v)
    {
        Span<byte> s = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(s, v);
        _b.AddRange(s);
        return this;
    }

    public Bytes U32(uint v)
    {
        Span<byte> s = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(s, v);
        _b.AddRange(s);
        return this;
    }

    public Bytes I32(int v) => U32(unchecked((uint)v));

    public Bytes Raw(ReadOnlySpan<byte> bytes) { _b.AddRange(bytes); return this; }

    /// <summary>Zero bytes up to the next multiple of 4 (NLMSG_ALIGN / RTA_ALIGN).</summary>
    public Bytes Pad()
    {
        while (_b.Count % 4 != 0) _b.Add(0);
        return this;
    }

    /// <summary>An rtattr: u16 length (header + payload, unpadded), u16 type, payload, padding.</summary>
    public Bytes Attr(ushort type, ReadOnlySpan<byte> payload)
    {
        U16((ushort)(4 + payload.Length)).U16(type).Raw(payload);
        return Pad();
    }

    public Bytes Attr(ushort type, Bytes nested) => Attr(type, nested.ToArray());
    public Bytes AttrU32(ushort type, uint v) => Attr(type, new Bytes().U32(v).ToArray());
    public Bytes AttrU8(ushort type, byte v) => Attr(type, [v]);
    public Bytes AttrIp(ushort type, string ip) => Attr(type, Ip(ip));
    public Bytes AttrString(ushort type, string s) => Attr(type, [.. System.Text.Encoding.UTF8.GetBytes(s), 0]);

    public byte[] ToArray() => [.. _b];

    public static byte[] Ip(string text) => IPAddress.Parse(text).GetAddressBytes();

    /// <summary>struct nlmsghdr + payload; nlmsg_len counts the unpadded payload, the buffer is padded.</summary>
    public static byte[] Message(ushort type, ushort flags, ReadOnlySpan<byte> payload, uint seq = 1, uint pid = 0) =>
        new Bytes().U32((uint)(16 + payload.Length)).U16(type).U16(flags).U32(seq).U32(pid).Raw(payload).Pad().ToArray();

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
