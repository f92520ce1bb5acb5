using Dashboard.Server.Api;
using Dashboard.Server.Namespaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Server.Events;

public static class EventsServices
{
    /// <summary>
    /// The live stream (a hosted service), <see cref="IRouteEventSource"/> for in-process consumers, and
    /// SignalR with JSON and MessagePack for the /hubs/routes hub. Needs an <see cref="INamespaceCatalog"/>
    /// (AddDashboardBackend registers one; a default catalog is used otherwise).
    /// </summary>
    public static IServiceCollection AddDashboardEvents(this IServiceCollection services, EventsOptions? options = null)
    {
        services.TryAddSingleton(options ?? new EventsOptions());
        services.TryAddSingleton<INamespaceCatalog>(_ => new NamespaceCatalog());
        services.TryAddSingleton<EventCounters>();
        services.TryAddSingleton<LiveEventBus>();
        services.TryAddSingleton<IRouteEventSource>(sp => sp.GetRequiredService<LiveEventBus>());
        services.TryAddSingleton(sp => new LiveStream(sp.GetRequiredService<INamespaceCatalog>(), sp.GetRequiredService<LiveEventBus>(),
            sp.GetRequiredService<EventsOptions>(), sp.GetService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<LiveStream>());
        services.TryAddSingleton<HubClientPumps>();
        services.AddSignalR().AddMessagePackProtocol();
        return services;
    }

    /// <summary>Maps /hubs/routes.</summary>
    public static HubEndpointConventionBuilder MapDashboardHubs(this IEndpointRouteBuilder app) =>
        app.MapHub<RoutesHub>("/hubs/routes");
}
