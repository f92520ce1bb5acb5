using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Server.Audit;
using Dashboard.Server.Netlink;
using Dashboard.Web.Audit;
using Dashboard.Web.Health;
using Dashboard.Server.Migration;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Ops.Tests;

public sealed class OpsEndpointsTests
{
    [Fact]
    public async Task Liveness_and_readiness_answer_200()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        var check = Assert.Single(body.GetProperty("checks").EnumerateArray());
        Assert.Equal("netlink", check.GetProperty("name").GetString());
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.Contains("links", check.GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_netlink_probe_counts_the_links_the_kernel_reports()
    {
        var (links, problem) = await NetlinkProbe.DumpLinksAsync(TimeSpan.FromSeconds(3));
        Assert.Null(problem);
        // Every link of this namespace, as /sys/class/net lists them (lo at least).
        Assert.Equal(Directory.GetFileSystemEntries("/sys/class/net").Length, links);
    }

    [Fact]
    public async Task Audit_api_pages_the_trail_and_validates_its_arguments()
    {
        await using var app = await OpsTestApp.StartAsync();
        var log = app.Services.GetRequiredService<IAuditLog>();
        var http = new DefaultHttpContext { RequestServices = app.Services, User = Operator() };
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        var caller = AuditLogExtensions.CallerOf(http);
        await log.AppendAsync(AuditRecord.FromResult(AuditSamples.Result(MigrationOutcome.Applied, "host", "first"), caller.Actor, caller.Who, caller.From, DateTimeOffset.UtcNow));
        await log.AppendAsync(AuditRecord.FromResult(AuditSamples.Result(MigrationOutcome.RolledBack, "host", "second", "No route to host"), caller.Actor, caller.Who, caller.From, DateTimeOffset.UtcNow));
        Assert.True(File.Exists(Path.Combine(app.AuditDirectory, FileAuditLog.FileName)));

        using var client = app.Client();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/audit?limit=1");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("second", item.GetProperty("findingId").GetString());
        Assert.Equal("operator", item.GetProperty("who").GetString());
        Assert.Equal("192.0.2.7", item.GetProperty("from").GetString());
        Assert.Equal("No route to host", item.GetProperty("kernelError").GetString());
        Assert.True(page.GetProperty("hasMore").GetBoolean());
        var next = await client.GetFromJsonAsync<JsonElement>("/api/audit?offset=1&limit=10");
        Assert.Equal("first", Assert.Single(next.GetProperty("items").EnumerateArray()).GetProperty("findingId").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/audit?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/audit?limit=501")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/audit?offset=-1")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints_and_marks_mutations()
    {
        await using var app = await OpsTestApp.StartAsync();
        using var client = app.Client();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/audit", out _));
        Assert.True(paths.TryGetProperty("/api/test/read", out _));
        var mutate = paths.GetProperty("/api/test/mutate").GetProperty("post");
        Assert.True(mutate.TryGetProperty("security", out _));
        Assert.True(mutate.GetProperty("responses").TryGetProperty("403", out _));
        Assert.False(paths.TryGetProperty("/auth/signin", out _));
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }

    private static System.Security.Claims.ClaimsPrincipal Operator() =>
        Dashboard.Web.Security.StaticTokenAuthenticationHandler.CreatePrincipal(DashboardRoles.Operator, "test");
}
