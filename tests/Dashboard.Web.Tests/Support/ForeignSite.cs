using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// Someone else's web site on this machine: a real server on 127.0.0.1 (another port, so another
/// origin) serving one empty page, from which a browser test runs the attacker's script. Browsers
/// treat it as a local site, as they would a page served by another local process or a port-forward.
/// </summary>
public sealed class ForeignSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    public int Port { get; }

    private ForeignSite(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public static async Task<ForeignSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content("<!DOCTYPE html><html><body><h1>Not the dashboard</h1></body></html>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ForeignSite(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
