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
    /// What a mutating endpoint calls once per migration result: appends the audit record (fsync'd)
    /// and counts the outcome in routedash_migrations_total. Await it before answering the request.
    /// </summary>
    public static async Task<AuditRecord> RecordMigrationAsync(this IAuditLog log, MigrationResult result, HttpContext http,
        CancellationToken cancellationToken = default)
    {
        var time = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var record = AuditRecord.FromResult(result, http.User, http.Connection.RemoteIpAddress, time.GetUtcNow());
        await log.AppendAsync(record, cancellationToken);
        DashboardMetrics.CountMigration(result.Outcome);
        return record;
    }
}
