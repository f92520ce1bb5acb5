using System.Buffers.Binary;
using System.Text;
using Dashboard.Server.Netlink.Interop;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Walks a run of rtattr/nlattr TLVs, checking every length against what is left.</summary>
internal ref struct AttributeReader(ReadOnlySpan<byte> attributes, string context)
{
    private const ushort TypeMask = 0x3fff; // drops NLA_F_NESTED and NLA_F_NET_BYTEORDER
    private ReadOnlySpan<byte> _rest = attributes;
    private readonly string _context = context;

    public bool Next(out ushort type, out ReadOnlySpan<byte> payload)
    {
        type = 0;
        payload = default;
        if (_rest.Length < 4)
        {
            if (_rest.IsEmpty) return false;
            // The kernel pads to 4 bytes; fewer than 4 bytes left cannot hold an attribute.
            throw new NetlinkParseException($"{_context}: {_rest.Length} stray bytes after the last attribute");
        }
        ushort len = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]) & TypeMask);
        if (len < 4)
            throw new NetlinkParseException($"{_context}: attribute {type} has length {len}, shorter than its header");
        if (len > _rest.Length)
            throw new NetlinkParseException($"{_context}: attribute {type} has length {len}, past the end ({_rest.Length} bytes left)");
        payload = _rest[4..len];
        _rest = _rest[Math.Min(Nl.Align(len), _rest.Length)..];
        return true;
    }

    public static uint U32(ReadOnlySpan<byte> p, string what) =>
        p.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(p)
            : throw new NetlinkParseException($"{what}: {p.Length} bytes, 4 needed");

    public static byte U8(ReadOnlySpan<byte> p, string what) =>
        p.Length >= 1 ? p[0] : throw new NetlinkParseException($"{what}: empty attribute");

    /// <summary>A NUL-terminated string attribute (the terminator is optional).</summary>
    public static string String(ReadOnlySpan<byte> p)
    {
        int nul = p.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? p[..nul] : p);
    }
}
