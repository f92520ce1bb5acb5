using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Web.Security;

namespace Dashboard.Ops.Tests;

public sealed class AuthRulesTests
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Anonymous_mutation_gets_401_and_changes_nothing()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        var response = await client.PostAsync("/api/test/mutate", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(401, (await ProblemAsync(response)).GetProperty("status").GetInt32());
        Assert.Equal(0, app.Changes);
    }

    [Fact]
    public async Task A_wrong_token_gets_401()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client(bearer: OpsTestApp.OperatorToken + "x");
        var response = await client.PostAsync("/api/test/mutate", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not valid", (await ProblemAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(0, app.Changes);
    }

    [Fact]
    public async Task Viewer_mutation_gets_403_and_changes_nothing()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client(bearer: OpsTestApp.ViewerToken);
        var read = await client.GetFromJsonAsync<JsonElement>("/api/test/read");
        Assert.Equal("viewer-token", read.GetProperty("who").GetString());
        var response = await client.PostAsync("/api/test/mutate", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(OperatorRequirementHandler.NotOperatorReason, (await ProblemAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(0, app.Changes);
    }

    [Fact]
    public async Task Operator_bearer_may_mutate()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client(bearer: OpsTestApp.OperatorToken);
        var response = await client.PostAsync("/api/test/mutate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, app.Changes);
    }

    [Fact]
    public async Task Anonymous_may_read_by_default_but_not_when_switched_off()
    {
        await using (var app = await OpsTestApp.StartAsync())
        {
            using var client = app.Client();
            Assert.Equal("anonymous", (await client.GetFromJsonAsync<JsonElement>("/api/test/read")).GetProperty("who").GetString());
        }
        await using (var app = await OpsTestApp.StartAsync(anonymousRead: false))
        {
            using var anonymous = app.Client();
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/test/read")).StatusCode);
            using var viewer = app.Client(bearer: OpsTestApp.ViewerToken);
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/test/read")).StatusCode);
        }
    }

    [Fact]
    public async Task Read_only_switch_refuses_even_the_operator_with_the_reason()
    {
        await using var app = await OpsTestApp.StartAsync(readOnly: true);
        foreach (var bearer in new[] { OpsTestApp.OperatorToken, null })
        {
            using var client = app.Client(bearer);
            var response = await client.PostAsync("/api/test/mutate", null);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(OperatorRequirementHandler.ReadOnlyReason, (await ProblemAsync(response)).GetProperty("detail").GetString());
        }
        Assert.Equal(0, app.Changes);
        using var reader = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/test/read")).StatusCode);
    }

    [Fact]
    public async Task Without_an_operator_credential_the_dashboard_is_read_only()
    {
        await using var app = await OpsTestApp.StartAsync(operatorToken: false);
        using var client = app.Client(bearer: OpsTestApp.OperatorToken);
        var response = await client.PostAsync("/api/test/mutate", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(OperatorRequirementHandler.NoCredentialReason, (await ProblemAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(0, app.Changes);
    }

    [Fact]
    public async Task Hub_paths_take_the_token_from_the_query_and_api_paths_do_not()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        var token = Uri.EscapeDataString(OpsTestApp.OperatorToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/hubs/test?access_token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/hubs/test?access_token=wrong-token-000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/test/mutate?access_token={token}", null)).StatusCode);
        Assert.Equal(0, app.Changes);
    }

    [Fact]
    public async Task Mutations_are_rate_limited()
    {
        await using var app = await OpsTestApp.StartAsync(mutationsPerMinute: 3);
        using var client = app.Client(bearer: OpsTestApp.OperatorToken);
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/test/mutate", null)).StatusCode);
        var limited = await client.PostAsync("/api/test/mutate", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(429, (await ProblemAsync(limited)).GetProperty("status").GetInt32());
        Assert.Equal(3, app.Changes);
        // Reads are not limited.
        for (int i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/test/read")).StatusCode);
    }

    [Fact]
    public async Task A_browser_that_is_not_signed_in_is_sent_to_the_sign_in_page()
    {
        await using var app = await OpsTestApp.StartAsync(anonymousRead: false);
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/page");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(AccountEndpoints.SignInPage, response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Ftest%2Fpage", response.Headers.Location.Query);
    }
}
