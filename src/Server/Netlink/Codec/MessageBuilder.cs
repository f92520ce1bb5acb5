using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Dashboard.Server.Netlink.Interop;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Builds one netlink request: header, family header, attributes (nested where needed).</summary>
internal sealed class MessageBuilder
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public MessageBuilder(ushort type, ushort flags)
    {
        _length = Nl.HeaderSize;
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(6), flags);
    }

    public MessageBuilder Header<T>(T header) where T : unmanaged
    {
        int size = Marshal.SizeOf<T>();
        var span = Reserve(Nl.Align(size));
        MemoryMarshal.Write(span, in header);
        return this;
    }

    public MessageBuilder Attr(ushort type, ReadOnlySpan<byte> payload)
    {
        int len = 4 + payload.Length;
        var span = Reserve(Nl.Align(len));
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)len);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        payload.CopyTo(span[4..]);
        return this;
    }

    public MessageBuilder U32(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return Attr(type, b);
    }

    public MessageBuilder U8(ushort type, byte value) => Attr(type, [value]);

    /// <summary>Starts a nested attribute; returns the offset to pass to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        Reserve(4);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start + 2), type);
        return start;
    }

    public void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)(_length - start));

    /// <summary>Writes raw bytes (a struct rtnexthop inside RTA_MULTIPATH, say) and returns their offset.</summary>
    public int Raw<T>(T value) where T : unmanaged
    {
        int start = _length;
        MemoryMarshal.Write(Reserve(Nl.Align(Marshal.SizeOf<T>())), in value);
        return start;
    }

    /// <summary>Patches the 16-bit length at <paramref name="offset"/> to cover everything since.</summary>
    public void PatchLength16(int offset) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(offset), (ushort)(_length - offset));

    public int Length => _length;

    /// <summary>The finished message with its sequence number; port id 0 addresses the kernel.</summary>
    public byte[] Build(uint seq)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(8), seq);
        return _buffer.AsSpan(0, _length).ToArray();
    }

    private Span<byte> Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        var span = _buffer.AsSpan(_length, bytes);
        span.Clear();
        _length += bytes;
        return span;
    }
}
