using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Routing;

/// <summary>
/// IpAddr prints what iproute2 prints, so its text must be glibc's inet_ntop byte for byte. The
/// expected strings below were checked against Python's socket.inet_ntop (glibc) on these machines;
/// the inputs are raw bytes, so formatting is tested apart from parsing.
/// </summary>
public sealed class IpAddrTests
{
    private static IpAddr FromHex(string hex) => IpAddr.FromBytes(Convert.FromHexString(hex));

    [Theory]
    [InlineData("00000000000000000000000000000000", "::")]
    [InlineData("00000000000000000000000000000001", "::1")]
    [InlineData("20010db8000000000000000000000001", "2001:db8::1")]
    [InlineData("fe800000000000000000000000000001", "fe80::1")]
    [InlineData("fe800000000000000000000000000000", "fe80::")]
    [InlineData("00010000000000000000000000000000", "1::")]
    // IPv4-mapped and IPv4-compatible addresses end in a dotted quad...
    [InlineData("00000000000000000000ffff01020304", "::ffff:1.2.3.4")]
    [InlineData("00000000000000000000ffff00000000", "::ffff:0.0.0.0")]
    [InlineData("00000000000000000000000001020304", "::1.2.3.4")]
    [InlineData("00000000000000000000000000020003", "::0.2.0.3")]
    // ...but only when exactly the first 96 bits are the zero run (glibc's rule): these are hex.
    [InlineData("00000000000000000000000000000002", "::2")]
    [InlineData("0000000000000000000000000000ffff", "::ffff")]
    [InlineData("00000000000000000000fffe01020304", "::fffe:102:304")]
    [InlineData("00000000000000000000000100000000", "::1:0:0")]
    // The longest zero run is compressed; of equal runs, the first.
    [InlineData("00010000000000010000000000000001", "1:0:0:1::1")]
    [InlineData("00010000000000020000000000000003", "1:0:0:2::3")]
    [InlineData("00010000000000010000000000010001", "1::1:0:0:1:1")]
    [InlineData("00000000000100000000000100000000", "::1:0:0:1:0:0")]
    // A single zero word is never compressed.
    [InlineData("20010db8000000010001000100010001", "2001:db8:0:1:1:1:1:1")]
    [InlineData("00010002000300040005000600070000", "1:2:3:4:5:6:7:0")]
    [InlineData("00000001000200030004000500060007", "0:1:2:3:4:5:6:7")]
    [InlineData("ff0200000000000000000001ff000001", "ff02::1:ff00:1")]
    [InlineData("20010db8ffffffff8000000000000000", "2001:db8:ffff:ffff:8000::")]
    public void Ipv6_text_is_glibc_inet_ntop(string hex, string text)
    {
        var a = FromHex(hex);

        Assert.Equal(IpFamily.Inet6, a.Family);
        Assert.Equal(text, a.ToString());
        // The span form writes the same characters (it is what the printers use).
        Span<char> buffer = stackalloc char[46];
        Assert.Equal(text, new string(buffer[..a.Format(buffer)]));
        // And the text reads back as the same address.
        Assert.Equal(a, IpAddr.Parse(text));
    }

    [Theory]
    [InlineData("00000000", "0.0.0.0")]
    [InlineData("0a000001", "10.0.0.1")]
    [InlineData("c0a80101", "192.168.1.1")]
    [InlineData("ffffffff", "255.255.255.255")]
    public void Ipv4_text_is_a_dotted_quad(string hex, string text)
    {
        var a = FromHex(hex);
        Assert.Equal((IpFamily.Inet, text), (a.Family, a.ToString()));
        Assert.Equal(a, IpAddr.Parse(text));
    }

