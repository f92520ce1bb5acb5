using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Ops.Tests;

/// <summary>
/// Issue 9, item 3 on a real Kestrel: only allowed host names are served (DNS rebinding), and a change
/// made with the sign-in cookie needs same-origin proof (the Origin header, or the antiforgery header
/// when a client sends no Origin). Bearer-token clients are not asked for either.
/// </summary>
public sealed class SameOriginTests
{
    private const string Foreign = "http://evil.example";

    private static async Task<HttpStatusCode> GetWithHostAsync(OpsTestApp app, string host)
    {
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/test/read");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Only_loopback_names_are_served_by_default()
    {
        await using var app = await OpsTestApp.StartAsync();
        int port = app.BaseAddress.Port;
        Assert.Equal(HttpStatusCode.OK, await GetWithHostAsync(app, $"127.0.0.1:{port}"));
        Assert.Equal(HttpStatusCode.OK, await GetWithHostAsync(app, $"localhost:{port}"));
        Assert.Equal(HttpStatusCode.OK, await GetWithHostAsync(app, $"[::1]:{port}"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetWithHostAsync(app, $"evil.example:{port}"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetWithHostAsync(app, $"10.1.2.3:{port}"));
    }

    [Fact]
    public async Task Dashboard_AllowedHosts_adds_a_node_address_or_an_ingress_name()
    {
        await using var app = await OpsTestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Dashboard:AllowedHosts"] = "routedash.example.org; 10.1.2.3",
        });
        int port = app.BaseAddress.Port;
        Assert.Equal(HttpStatusCode.OK, await GetWithHostAsync(app, "routedash.example.org"));
        Assert.Equal(HttpStatusCode.OK, await GetWithHostAsync(app, $"10.1.2.3:{port}"));
        Assert.Equal(HttpStatusCode.OK, await GetWithHostAsync(app, $"127.0.0.1:{port}")); // port-forwards keep working
        Assert.Equal(HttpStatusCode.BadRequest, await GetWithHostAsync(app, "evil.example"));
    }

    private static async Task<HttpClient> SignedInAsync(OpsTestApp app)
    {
        var client = app.Client();
        var af = await client.GetFromJsonAsync<JsonElement>("/test/antiforgery");
        var form = new Dictionary<string, string>
        {
            ["token"] = OpsTestApp.OperatorToken, ["returnUrl"] = "/",
            [af.GetProperty("field").GetString()!] = af.GetProperty("value").GetString()!,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/signin") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.SeeOther, (await client.SendAsync(request)).StatusCode);
        return client;
    }

    private static async Task<HttpStatusCode> MutateAsync(HttpClient client, string? origin, (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/test/mutate");
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (header is { } h) request.Headers.Add(h.Name, h.Value);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Forbidden)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_cookie_authenticated_change_needs_same_origin_proof()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = await SignedInAsync(app);
        var own = app.BaseAddress.GetLeftPart(UriPartial.Authority);

        Assert.Equal(HttpStatusCode.Forbidden, await MutateAsync(client, Foreign));
        Assert.Equal(HttpStatusCode.Forbidden, await MutateAsync(client, $"http://127.0.0.1:{app.BaseAddress.Port + 1}")); // same site, other origin
        Assert.Equal(HttpStatusCode.Forbidden, await MutateAsync(client, "null"));
        Assert.Equal(HttpStatusCode.Forbidden, await MutateAsync(client, origin: null)); // no proof at all
        Assert.Equal(0, app.Changes);

        Assert.Equal(HttpStatusCode.OK, await MutateAsync(client, own));
        // Without an Origin (some clients send none), the antiforgery token as a header proves the same.
        var af = await client.GetFromJsonAsync<JsonElement>("/test/antiforgery");
        Assert.Equal(HttpStatusCode.OK, await MutateAsync(client, origin: null, ("RequestVerificationToken", af.GetProperty("value").GetString()!)));
        Assert.Equal(HttpStatusCode.Forbidden, await MutateAsync(client, origin: null, ("RequestVerificationToken", "forged")));
        Assert.Equal(2, app.Changes);
    }

    [Fact]
    public async Task Bearer_token_clients_need_no_origin_proof()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client(bearer: OpsTestApp.OperatorToken);
        Assert.Equal(HttpStatusCode.OK, await MutateAsync(client, origin: null));
        Assert.Equal(HttpStatusCode.OK, await MutateAsync(client, Foreign));
        Assert.Equal(2, app.Changes);
    }
}
