using Dashboard.Server.Events;

namespace Dashboard.Web.Api;

public static class HubServices
{
    /// <summary>The live stream and, on top of it, SignalR with JSON and MessagePack for /hubs/routes.</summary>
    public static IServiceCollection AddDashboardHubs(this IServiceCollection services, EventsOptions? options = null)
    {
        services.AddDashboardEvents(options);
        services.AddSingleton<HubClientPumps>();
        services.AddSignalR().AddMessagePackProtocol();
        return services;
    }

    /// <summary>Maps /hubs/routes.</summary>
    public static HubEndpointConventionBuilder MapDashboardHubs(this IEndpointRouteBuilder app) =>
        app.MapHub<RoutesHub>("/hubs/routes");
}
