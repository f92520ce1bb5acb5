using Dashboard.Server.Events;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Api;

public static class HubServices
{
    /// <summary>
    /// The live stream and, on top of it, SignalR with JSON and MessagePack for /hubs/routes, with its
    /// limits: connections at once (<see cref="HubConnectionLimit"/>), calls per connection and minute
    /// (<see cref="HubCallRateLimit"/>), namespaces followed per connection (<see cref="RoutesHub"/>).
    /// </summary>
    public static IServiceCollection AddDashboardHubs(this IServiceCollection services, EventsOptions? options = null)
    {
        services.AddDashboardEvents(options);
        services.AddSingleton<HubClientPumps>();
        services.AddSingleton<HubCallRateLimit>();
        services.AddSignalR().AddMessagePackProtocol()
            .AddHubOptions<RoutesHub>(o => o.AddFilter<HubCallRateLimit>());
        services.AddRateLimiter(o => o.AddPolicy<string, HubConnectionLimit>(HubConnectionLimit.PolicyName));
        return services;
    }

    /// <summary>Maps /hubs/routes; the connection limit applies where the rate limiter runs (UseDashboardOperations).</summary>
    public static HubEndpointConventionBuilder MapDashboardHubs(this IEndpointRouteBuilder app) =>
        app.MapHub<RoutesHub>("/hubs/routes").RequireRateLimiting(HubConnectionLimit.PolicyName);
}
