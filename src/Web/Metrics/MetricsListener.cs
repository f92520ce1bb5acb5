using System.Net;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Metrics;

/// <summary>
/// The optional metrics-only listener (Dashboard:MetricsListenAddress): a Kestrel server of its own
/// that answers GET /metrics and 404 to everything else. Being a separate server, not a second
/// endpoint of the dashboard's, nothing of the UI, API or hub can ever be reached through it: the
/// node's address can be opened to Prometheus without opening the dashboard.
/// </summary>
public sealed class MetricsListener(IOptions<MetricsOptions> options, MetricsExporter exporter, ILogger<MetricsListener> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    /// <summary>The address it listens on once started (the real port when 0 was asked for), or null.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.MetricsListenAddress)) return;
        var endpoint = Parse(options.Value.MetricsListenAddress);
        // An empty builder: no configuration sources, so ASPNETCORE_URLS and the dashboard's settings cannot add endpoints.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(endpoint);
        });
        _server = builder.Build();
        _server.Run(async context =>
        {
            if (context.Request.Path == MetricsEndpoints.Path && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
                await exporter.WriteAsync(context);
            else
                context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
        await _server.StartAsync(cancellationToken);
        Address = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        logger.LogInformation("Metrics-only listener on {Url} ({Token})", new Uri(Address, MetricsEndpoints.Path),
            exporter.Token.Required ? "bearer token required" : "no token");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    public static IPEndPoint Parse(string text)
    {
        try { return ListenAddress.Parse(text); }
        catch (FormatException)
        {
            throw new FormatException($"Dashboard:MetricsListenAddress '{text}' is not an IP address and port such as 10.0.0.5:9180 or [::1]:9180.");
        }
    }
}
