using System.Globalization;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>
/// A lookup as operators write it (addresses, device and VRF names, "0x10" marks, "tcp"), turned into
/// the kernel's values with the namespace's devices: what the CLI's and the API's parameters mean.
/// </summary>
public static class LookupNames
{
    /// <exception cref="ArgumentException">a malformed value, an unknown device, a VRF name that is not a VRF,
    /// or both a VRF and an output device (both are the output device).</exception>
    public static LookupRequest Parse(VrfTopology names, string dst, string? vrf = null, string? from = null, string? iif = null,
        string? oif = null, string? mark = null, string? ipproto = null, string? sport = null, string? dport = null)
    {
        if (vrf is not null && oif is not null) throw new ArgumentException("a VRF and an output device both set the output device: give one");
        var destination = Address(dst, "destination");
        var source = from is null ? default : Address(from, "source");
        int outDevice = 0;
        if (vrf is not null)
        {
            var link = names.LinkByName(vrf) ?? throw new ArgumentException($"Cannot find device \"{vrf}\"");
            if (!link.IsVrf) throw new ArgumentException($"\"{vrf}\" is not a VRF device");
            outDevice = link.Index;
        }
        else if (oif is not null) outDevice = Device(oif, names);
        byte? proto = null;
        if (ipproto is not null)
        {
            if (!RuleNames.TryParseIpProtocol(ipproto, out var p)) throw new ArgumentException($"unknown IP protocol \"{ipproto}\": give a name from /etc/protocols or a number");
            proto = p;
        }
        var request = new LookupRequest
        {
            Dst = destination,
            Src = source,
            Iif = iif is null ? 0 : Device(iif, names),
            Oif = outDevice,
            Mark = mark is null ? 0 : Unsigned(mark, "mark"),
            IpProto = proto,
            Sport = sport is null ? null : Port(sport, "source port"),
            Dport = dport is null ? null : Port(dport, "destination port"),
        };
        request.Validate();
        return request;
    }

    private static IpAddr Address(string text, string what) =>
        IpAddr.TryParse(text.Trim(), out var a) ? a : throw new ArgumentException($"invalid {what} address \"{text}\": give an IPv4 or IPv6 address");

    private static int Device(string name, VrfTopology names) =>
        names.LinkByName(name)?.Index ?? throw new ArgumentException($"Cannot find device \"{name}\"");

    /// <summary>As iproute2's get_unsigned (strtoul base 0): decimal, 0x hex or 0 octal.</summary>
    private static uint Unsigned(string text, string what)
    {
        var t = text.Trim();
        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
            : t.Length > 1 && t[0] == '0' ? TryOctal(t, out v)
            : uint.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        return ok ? v : throw new ArgumentException($"invalid {what} \"{text}\": give a number (decimal or 0x hex)");
    }

    private static bool TryOctal(string t, out uint value)
    {
        value = 0;
        foreach (var c in t)
        {
            if (c is < '0' or > '7' || value > uint.MaxValue / 8) return false;
            value = value * 8 + (uint)(c - '0');
        }
        return true;
    }

    private static ushort Port(string text, string what) =>
        ushort.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
            ? p : throw new ArgumentException($"invalid {what} \"{text}\": give a number from 0 to 65535");
}
