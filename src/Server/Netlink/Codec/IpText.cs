using System.Net;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>Address bytes ↔ the text iproute2 prints.</summary>
internal static class IpText
{
    public static string Format(ReadOnlySpan<byte> address, string what) => address.Length switch
    {
        4 => FormatV4(address),
        16 => new IPAddress(address).ToString(),
        _ => throw new NetlinkParseException($"{what}: address of {address.Length} bytes"),
    };

    private static string FormatV4(ReadOnlySpan<byte> a)
    {
        // Hot path of large dumps: avoids IPAddress allocation for 200k routes.
        Span<char> buf = stackalloc char[15];
        int n = 0;
        for (int i = 0; i < 4; i++)
        {
            if (i > 0) buf[n++] = '.';
            a[i].TryFormat(buf[n..], out int w);
            n += w;
        }
        return new string(buf[..n]);
    }

    public static string Cidr(ReadOnlySpan<byte> address, int prefix, IpFamily family, string what)
    {
        if (address.IsEmpty) return family == IpFamily.Inet6 ? $"::/{prefix}" : $"0.0.0.0/{prefix}";
        return string.Concat(Format(address, what), "/", prefix.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static byte[] Parse(string text, IpFamily family)
    {
        if (!IPAddress.TryParse(text, out var ip))
            throw new ArgumentException($"'{text}' is not an IP address");
        var bytes = ip.GetAddressBytes();
        if (bytes.Length != (family == IpFamily.Inet6 ? 16 : 4))
            throw new ArgumentException($"'{text}' is not an {family.Name()} address");
        return bytes;
    }

    /// <summary>Family of an address written as text.</summary>
    public static IpFamily FamilyOf(string text) => text.Contains(':') ? IpFamily.Inet6 : IpFamily.Inet;

    /// <summary>Splits "a.b.c.d/n" into address bytes and prefix length.</summary>
    public static (byte[] Address, byte Prefix) ParseCidr(string cidr, IpFamily family)
    {
        int slash = cidr.IndexOf('/');
        var addr = slash < 0 ? cidr : cidr[..slash];
        int max = family == IpFamily.Inet6 ? 128 : 32;
        int prefix = max;
        if (slash >= 0 && (!int.TryParse(cidr.AsSpan(slash + 1), out prefix) || prefix < 0 || prefix > max))
            throw new ArgumentException($"'{cidr}' has no valid prefix length");
        return (Parse(addr, family), (byte)prefix);
    }
}
