using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace Dashboard.Server.Routing;

/// <summary>
/// An IPv4 or IPv6 address as the kernel sends it: the address bytes (big-endian, in two 64-bit
/// halves) and the family, 17 bytes packed. A value, not an <see cref="IPAddress"/> (a 40-byte heap
/// object): a 200,000-route table holds four of these per route. <c>default</c> is "no address".
/// Text is made only when printing, in inet_ntop's form (what iproute2 prints).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public readonly struct IpAddr : IEquatable<IpAddr>, IComparable<IpAddr>
{
    // IPv4 lives in the low 32 bits of _lo; IPv6 is bytes 0..7 in _hi and 8..15 in _lo, both big-endian,
    // so comparing (_hi, _lo) orders addresses as numbers.
    private readonly ulong _hi;
    private readonly ulong _lo;
    public readonly IpFamily Family;

    private IpAddr(IpFamily family, ulong hi, ulong lo)
    {
        Family = family;
        _hi = hi;
        _lo = lo;
    }

    public static readonly IpAddr None = default;
    public static readonly IpAddr AnyV4 = new(IpFamily.Inet, 0, 0);
    public static readonly IpAddr AnyV6 = new(IpFamily.Inet6, 0, 0);

    public bool IsNone => Family == 0;
    public int Length => Family == IpFamily.Inet6 ? 16 : Family == IpFamily.Inet ? 4 : 0;
    public int MaxPrefix => Family == IpFamily.Inet6 ? 128 : 32;

    public static IpAddr V4(uint value) => new(IpFamily.Inet, 0, value);

    /// <summary>The address of <paramref name="bytes"/> (4 or 16 of them, network order).</summary>
    /// <exception cref="ArgumentException">another length.</exception>
    public static IpAddr FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        4 => new IpAddr(IpFamily.Inet, 0, BinaryPrimitives.ReadUInt32BigEndian(bytes)),
        16 => new IpAddr(IpFamily.Inet6, BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..])),
        _ => throw new ArgumentException($"an address has 4 or 16 bytes, not {bytes.Length}"),
    };

    /// <summary>The all-zero address of a family (the base of a default route).</summary>
    public static IpAddr Any(IpFamily family) => family == IpFamily.Inet6 ? AnyV6 : AnyV4;

    /// <summary>Writes the address's bytes (network order) and returns how many.</summary>
    public int WriteBytes(Span<byte> destination)
    {
        if (Family == IpFamily.Inet6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, _hi);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _lo);
            return 16;
        }
        if (Family == IpFamily.Inet)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_lo);
            return 4;
        }
        return 0;
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>The first <paramref name="length"/> bits, the rest cleared.</summary>
    public IpAddr Masked(int length)
    {
        if (Family == IpFamily.Inet)
        {
            uint mask = length <= 0 ? 0 : length >= 32 ? uint.MaxValue : uint.MaxValue << (32 - length);
            return new IpAddr(Family, 0, _lo & mask);
        }
        ulong hiMask = length <= 0 ? 0 : length >= 64 ? ulong.MaxValue : ulong.MaxValue << (64 - length);
        ulong loMask = length <= 64 ? 0 : length >= 128 ? ulong.MaxValue : ulong.MaxValue << (128 - length);
        return new IpAddr(Family, _hi & hiMask, _lo & loMask);
    }

    /// <summary>fe80::/10.</summary>
    public bool IsIPv6LinkLocal => Family == IpFamily.Inet6 && (_hi >> 54) == 0x3FA;

    /// <summary>ff00::/8.</summary>
    public bool IsIPv6Multicast => Family == IpFamily.Inet6 && (_hi >> 56) == 0xFF;

    /// <summary>127.0.0.0/8 and ::1.</summary>
    public bool IsLoopback => Family == IpFamily.Inet ? (_lo >> 24) == 127 : Family == IpFamily.Inet6 && _hi == 0 && _lo == 1;

    /// <summary>The 128 bits as one number (IPv4: its 32 bits), for ordering across a table.</summary>
    public UInt128 Value => new(_hi, _lo);

    public IPAddress ToIPAddress() => IsNone ? throw new InvalidOperationException("no address") : new IPAddress(ToBytes());

    public static IpAddr From(IPAddress address) => FromBytes(address.GetAddressBytes());

    /// <summary>
    /// Parses an IPv4 or IPv6 literal as inet_pton does (no zone, no prefix, no brackets). IPAddress
    /// also takes inet_aton's shorthand ("10" is 0.0.0.10, "010.0.0.1" is octal 8.0.0.1), which would
    /// silently misread what an operator means by `10/8`: IPv4 must be four decimal octets as written.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IpAddr address)
    {
        address = default;
        if (text.IsEmpty || text.IndexOfAny('%', '[') >= 0) return false;
        if (!IPAddress.TryParse(text, out var ip)) return false;
        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !text.SequenceEqual(ip.ToString())) return false;
        address = From(ip);
        return true;
    }

    /// <exception cref="FormatException">not an address.</exception>
    public static IpAddr Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not an IP address");

    public override string ToString()
    {
        if (IsNone) return "";
        Span<char> buffer = stackalloc char[46];
        return new string(buffer[..Format(buffer)]);
    }

    /// <summary>Writes inet_ntop's text into <paramref name="destination"/> (at least 46 chars) and returns its length.</summary>
    public int Format(Span<char> destination) => Family switch
    {
        IpFamily.Inet => FormatV4((uint)_lo, destination),
        IpFamily.Inet6 => FormatV6(destination),
        _ => 0,
    };

    private static int FormatV4(uint v, Span<char> d)
    {
        int n = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            if (shift != 24) d[n++] = '.';
            ((byte)(v >> shift)).TryFormat(d[n..], out int w, default, CultureInfo.InvariantCulture);
            n += w;
        }
        return n;
    }

    /// <summary>
    /// RFC 5952 as glibc's inet_ntop writes it: lowercase hex, the longest run of two or more zero
    /// words (the first of equal runs) as "::", and the last 32 bits as a dotted quad for IPv4-mapped
    /// (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses.
    /// </summary>
    private int FormatV6(Span<char> d)
    {
        Span<ushort> w = stackalloc ushort[8];
        for (int i = 0; i < 4; i++)
        {
            w[i] = (ushort)(_hi >> (48 - 16 * i));
            w[4 + i] = (ushort)(_lo >> (48 - 16 * i));
        }
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8;)
        {
            if (w[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && w[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        if (bestLen < 2) bestStart = -1;
        int n = 0;
        for (int i = 0; i < 8; i++)
        {
            if (bestStart >= 0 && i >= bestStart && i < bestStart + bestLen)
            {
                if (i == bestStart) d[n++] = ':';
                continue;
            }
            if (i != 0) d[n++] = ':';
            if (i == 6 && bestStart == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)))
                return n + FormatV4((uint)_lo, d[n..]);
            w[i].TryFormat(d[n..], out int written, "x", CultureInfo.InvariantCulture);
            n += written;
        }
        if (bestStart >= 0 && bestStart + bestLen == 8) d[n++] = ':';
        return n;
    }

    public bool Equals(IpAddr other) => Family == other.Family && _hi == other._hi && _lo == other._lo;
    public override bool Equals(object? obj) => obj is IpAddr other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(Family, _hi, _lo);
    public static bool operator ==(IpAddr a, IpAddr b) => a.Equals(b);
    public static bool operator !=(IpAddr a, IpAddr b) => !a.Equals(b);

    public int CompareTo(IpAddr other)
    {
        int c = Family.CompareTo(other.Family);
        if (c == 0) c = _hi.CompareTo(other._hi);
        return c != 0 ? c : _lo.CompareTo(other._lo);
    }
}