    [Theory]
    [InlineData("2001:DB8::1", "2001:db8::1")]
    [InlineData("2001:db8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("FE80:0::1", "fe80::1")]
    [InlineData("0:0:0:0:0:ffff:102:304", "::ffff:1.2.3.4")]
    public void Any_spelling_parses_to_the_one_address(string spelling, string canonical)
    {
        // What RouteComparer's "canonical form" test used to check: addresses are values now.
        var a = IpAddr.Parse(spelling);
        Assert.Equal(IpAddr.Parse(canonical), a);
        Assert.Equal(IpAddr.Parse(canonical).GetHashCode(), a.GetHashCode());
        Assert.Equal(canonical, a.ToString());
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("2001:db8:1::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Bytes_round_trip_in_network_order(string text)
    {
        var a = IpAddr.Parse(text);
        var bytes = a.ToBytes();
        Assert.Equal(System.Net.IPAddress.Parse(text).GetAddressBytes(), bytes);
        Assert.Equal(a.Length, bytes.Length);
        Assert.Equal(a, IpAddr.FromBytes(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("fe80::1%eth0")] // a zone is not part of a route's address
    [InlineData("10.0.0.0/8")]
    [InlineData("2001:db8::g")]
    [InlineData("default")]
    [InlineData("[::1]")]
    [InlineData("[::1]:80")]
    // inet_aton's shorthand, which inet_pton refuses: "10" would be 0.0.0.10, "010" octal 8.
    [InlineData("10")]
    [InlineData("1.2.3")]
    [InlineData("010.0.0.1")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("10.0.0.256")]
    public void Non_addresses_are_refused(string text)
    {
        Assert.False(IpAddr.TryParse(text, out var a));
        Assert.True(a.IsNone);
        Assert.Throws<FormatException>(() => IpAddr.Parse(text));
    }

    [Fact]
    public void Default_is_no_address()
    {
        IpAddr none = default;
        Assert.True(none.IsNone);
        Assert.Equal((0, "", 0), (none.Length, none.ToString(), none.ToBytes().Length));
        Assert.Equal(IpAddr.None, none);
        Assert.NotEqual(IpAddr.AnyV4, none); // 0.0.0.0 is an address, not the absence of one
        Assert.Throws<ArgumentException>(() => IpAddr.FromBytes(new byte[5]));
    }

    [Theory]
    [InlineData("10.1.2.3", 8, "10.0.0.0")]
    [InlineData("10.1.2.3", 0, "0.0.0.0")]
    [InlineData("10.1.2.3", 31, "10.1.2.2")]
    [InlineData("10.1.2.3", 32, "10.1.2.3")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 0, "::")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 33, "2001:db8:8000::")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 64, "2001:db8:ffff:ffff::")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 65, "2001:db8:ffff:ffff:8000::")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 127, "2001:db8:ffff:ffff:ffff:ffff:ffff:fffe")]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 128, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void Masked_keeps_the_first_bits(string address, int length, string masked) =>
        Assert.Equal(IpAddr.Parse(masked), IpAddr.Parse(address).Masked(length));

    [Fact]
    public void Addresses_order_as_numbers_and_ipv4_before_ipv6()
    {
        // Text order would put "10.0.0.0" before "9.0.0.0" and "2001:db8::10" before "2001:db8::2".
        string[] shuffled = ["2001:db8::10", "10.0.0.0", "fe80::1", "9.0.0.0", "2001:db8::2", "::", "255.0.0.0", "0.0.0.0"];
        var sorted = shuffled.Select(IpAddr.Parse).Order().Select(a => a.ToString());
        Assert.Equal(["0.0.0.0", "9.0.0.0", "10.0.0.0", "255.0.0.0", "::", "2001:db8::2", "2001:db8::10", "fe80::1"], sorted);
    }

    [Fact]
    public void An_ipv4_address_and_its_mapped_ipv6_form_differ()
    {
        // A route's gateway of the other family (RTA_VIA) must not compare equal to one of its own.
        Assert.NotEqual(IpAddr.Parse("10.0.0.1"), IpAddr.Parse("::ffff:10.0.0.1"));
        Assert.NotEqual(0, IpAddr.Parse("10.0.0.1").CompareTo(IpAddr.Parse("::ffff:10.0.0.1")));
    }

    [Theory]
    [InlineData("fe80::1", true, false, false)]
    [InlineData("febf:ffff::1", true, false, false)]
    [InlineData("fec0::1", false, false, false)]
    [InlineData("ff02::1", false, true, false)]
    [InlineData("::1", false, false, true)]
    [InlineData("127.0.0.53", false, false, true)]
    [InlineData("10.0.0.1", false, false, false)]
    public void Address_classes(string text, bool linkLocal, bool multicast, bool loopback)
    {
        var a = IpAddr.Parse(text);
        Assert.Equal((linkLocal, multicast, loopback), (a.IsIPv6LinkLocal, a.IsIPv6Multicast, a.IsLoopback));
    }
}
