using System.Net;
using System.Security.Claims;
using Dashboard.Server.Audit;
using Dashboard.Server.Migration;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Audit;

public static class AuditLogExtensions
{
    /// <summary>The actor the dashboard's own changes are recorded under.</summary>
    public const string Actor = "dashboard";

    /// <summary>The file audit log under Dashboard:AuditDirectory (options come from AddDashboardSecurity).</summary>
    public static IServiceCollection AddDashboardAudit(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditLog>(sp => new FileAuditLog(
            sp.GetRequiredService<IOptions<DashboardOptions>>().Value.AuditDirectory, sp.GetRequiredService<ILogger<FileAuditLog>>()));
        return services;
    }

    /// <summary>
    /// What a mutating endpoint or hub method calls once per migration result: appends the audit
    /// record (fsync'd). Await it before answering. (The metrics count the trail itself at scrape time.)
    /// </summary>
    public static Task<AuditRecord> RecordMigrationAsync(this IAuditLog log, MigrationResult result, HttpContext http,
        CancellationToken cancellationToken = default) =>
        log.RecordMigrationAsync(result, http.User, http.Connection.RemoteIpAddress,
            http.RequestServices.GetService<TimeProvider>(), cancellationToken);

    /// <summary>The same for callers without a request, such as a Blazor circuit (user from the
    /// AuthenticationState, address from the circuit's first request).</summary>
    public static async Task<AuditRecord> RecordMigrationAsync(this IAuditLog log, MigrationResult result, ClaimsPrincipal? user,
        IPAddress? remote, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var from = remote is null ? null : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
        var record = AuditRecord.FromResult(result, Actor, WhoIs(user), from, (time ?? TimeProvider.System).GetUtcNow());
        await log.AppendAsync(record, cancellationToken);
        return record;
    }

    public static string WhoIs(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true } identity
            ? string.IsNullOrEmpty(identity.Name) ? "authenticated" : identity.Name
            : AuditRecord.Anonymous;
}
