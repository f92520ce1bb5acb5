using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Security;

/// <summary>
/// Issue 9, item 2: what the real app (Program, Kestrel on 127.0.0.1) writes to its logs, captured by a
/// logger provider in the host. No token, cookie or Authorization value may appear, at any level.
/// </summary>
public sealed class LogRedactionTests : IAsyncDisposable
{
    private const string WrongToken = "wrong-token-but-still-a-secret-4242";
    private readonly InCodeBackend _backend = SampleNode.Backend();
    private readonly LogCapture _logs = new();
    private DashboardApp? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DashboardApp Start(bool everything) =>
        _app = DashboardApp.Over(_backend, more: services => _logs.AddTo(services, everything)).Start();

    private static HttpClient Client(DashboardApp app, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = new Uri(app.BaseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };

    [Fact]
    public async Task No_token_cookie_or_authorization_value_reaches_a_log_line_or_the_audit_trail_even_at_Trace()
    {
        var app = Start(everything: true);
        const string token = OperatorSetup.OperatorToken;
        var cookies = new CookieContainer();
        using var http = Client(app, cookies);

        // A browser's SignalR client: negotiate with the Authorization header, then the WebSocket with ?access_token=.
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/routes/negotiate?negotiateVersion=1");
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var negotiated = await http.SendAsync(negotiate, Ct);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        var connectionToken = (await negotiated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("connectionToken").GetString();
        var wsUrl = $"ws://127.0.0.1:{app.Port}/hubs/routes?id={connectionToken}&access_token={token}";
        var (hub, status) = await RawHubSocket.TryConnectAsync(wsUrl, origin: null, Ct);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
        await using (hub)
            Assert.False((await hub!.InvokeAsync("Subscribe", [SampleNode.PodNs], Ct)).TryGetProperty("error", out _));
        // The same token in a query string elsewhere, a wrong one in the header, and the header on a change.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/namespaces?access_token={token}", Ct)).StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/namespaces"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WrongToken);
            await http.SendAsync(wrong, Ct);
        }
        using (var migrate = new HttpRequestMessage(HttpMethod.Post, "/api/migrations"))
        {
            migrate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            migrate.Content = JsonContent.Create(new { @namespace = SampleNode.PodNs, dryRun = false });
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(migrate, Ct)).StatusCode);
        }
        // The sign-in form: the token in the body, then the session cookie on every request.
        var form = await http.GetStringAsync("/account/signin", Ct);
        var input = Regex.Match(form, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*>").Value;
        var antiforgery = Regex.Match(input, "value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(antiforgery);
        using var signIn = await http.PostAsync("/auth/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["returnUrl"] = "/", ["__RequestVerificationToken"] = antiforgery,
        }), Ct);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/audit", Ct)).StatusCode);
        var cookieValues = cookies.GetAllCookies().Select(c => c.Value).ToArray();
        Assert.Contains(cookies.GetAllCookies(), c => c.Name == "routedash.auth");

        var entries = _logs.Entries;
        var all = string.Join('\n', entries.Select(e => $"{e.Level} {e.Category}: {e.Text}"));
        // The capture saw the requests that carried the secrets, down to Trace: the redaction is what is tested.
        Assert.Contains(entries, e => e.Level == LogLevel.Trace);
        Assert.Contains(entries, e => e.Text.Contains("/hubs/routes?id=", StringComparison.Ordinal) && e.Text.Contains("access_token=", StringComparison.Ordinal));
        foreach (var secret in new[] { token, WrongToken, antiforgery }.Concat(cookieValues))
            Assert.False(all.Contains(secret, StringComparison.Ordinal),
                $"a secret ({secret[..6]}…) is in the log:\n{string.Join('\n', all.Split('\n').Where(l => l.Contains(secret, StringComparison.Ordinal)).Take(5))}");

        var audit = await File.ReadAllTextAsync(app.Node.AuditFile, Ct);
        Assert.Contains(SampleNode.PodNs, audit);
        foreach (var secret in new[] { token, WrongToken }.Concat(cookieValues))
            Assert.DoesNotContain(secret, audit);
    }

    [Fact]
    public async Task By_default_framework_request_logs_are_Warning_and_the_dashboards_own_events_Information()
    {
        var app = Start(everything: false);
        using var http = Client(app);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/namespaces", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);

        var entries = _logs.Entries;
        var chatty = entries.Where(e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level < LogLevel.Warning).ToList();
        Assert.True(chatty.Count == 0, $"framework entries below Warning:\n{string.Join('\n', chatty.Take(5).Select(e => $"{e.Level} {e.Category}: {e.Text}"))}");
        // The start-up posture is the dashboard's own, at Information: where it listens, who may read, whether changes are possible.
        var posture = Assert.Single(entries, e => e.Category.StartsWith("Dashboard.", StringComparison.Ordinal)
            && e.Level == LogLevel.Information && e.Text.Contains($"127.0.0.1:{app.Port}", StringComparison.Ordinal));
        Assert.Contains("reads:", posture.Text);
        Assert.Contains("changes:", posture.Text);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
