using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Api;

/// <summary>
/// The REST API of the real app (Program as a node runs it: real socket, real namespace catalog and
/// rtnetlink reader, real authorization) against a namespace made with `ip`, compared with what
/// `ip -j` says about it. Needs root.
/// </summary>
public sealed class ApiFunctionalTests : IAsyncLifetime
{
    private TestNamespace? _ns;
    private DashboardApp? _app;
    private HttpClient? _http;

    public ValueTask InitializeAsync()
    {
        if (!Shell.IsRoot) return ValueTask.CompletedTask;
        _ns = TestNamespace.WithSampleRoutes();
        _app = new DashboardApp().Start();
        _http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        return ValueTask.CompletedTask;
    }

    private static void NeedRoot()
    {
        if (!Shell.IsRoot) Assert.Skip("creating network namespaces needs root");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http!.GetAsync(path, Ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private JsonElement[] IpJson(params string[] args) =>
        JsonDocument.Parse(_ns!.Ip(["-j", .. args])).RootElement.EnumerateArray().ToArray();

    /// <summary>GET with the expected status; an error is ProblemDetails.</summary>
    private async Task Status(HttpStatusCode expected, string path)
    {
        using var r = await _http!.GetAsync(path, Ct);
        Assert.True(expected == r.StatusCode, $"GET {path}: expected {(int)expected}, got {(int)r.StatusCode}");
        if (expected != HttpStatusCode.OK)
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> IdAsync()
    {
        var list = await GetJsonAsync("/api/namespaces");
        return list.EnumerateArray().Single(n => n.GetProperty("name").GetString() == _ns!.Name).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task The_namespace_is_listed_with_its_links()
    {
        NeedRoot();
        var list = await GetJsonAsync("/api/namespaces");
        var mine = Assert.Single(list.EnumerateArray(), n => n.GetProperty("name").GetString() == _ns!.Name);
        Assert.Equal("named", mine.GetProperty("kind").GetString());
        Assert.Equal($"/run/netns/{_ns!.Name}", mine.GetProperty("path").GetString());
        Assert.Contains(list.EnumerateArray(), n => n.GetProperty("id").GetString() == "host");

        var detail = await GetJsonAsync($"/api/namespaces/{await IdAsync()}");
        var links = detail.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("name").GetString()).Order().ToArray();
        Assert.Equal(IpJson("link", "show").Select(l => l.GetProperty("ifname").GetString()).Order().ToArray(), links);
    }

    [Fact]
    public async Task Routes_are_what_ip_shows_for_the_namespace()
    {
        NeedRoot();
        var id = await IdAsync();
        // IPv6 link-local and multicast routes appear shortly after links come up: compare once both agree on a count.
        JsonElement[] api = [], v4 = [], v6 = [];
        for (int i = 0; i < 20; i++)
        {
            v4 = IpJson("-4", "route", "show", "table", "all");
            v6 = IpJson("-6", "route", "show", "table", "all");
            api = (await GetJsonAsync($"/api/namespaces/{id}/routes")).EnumerateArray().ToArray();
            if (api.Length == v4.Length + v6.Length) break;
            await Task.Delay(300, Ct);
        }
        Assert.Equal(v4.Length + v6.Length, api.Length);
        Assert.Equal(v4.Length, api.Count(r => r.GetProperty("family").GetString() == "inet"));

        var main = Assert.Single(api, r => r.GetProperty("dst").GetString() == "10.80.0.0/24");
        Assert.Equal(("10.77.0.2", "rdt0", 254u, 50u), (main.GetProperty("gateway").GetString(), main.GetProperty("dev").GetString(),
            main.GetProperty("table").GetUInt32(), main.GetProperty("metric").GetUInt32()));
        var ipMain = Assert.Single(v4, r => r.GetProperty("dst").GetString() == "10.80.0.0/24");
        Assert.Equal(ipMain.GetProperty("gateway").GetString(), main.GetProperty("gateway").GetString());
        Assert.Equal(ipMain.GetProperty("dev").GetString(), main.GetProperty("dev").GetString());
        Assert.Equal(ipMain.GetProperty("metric").GetUInt32(), main.GetProperty("metric").GetUInt32());
        // `ip -j` leaves out the default protocol (boot) that `ip route add` gives; the API always says it.
        Assert.Equal("boot", main.GetProperty("protocol").GetString());

        var multipath = Assert.Single(api, r => r.GetProperty("dst").GetString() == "2001:db8:99::/64");
        var ipMultipath = Assert.Single(v6, r => r.GetProperty("dst").GetString() == "2001:db8:99::/64");
        Assert.Equal(
            ipMultipath.GetProperty("nexthops").EnumerateArray().Select(n => n.GetProperty("gateway").GetString()).ToArray(),
            multipath.GetProperty("nexthops").EnumerateArray().Select(n => n.GetProperty("gateway").GetString()).ToArray());

        // The filters: one table, one family — as `ip route show table 100` and `ip -6 route show table all`.
        var t100 = (await GetJsonAsync($"/api/namespaces/{id}/routes?table=100")).EnumerateArray().ToArray();
        var ip100 = IpJson("route", "show", "table", "100");
        Assert.Equal(ip100.Select(r => r.GetProperty("dst").GetString()), t100.Select(r => r.GetProperty("dst").GetString()));
        int sixApi = 0, sixIp = 0;
        for (int i = 0; i < 20 && (sixApi != sixIp || i == 0); i++)
        {
            if (i > 0) await Task.Delay(300, Ct);
            sixIp = IpJson("-6", "route", "show", "table", "all").Length;
            sixApi = (await GetJsonAsync($"/api/namespaces/{id}/routes?family=inet6")).GetArrayLength();
        }
        Assert.Equal(sixIp, sixApi);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_and_bad_filters_get_404_and_400()
    {
        NeedRoot();
        var id = await IdAsync();
        await Status(HttpStatusCode.NotFound, "/api/namespaces/rdt-ui-nosuchns");
        await Status(HttpStatusCode.NotFound, "/api/namespaces/rdt-ui-nosuchns/routes");
        await Status(HttpStatusCode.NotFound, "/api/namespaces/ino-1/routes");
        await Status(HttpStatusCode.BadRequest, "/api/namespaces/a..b");
        await Status(HttpStatusCode.BadRequest, "/api/namespaces/netns:../routes");
        await Status(HttpStatusCode.BadRequest, "/api/namespaces/ino-99999999999999999999999/routes");
        await Status(HttpStatusCode.BadRequest, $"/api/namespaces/{id}/routes?table=nosuchtable");
        await Status(HttpStatusCode.BadRequest, $"/api/namespaces/{id}/routes?family=ipx");
        await Status(HttpStatusCode.OK, $"/api/namespaces/{id}/routes?table=main&family=4");
    }

    [Fact]
    public async Task Migrations_need_the_operator_and_check_finding_ids()
    {
        NeedRoot();
        var id = await IdAsync();
        var before = Routes();

        using (var anonymous = await _http!.PostAsync($"/api/namespaces/{id}/findings/f-0123456789ab/migrate", null, Ct))
            Assert.Contains(anonymous.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        using (var all = await _http.PostAsJsonAsync("/api/migrations", new { @namespace = id, dryRun = false }, Ct))
            Assert.Contains(all.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Equal(before, Routes());

        using var op = new HttpClient { BaseAddress = new Uri(_app!.BaseUrl) };
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorSetup.OperatorToken);
        // A well-formed id that is not there, in a namespace with nothing to fix, is what a second run of
        // the same fix sees: the service answers "nothing to do" rather than 404, so re-running is harmless
        // (404 is for an id unknown among other fixable findings, which needs a VRF: the VM tests).
        using (var unknown = await op.PostAsync($"/api/namespaces/{id}/findings/f-0123456789ab/migrate", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
            Assert.Equal("nothing-to-do", (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("outcome").GetString());
        }
        using (var malformed = await op.PostAsync($"/api/namespaces/{id}/findings/f-xxxxxxxxxxxx/migrate", null, Ct))
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using (var noNs = await op.PostAsync("/api/namespaces/rdt-ui-nosuchns/findings/f-0123456789ab/migrate", null, Ct))
            Assert.Equal(HttpStatusCode.NotFound, noNs.StatusCode);
        Assert.Equal(before, Routes());

        // Only the attempt that reached the migration service is in the trail, with who asked.
        var audit = (await GetJsonAsync("/api/audit")).GetProperty("items").EnumerateArray().ToArray();
        var record = Assert.Single(audit);
        Assert.Equal(("operator", "nothing-to-do", "f-0123456789ab"),
            (record.GetProperty("who").GetString(), record.GetProperty("outcome").GetString(), record.GetProperty("findingId").GetString()));
    }

    /// <summary>Every route of every table, but for IPv6 link-local ones, which the kernel adds on its own once DAD is done.</summary>
    private string[] Routes() =>
        (_ns!.Ip("-d", "route", "show", "table", "all") + _ns.Ip("-6", "-d", "route", "show", "table", "all"))
            .Split('\n').Where(l => !l.Contains("fe80:", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task Rules_are_what_ip_rule_shows_for_both_families()
    {
        NeedRoot();
        _ns!.Ip("rule", "add", "pref", "100", "to", "10.78.0.0/24", "lookup", "100");
        _ns.Ip("-6", "rule", "add", "pref", "200", "fwmark", "0x10/0xff", "prohibit");
        var id = await IdAsync();

        // The live model takes the rule notices: poll until the API shows them.
        JsonElement[] rules = [];
        for (int i = 0; i < 50 && rules.Length < 6; i++, await Task.Delay(100, Ct))
            rules = (await GetJsonAsync($"/api/namespaces/{id}/rules")).EnumerateArray().ToArray();

        string Line(JsonElement r) => $"{r.GetProperty("family").GetString()} {r.GetProperty("priority").GetUInt32()} {r.GetProperty("tableName").GetString()}";
        string IpLine(JsonElement r, string family) => $"{family} {r.GetProperty("priority").GetUInt32()} {(r.TryGetProperty("table", out var t) ? t.GetString() : null)}";
        Assert.Equal(IpJson("-4", "rule", "show").Select(r => IpLine(r, "inet")).Concat(IpJson("-6", "rule", "show").Select(r => IpLine(r, "inet6"))),
            rules.Select(Line));
        var prohibit = Assert.Single(rules, r => r.GetProperty("priority").GetUInt32() == 200);
        Assert.Equal(("prohibit", "0x10", "0xff"), (prohibit.GetProperty("action").GetString(), prohibit.GetProperty("fwmark").GetString(), prohibit.GetProperty("fwmask").GetString()));
        Assert.Equal(3, (await GetJsonAsync($"/api/namespaces/{id}/rules?family=inet6")).GetArrayLength());
        await Status(HttpStatusCode.BadRequest, $"/api/namespaces/{id}/rules?family=ipx");
    }

    [Fact]
    public async Task Lookups_answer_as_ip_route_get_and_fibmatch_and_a_refusal_is_an_answer()
    {
        NeedRoot();
        _ns!.Ip("rule", "add", "pref", "100", "to", "10.78.0.0/24", "lookup", "100");
        var id = await IdAsync();
        // Once the live model has the rule: its explanation then names rule 100.
        for (int i = 0; i < 50 && (await GetJsonAsync($"/api/namespaces/{id}/rules")).GetArrayLength() < 4; i++) await Task.Delay(100, Ct);

        var differences = new List<string>();
        foreach (var (query, lookup) in new[]
                 {
                     ("dst=10.78.0.5", "10.78.0.5"), ("dst=10.80.0.9", "10.80.0.9"), ("dst=10.99.0.1", "10.99.0.1"),
                     ("dst=2001:db8:99::7", "2001:db8:99::7"), ("dst=10.80.0.9&mark=0x10&oif=rdt0", "10.80.0.9 --mark 0x10 --oif rdt0"),
                 })
        {
            var ours = System.Text.Json.Nodes.JsonNode.Parse((await GetJsonAsync($"/api/namespaces/{id}/lookup?{query}")).GetRawText())!.AsObject();
            var args = RouteGetComparison.IpArguments(lookup);
            var get = Shell.Run("ip", ["-n", _ns.Name, "-j", "route", "get", .. args]);
            var fib = Shell.Run("ip", ["-n", _ns.Name, "-d", "-j", "route", "get", "fibmatch", .. args]);
            differences.AddRange(RouteGetComparison.Differences(lookup, ours,
                RouteGetComparison.IpOutcome.Parse(get.ExitCode, get.Stdout, get.Stderr),
                RouteGetComparison.IpOutcome.Parse(fib.ExitCode, fib.Stdout, fib.Stderr)));
        }
        Assert.True(differences.Count == 0, string.Join('\n', differences));

        var routed = await GetJsonAsync($"/api/namespaces/{id}/lookup?dst=10.78.0.5");
        Assert.Equal((100u, 100u), (routed.GetProperty("explanation").GetProperty("rule").GetProperty("priority").GetUInt32(),
            routed.GetProperty("explanation").GetProperty("table").GetUInt32()));
        var refused = await GetJsonAsync($"/api/namespaces/{id}/lookup?dst=10.99.0.1");
        Assert.False(refused.GetProperty("routed").GetBoolean());
        Assert.Equal((101, "Network is unreachable"), (refused.GetProperty("refusal").GetProperty("errno").GetInt32(),
            refused.GetProperty("refusal").GetProperty("message").GetString()));

        await Status(HttpStatusCode.BadRequest, $"/api/namespaces/{id}/lookup");
        await Status(HttpStatusCode.BadRequest, $"/api/namespaces/{id}/lookup?dst=nonsense");
        await Status(HttpStatusCode.BadRequest, $"/api/namespaces/{id}/lookup?dst=10.0.0.1&iif=nosuch0");
        await Status(HttpStatusCode.BadRequest, $"/api/namespaces/{id}/lookup?dst=10.0.0.1&vrf=rdt0");
        await Status(HttpStatusCode.NotFound, "/api/namespaces/rdt-ui-nosuchns/lookup?dst=10.0.0.1");
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_api_endpoint_the_app_maps()
    {
        NeedRoot();
        var doc = await GetJsonAsync("/openapi/v1.json");
        var documented = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        // The endpoints as the app's routing knows them, not a list kept by hand.
        var mapped = _app!.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .ToHashSet();
        Assert.NotEmpty(mapped);
        Assert.Contains("/api/namespaces/{id}/findings/{findingId}/migrate", mapped);
        Assert.Empty(mapped.Except(documented));
    }

    [Fact]
    public async Task Metrics_have_the_routedash_series_after_a_read()
    {
        NeedRoot();
        await GetJsonAsync("/api/findings");
        var text = await _http!.GetStringAsync("/metrics", Ct);
        foreach (var series in new[] { "routedash_namespaces", "routedash_routes", "routedash_findings_open", "routedash_migrations_total" })
            Assert.Contains(series, text);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        _ns?.Dispose();
    }
}
