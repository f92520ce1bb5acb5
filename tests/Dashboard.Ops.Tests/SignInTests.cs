using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Ops.Tests;

public sealed class SignInTests
{
    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string token, bool withAntiforgery = true)
    {
        var form = new Dictionary<string, string> { ["token"] = token, ["returnUrl"] = "/namespaces/host" };
        if (withAntiforgery)
        {
            var af = await client.GetFromJsonAsync<JsonElement>("/test/antiforgery");
            form[af.GetProperty("field").GetString()!] = af.GetProperty("value").GetString()!;
        }
        return await client.PostAsync("/auth/signin", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Sign_in_sets_a_cookie_that_makes_requests_operator()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client(sameOrigin: true); // a change with the cookie needs same-origin proof
        var signIn = await PostSignInAsync(client, OpsTestApp.OperatorToken);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/namespaces/host", signIn.Headers.Location!.OriginalString);
        var setCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("routedash.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(OpsTestApp.OperatorToken, setCookie);

        Assert.Equal("operator", (await client.GetFromJsonAsync<JsonElement>("/api/test/read")).GetProperty("who").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/test/mutate", null)).StatusCode);
        Assert.Equal(1, app.Changes);
    }

    [Fact]
    public async Task A_wrong_token_sets_no_cookie()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        var signIn = await PostSignInAsync(client, "not-the-operator-token-000");
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.StartsWith("/account/signin?failed=1", signIn.Headers.Location!.OriginalString);
        Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            c => c.StartsWith("routedash.auth=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/test/mutate", null)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_without_the_antiforgery_token_is_refused()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        var signIn = await PostSignInAsync(client, OpsTestApp.OperatorToken, withAntiforgery: false);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith("routedash.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rotating_the_token_ends_sessions_opened_with_the_old_one()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client(sameOrigin: true);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostSignInAsync(client, OpsTestApp.OperatorToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/test/mutate", null)).StatusCode);

        await File.WriteAllTextAsync(app.OperatorTokenFile, "a-brand-new-operator-token-000");
        app.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/test/mutate", null)).StatusCode);
        Assert.Equal(1, app.Changes);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        await PostSignInAsync(client, OpsTestApp.OperatorToken);
        var af = await client.GetFromJsonAsync<JsonElement>("/test/antiforgery");
        var signOut = await client.PostAsync("/auth/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [af.GetProperty("field").GetString()!] = af.GetProperty("value").GetString()!,
        }));
        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/test/mutate", null)).StatusCode);
    }
}
