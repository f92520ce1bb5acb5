using System.Net;
using System.Net.Http.Headers;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.Security;

/// <summary>
/// Issue 9, item 3 at the HTTP level: hub negotiation and WebSocket upgrades carrying a foreign Origin
/// are refused with 403, for /hubs/routes and the Blazor circuit alike; clients that send no Origin
/// (not browsers) and clients with a valid bearer token keep working. The real app on 127.0.0.1.
/// </summary>
public sealed class HubOriginTests : IAsyncDisposable
{
    private const string Foreign = "http://evil.example";
    private readonly DashboardApp _app = new DashboardApp().Start();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpStatusCode> NegotiateAsync(string path, string? origin, string? bearer = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/negotiate?negotiateVersion=1");
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("/hubs/routes")]
    [InlineData("/_blazor")]
    public async Task Negotiation_from_a_foreign_origin_is_refused(string path)
    {
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(path, Foreign));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(path, $"http://127.0.0.1:{_app.Port + 1}"));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(path, "null"));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(path, _app.BaseUrl));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(path, origin: null));
    }

    [Fact]
    public async Task A_WebSocket_upgrade_from_a_foreign_origin_is_refused()
    {
        var url = $"ws://127.0.0.1:{_app.Port}/hubs/routes";
        var (refused, status) = await RawHubSocket.TryConnectAsync(url, Foreign, Ct);
        Assert.Null(refused);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        var (own, ownStatus) = await RawHubSocket.TryConnectAsync(url, _app.BaseUrl, Ct);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, ownStatus);
        await own!.DisposeAsync();
    }

    [Fact]
    public async Task A_client_with_a_valid_token_is_not_asked_for_an_origin()
    {
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync("/hubs/routes", Foreign, bearer: OperatorSetup.OperatorToken));
        var (hub, status) = await RawHubSocket.TryConnectAsync(
            $"ws://127.0.0.1:{_app.Port}/hubs/routes?access_token={OperatorSetup.OperatorToken}", Foreign, Ct);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
        await hub!.DisposeAsync();
        // A token that is not valid does not buy an exception: that page is still foreign.
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("/hubs/routes", Foreign, bearer: "not-a-valid-token-0123456789"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
