using Dashboard.Server.Netlink;
using Dashboard.Server.Events;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;
using Dashboard.Web.Tests.Browser;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Tests.Api;

/// <summary>
/// Issue 9, item 5: every API error is ProblemDetails, from the real app as a node runs it (Production,
/// Kestrel on 127.0.0.1), including the errors the framework raises before a handler runs.
/// </summary>
public sealed class ProblemResponseTests : IAsyncDisposable
{
    private readonly InCodeBackend _backend = SampleNode.Backend();
    private DashboardApp? _app;
    private HttpClient? _http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Start(INetlink? netlink = null)
    {
        _app = DashboardApp.Over(_backend, environment: "Production",
            more: netlink is null ? null : services => services.RemoveAll<NamespaceViews>().AddSingleton(new NamespaceViews(netlink))).Start();
        _http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorSetup.OperatorToken);
        return _http;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"content type {response.Content.Headers.ContentType}: {body[..Math.Min(body.Length, 300)]}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem()
    {
        var http = Start();
        using var content = new StringContent("{\"namespace\": ", Encoding.UTF8, "application/json");
        var problem = await ProblemAsync(await http.PostAsync("/api/migrations", content, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
        Assert.Empty(_backend.Changes);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_415_problem()
    {
        var http = Start();
        using var content = new StringContent("namespace=all", Encoding.UTF8, "text/plain");
        await ProblemAsync(await http.PostAsync("/api/migrations", content, Ct), HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(_backend.Changes);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_with_a_trace_id_and_no_internals()
    {
        var http = Start(new ReaderWithABug(_backend));
        var problem = await ProblemAsync(await http.GetAsync("/api/findings", Ct), HttpStatusCode.InternalServerError);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain(ReaderWithABug.Message, problem.ToString());
        Assert.DoesNotContain("   at ", problem.ToString());
    }

    [Fact]
    public async Task An_unknown_API_path_is_a_404_problem()
    {
        var http = Start();
        await ProblemAsync(await http.GetAsync("/api/no-such-thing", Ct), HttpStatusCode.NotFound);
    }

    /// <summary>A namespace reader that fails the way a bug would: an exception nothing expects.</summary>
    private sealed class ReaderWithABug(INetlink inner) : INetlink
    {
        public const string Message = "index out of range in the reader";
        public NamespaceSnapshot Read(NetNamespace ns, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Message);
        public INetlinkHandle Open(NetNamespace ns) => inner.Open(ns);
        public NetlinkHandle Subscribe(NetNamespace ns, int receiveBufferBytes) => inner.Subscribe(ns, receiveBufferBytes);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}
