using System.Globalization;
using System.Runtime.InteropServices;

namespace Dashboard.Server.Routing;

/// <summary>
/// A destination or source prefix as the kernel keys routes: an address and a prefix length, 18
/// bytes packed. <c>default</c> is "no prefix" (a route without RTA_SRC); the default route is
/// <see cref="Default"/> of its family (length 0).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public readonly struct IpPrefix : IEquatable<IpPrefix>, IComparable<IpPrefix>
{
    public readonly IpAddr Address;
    public readonly byte Length;

    public IpPrefix(IpAddr address, int length)
    {
        if (address.IsNone) throw new ArgumentException("a prefix needs an address");
        if ((uint)length > (uint)address.MaxPrefix)
            throw new ArgumentOutOfRangeException(nameof(length), $"prefix length {length} is outside 0..{address.MaxPrefix}");
        Address = address;
        Length = (byte)length;
    }

    public static IpPrefix Default(IpFamily family) => new(IpAddr.Any(family), 0);

    /// <summary>A host route's destination: the address with its full length.</summary>
    public static IpPrefix Host(IpAddr address) => new(address, address.MaxPrefix);

    public bool IsNone => Address.IsNone;
    public IpFamily Family => Address.Family;
    public bool IsDefault => !IsNone && Length == 0;
    public bool IsHost => !IsNone && Length == Address.MaxPrefix;

    public bool Contains(IpAddr address) =>
        !IsNone && address.Family == Family && address.Masked(Length) == Address.Masked(Length);

    /// <summary>"10.0.0.0/8", "::/0": always with the length (what the API and the CLI's JSON print).</summary>
    public override string ToString()
    {
        if (IsNone) return "";
        Span<char> text = stackalloc char[50];
        int n = Address.Format(text);
        text[n++] = '/';
        Length.TryFormat(text[n..], out int w, default, CultureInfo.InvariantCulture);
        return new string(text[..(n + w)]);
    }

    /// <summary>Parses "ADDR/LEN" or a bare address (a host prefix).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IpPrefix prefix)
    {
        prefix = default;
        int slash = text.IndexOf('/');
        if (!IpAddr.TryParse(slash < 0 ? text : text[..slash], out var address)) return false;
        int length = address.MaxPrefix;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out length)
                           || length > address.MaxPrefix))
            return false;
        prefix = new IpPrefix(address, length);
        return true;
    }

    /// <exception cref="FormatException">not a prefix.</exception>
    public static IpPrefix Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not an IP prefix such as 10.0.0.0/8 or 2001:db8::/32");

    public bool Equals(IpPrefix other) => Length == other.Length && Address.Equals(other.Address);
    public override bool Equals(object? obj) => obj is IpPrefix other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(Address, Length);
    public static bool operator ==(IpPrefix a, IpPrefix b) => a.Equals(b);
    public static bool operator !=(IpPrefix a, IpPrefix b) => !a.Equals(b);

    /// <summary>By address, then shorter first (so a default route sorts before everything of its family).</summary>
    public int CompareTo(IpPrefix other)
    {
        int c = Address.CompareTo(other.Address);
        return c != 0 ? c : Length.CompareTo(other.Length);
    }
}
