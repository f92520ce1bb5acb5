using System.Net;
using System.Security.Claims;
using Dashboard.Server.Audit;
using Dashboard.Server.Migration;
using Dashboard.Server.State;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Audit;

public static class AuditLogExtensions
{
    /// <summary>The actor the dashboard's own changes are recorded under.</summary>
    public const string Actor = "dashboard";

    /// <summary>
    /// The shared state directory (Dashboard:StateDirectory) and the audit log in it (the metrics count
    /// the trail itself at scrape time). Register before AddDashboardBackend.
    /// </summary>
    public static IServiceCollection AddDashboardAudit(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new StateLocations(sp.GetRequiredService<IOptions<DashboardOptions>>().Value.EffectiveStateDirectory));
        services.TryAddSingleton<IAuditLog>(sp => new FileAuditLog(
            sp.GetRequiredService<StateLocations>().Audit, sp.GetRequiredService<ILogger<FileAuditLog>>()));
        return services;
    }

    /// <summary>Who asks, for a request: the signed-in identity and the address it came from.</summary>
    public static Caller CallerOf(HttpContext http) => CallerOf(http.User, http.Connection.RemoteIpAddress);

    /// <summary>Who asks, for a Blazor circuit (user from the AuthenticationState, address from the circuit's first request).</summary>
    public static Caller CallerOf(ClaimsPrincipal? user, IPAddress? remote) =>
        new(Actor, WhoIs(user), remote is null ? null : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString());

    public static string WhoIs(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true } identity
            ? string.IsNullOrEmpty(identity.Name) ? "authenticated" : identity.Name
            : AuditRecord.Anonymous;
}
