using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Routing;

public sealed class IpPrefixTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0", 8)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0)]
    [InlineData("2001:db8::/32", "2001:db8::", 32)]
    [InlineData("::/0", "::", 0)]
    [InlineData("10.1.2.3", "10.1.2.3", 32)] // a bare address is a host prefix
    [InlineData("2001:db8::1", "2001:db8::1", 128)]
    public void Parse_reads_address_and_length(string text, string address, int length)
    {
        var p = IpPrefix.Parse(text);
        Assert.Equal((IpAddr.Parse(address), (byte)length), (p.Address, p.Length));
        Assert.Equal(p.Address.Family, p.Family);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("10.1.2.3", "10.1.2.3/32")]
    [InlineData("::", "::/128")]
    [InlineData("2001:DB8:0::/32", "2001:db8::/32")]
    [InlineData("::/0", "::/0")]
    public void Text_always_has_the_length_and_canonical_address(string text, string printed)
    {
        // The API and the CLI's JSON print CIDR; `ip route`'s "default" and bare hosts are RouteText's.
        var p = IpPrefix.Parse(text);
        Assert.Equal(printed, p.ToString());
        Assert.Equal(p, IpPrefix.Parse(printed));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/8x")]
    [InlineData("/8")]
    [InlineData("")]
    [InlineData("default")]
    [InlineData("10/8")] // `ip route` reads 10.0.0.0/8 here; refusing beats reading 0.0.0.10/8
    public void Malformed_prefixes_are_refused(string text)
    {
        Assert.False(IpPrefix.TryParse(text, out var p));
        Assert.True(p.IsNone);
        Assert.Throws<FormatException>(() => IpPrefix.Parse(text));
    }

    [Fact]
    public void Constructor_refuses_no_address_and_lengths_past_the_family()
    {
        Assert.Throws<ArgumentException>(() => new IpPrefix(default, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IpPrefix(IpAddr.Parse("10.0.0.0"), 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IpPrefix(IpAddr.Parse("::"), -1));
        Assert.Equal(128, new IpPrefix(IpAddr.Parse("::1"), 128).Length);
    }

    [Fact]
    public void Default_and_host_prefixes()
    {
        Assert.Equal(IpPrefix.Parse("::/0"), IpPrefix.Default(IpFamily.Inet6));
        Assert.Equal(IpPrefix.Parse("0.0.0.0/0"), IpPrefix.Default(IpFamily.Inet));
        Assert.True(IpPrefix.Default(IpFamily.Inet6).IsDefault);
        Assert.False(IpPrefix.Parse("::/1").IsDefault);
        Assert.True(IpPrefix.Host(IpAddr.Parse("10.0.0.1")).IsHost);
        Assert.False(IpPrefix.Parse("10.0.0.0/31").IsHost);
        // "No prefix" (a route without RTA_SRC) is neither a default nor a host route.
        IpPrefix none = default;
        Assert.Equal((true, false, false, ""), (none.IsNone, none.IsDefault, none.IsHost, none.ToString()));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.0.1", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("10.0.0.0/31", "10.0.0.1", true)]
    [InlineData("10.0.0.0/32", "10.0.0.1", false)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)] // never across families
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::/1", "8000::1", false)]
    [InlineData("8000::/1", "8000::1", true)]
    [InlineData("2001:db8::/64", "2001:db8::ffff:1", true)]
    [InlineData("2001:db8::/64", "2001:db8:0:1::1", false)]
    public void Contains_by_the_first_length_bits(string prefix, string address, bool contains) =>
        Assert.Equal(contains, IpPrefix.Parse(prefix).Contains(IpAddr.Parse(address)));

    [Fact]
    public void Prefixes_order_by_address_then_shorter_first()
    {
        string[] shuffled = ["2001:db8::/48", "::/1", "10.0.0.0/16", "::/0", "9.0.0.0/8", "10.0.0.0/8", "2001:db8::/32", "0.0.0.0/0"];
        var sorted = shuffled.Select(IpPrefix.Parse).Order().Select(p => p.ToString());
        Assert.Equal(["0.0.0.0/0", "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "::/0", "::/1", "2001:db8::/32", "2001:db8::/48"], sorted);
    }

    [Fact]
    public void Equal_prefixes_need_the_same_length()
    {
        Assert.NotEqual(IpPrefix.Parse("10.0.0.0/8"), IpPrefix.Parse("10.0.0.0/16"));
        Assert.True(IpPrefix.Parse("2001:db8::/32") == IpPrefix.Parse("2001:0db8:0000::/32"));
        Assert.True(IpPrefix.Parse("::/0") != IpPrefix.Parse("0.0.0.0/0"));
    }
}
