using Dashboard.Web.Hosting;
using Dashboard.Web.Security;

namespace Dashboard.Ops.Tests;

public sealed class ReturnUrlAndListenTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/namespaces/host?tab=routes", "/namespaces/host?tab=routes")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/ok\r\nSet-Cookie: x", "/")]
    public void Only_local_return_urls_are_followed(string? input, string expected) =>
        Assert.Equal(expected, AccountEndpoints.SafeReturnUrl(input));

    [Theory]
    [InlineData("127.0.0.1:5080", "127.0.0.1", 5080)]
    [InlineData("0.0.0.0:8080", "0.0.0.0", 8080)]
    [InlineData("[::1]:5080", "::1", 5080)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    public void Listen_addresses_parse(string text, string address, int port)
    {
        var endpoint = ListenAddress.Parse(text);
        Assert.Equal(address, endpoint.Address.ToString());
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("127.0.0.1")]
    [InlineData("::1:5080")]
    [InlineData("127.0.0.1:99999")]
    public void Bad_listen_addresses_are_refused(string text) =>
        Assert.Throws<FormatException>(() => ListenAddress.Parse(text));

    [Fact]
    public void The_default_listen_address_is_loopback() =>
        Assert.True(System.Net.IPAddress.IsLoopback(ListenAddress.Parse(new DashboardOptions().ListenAddress).Address));
}
