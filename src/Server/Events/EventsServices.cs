using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Server.Events;

public static class EventsServices
{
    /// <summary>
    /// The live stream (a hosted service) and <see cref="IRouteEventSource"/> for in-process consumers.
    /// Needs an <see cref="INamespaceCatalog"/> (AddDashboardBackend registers one; a default catalog is
    /// used otherwise). The web app puts its hub on top (AddDashboardHubs).
    /// </summary>
    public static IServiceCollection AddDashboardEvents(this IServiceCollection services, EventsOptions? options = null)
    {
        services.TryAddSingleton(options ?? new EventsOptions());
        services.TryAddSingleton<INamespaceCatalog>(_ => new NamespaceCatalog());
        services.TryAddSingleton<EventCounters>();
        services.TryAddSingleton<LiveEventBus>();
        services.TryAddSingleton<IRouteEventSource>(sp => sp.GetRequiredService<LiveEventBus>());
        services.TryAddSingleton<INetlink>(KernelNetlink.Instance);
        services.TryAddSingleton(sp => new LiveStream(sp.GetRequiredService<INamespaceCatalog>(), sp.GetRequiredService<INetlink>(), sp.GetRequiredService<LiveEventBus>(),
            sp.GetRequiredService<EventsOptions>(), sp.GetService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<LiveStream>());
        return services;
    }
}
