using System.Net;
using System.Security.Claims;
using Dashboard.Server.Metrics;
using Dashboard.Server.Migration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Server.Audit;

public static class AuditLogExtensions
{
    /// <summary>The file audit log under Dashboard:AuditDirectory (options come from AddDashboardSecurity).</summary>
    public static IServiceCollection AddDashboardAudit(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditLog, FileAuditLog>();
        return services;
    }

    /// <summary>
    /// What a mutating endpoint or hub method calls once per migration result: appends the audit
    /// record (fsync'd) and counts the outcome in routedash_migrations_total. Await it before answering.
    /// </summary>
    public static Task<AuditRecord> RecordMigrationAsync(this IAuditLog log, MigrationResult result, HttpContext http,
        CancellationToken cancellationToken = default) =>
        log.RecordMigrationAsync(result, http.User, http.Connection.RemoteIpAddress,
            http.RequestServices.GetService<TimeProvider>(), cancellationToken);

    /// <summary>The same for callers without a request, such as a Blazor circuit (user from the
    /// AuthenticationState, address from the circuit's first request) or the CLI (null, null).</summary>
    public static async Task<AuditRecord> RecordMigrationAsync(this IAuditLog log, MigrationResult result, ClaimsPrincipal? user,
        IPAddress? remote, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var record = AuditRecord.FromResult(result, user, remote, (time ?? TimeProvider.System).GetUtcNow());
        await log.AppendAsync(record, cancellationToken);
        DashboardMetrics.CountMigration(result.Outcome);
        return record;
    }
}
