using System.Net.Http.Headers;
using Dashboard.Web.Hosting;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Ops.Tests;

/// <summary>
/// A real Kestrel host on 127.0.0.1 (random port) with the operations extensions exactly as
/// Program.cs wires them, plus a dummy mutating endpoint that counts the changes it was let make.
/// </summary>
public sealed class OpsTestApp : IAsyncDisposable
{
    public const string OperatorToken = "operator-token-for-tests-0123456789";
    public const string ViewerToken = "viewer-token-for-tests-0123456789";

    private readonly TempDirectory _dir = new();
    private WebApplication _app = null!;
    private int _changes;

    public int Changes => Volatile.Read(ref _changes);
    public Uri BaseAddress { get; private set; } = null!;
    public string AuditDirectory => _dir.File("audit");
    public string OperatorTokenFile => _dir.File("operator-token");
    public ManualTimeProvider Time { get; } = new();
    public IServiceProvider Services => _app.Services;

    /// <param name="settings">more Dashboard:* settings (they win over the defaults above them).</param>
    /// <param name="services">extra services, registered before the operations extensions (so TryAdd ones yield).</param>
    public static async Task<OpsTestApp> StartAsync(bool readOnly = false, bool operatorToken = true, int mutationsPerMinute = 100,
        bool anonymousRead = true, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = new OpsTestApp();
        await app.StartCoreAsync(readOnly, operatorToken, mutationsPerMinute, anonymousRead, settings, services);
        return app;
    }

    public string Dir(string name) => _dir.File(name);

    private async Task StartCoreAsync(bool readOnly, bool operatorToken, int mutationsPerMinute, bool anonymousRead,
        IDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        if (operatorToken) await File.WriteAllTextAsync(OperatorTokenFile, OperatorToken + "\n");
        await File.WriteAllTextAsync(_dir.File("viewer-token"), ViewerToken);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:ListenAddress"] = "127.0.0.1:0",
            ["Dashboard:OperatorTokenFile"] = OperatorTokenFile,
            ["Dashboard:ViewerTokenFile"] = _dir.File("viewer-token"),
            ["Dashboard:ReadOnly"] = readOnly ? "true" : "false",
            ["Dashboard:AnonymousRead"] = anonymousRead ? "true" : "false",
            ["Dashboard:AuditDirectory"] = AuditDirectory,
            ["Dashboard:MutationsPerMinute"] = mutationsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Time);
        services?.Invoke(builder.Services);
        builder.AddDashboardOperations();

        _app = builder.Build();
        _app.UseDashboardOperations();
        _app.MapDashboardOperations();
        _app.MapPost("/api/test/mutate", () => { Interlocked.Increment(ref _changes); return TypedResults.Ok(new { changed = true }); })
            .RequireOperator();
        _app.MapGet("/api/test/read", (HttpContext c) => TypedResults.Ok(new { who = c.User.Identity?.Name ?? "anonymous" }))
            .RequireViewer();
        _app.MapGet("/test/page", () => Results.Content("<html><body>page</body></html>", "text/html")).RequireViewer();
        _app.MapGet("/hubs/test", () => TypedResults.Ok("hub")).RequireOperator();
        // Stands in for the sign-in page: hands out what <AntiforgeryToken /> puts in the form.
        _app.MapGet("/test/antiforgery", (HttpContext c, IAntiforgery af) =>
        {
            var tokens = af.GetAndStoreTokens(c);
            return TypedResults.Ok(new { field = tokens.FormFieldName, value = tokens.RequestToken });
        }).ExcludeFromDescription();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    /// <summary>
    /// A client with its own cookie jar; no redirects followed, so 303s can be seen. With
    /// <paramref name="sameOrigin"/> it sends this app's own Origin, as a browser does on the app's pages.
    /// </summary>
    public HttpClient Client(string? bearer = null, bool sameOrigin = false)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (sameOrigin) client.DefaultRequestHeaders.Add("Origin", BaseAddress.GetLeftPart(UriPartial.Authority));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _dir.Dispose();
    }
}
