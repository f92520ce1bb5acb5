using System.Net;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Once the server has bound its addresses (from Dashboard:ListenAddress or --urls, whichever won),
/// states the dashboard's exposure in one log line — where it listens, for which host names, who may
/// read, whether changes are possible — and refuses to go on when an address is not loopback while
/// anyone may read, unless Dashboard:AllowAnonymousRemoteRead says that is intended. Until the check
/// has passed, <see cref="UseExposureGate"/> answers every request with 503: nothing is served from
/// an address that is about to be refused.
/// </summary>
public sealed class ExposureCheck(
    IServer server,
    IOptions<DashboardOptions> options,
    IOptions<HostFilteringOptions> hosts,
    StaticTokenStore tokens,
    IHostApplicationLifetime lifetime,
    ILogger<ExposureCheck> logger) : IHostedLifecycleService
{
    private volatile bool _passed;

    public bool Passed => _passed;

    // StartedAsync: after every hosted service has started, the server's addresses are the bound ones.
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        var remote = addresses.Where(a => !IsLoopback(a)).ToArray();
        var listening = addresses.Length == 0 ? "no network address" : string.Join(", ", addresses);
        if (remote.Length > 0 && o.AnonymousRead && !o.AllowAnonymousRemoteRead)
        {
            logger.LogCritical(
                "Refusing to start: the dashboard listens on {Addresses}, beyond loopback, and anyone may read the node's routing there (Dashboard__AnonymousRead=true); " +
                "set Dashboard__AnonymousRead=false so that reads need a token or a sign-in, or Dashboard__AllowAnonymousRemoteRead=true if publishing it is intended",
                string.Join(", ", remote));
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return Task.CompletedTask;
        }
        var names = hosts.Value.AllowedHosts;
        logger.LogInformation("Listening on {Addresses} for host names {Hosts}; reads: {Reads}; changes: {Changes}",
            listening, string.Join(", ", names), Reads(o, remote.Length > 0), Changes(o));
        if (remote.Length > 0 && names.All(AllowedHostNames.Loopback.Contains))
            logger.LogWarning("Only loopback host names are served: a request for this node's address or name gets 400 until Dashboard__AllowedHosts lists it");
        _passed = true;
        return Task.CompletedTask;
    }

    private static string Reads(DashboardOptions o, bool remote) =>
        !o.AnonymousRead ? "viewers and operators only (a token, a sign-in or OpenID Connect)"
        : remote ? "anyone who reaches these addresses (Dashboard__AllowAnonymousRemoteRead=true)"
        : "anyone on this node (loopback)";

    private string Changes(DashboardOptions o) =>
        OperatorRequirementHandler.GlobalRefusal(o, tokens) is { } refusal
            ? "none, " + (o.ReadOnly ? "read-only mode (Dashboard__ReadOnly=true)" : "no operator credential is configured")
            : "operators only (" + string.Join(" or ", new[]
                {
                    tokens.OperatorTokenConfigured ? "the token in Dashboard__OperatorTokenFile" : null,
                    o.OidcEnabled ? "an OpenID Connect sign-in with the operator role" : null,
                }.OfType<string>()) + ")";

    /// <summary>Whether a bound address (as Kestrel reports it) is reachable only from this host.</summary>
    internal static bool IsLoopback(string address)
    {
        var binding = BindingAddress.Parse(address);
        if (binding.IsUnixPipe) return true; // a socket file, not a network address
        var host = binding.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class ExposureCheckExtensions
{
    public static IServiceCollection AddExposureCheck(this IServiceCollection services)
    {
        services.AddSingleton<ExposureCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<ExposureCheck>());
        return services;
    }

    /// <summary>503 to every request until the exposure check has passed (it runs once the server has bound).</summary>
    public static IApplicationBuilder UseExposureGate(this IApplicationBuilder app)
    {
        var check = app.ApplicationServices.GetRequiredService<ExposureCheck>();
        return app.Use(next => context =>
        {
            if (check.Passed) return next(context);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
    }
}
