using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Server.Health;

/// <summary>Ready when rtnetlink answers in the host namespace (the one the process runs in).</summary>
public sealed class NetlinkReadinessCheck : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The probe blocks for at most Timeout in recv; run it off the request thread.
        return Task.Run(() =>
        {
            var problem = NetlinkProbe.Ping(Timeout);
            return problem is null
                ? HealthCheckResult.Healthy("rtnetlink answered in the host network namespace")
                : new HealthCheckResult(context.Registration.FailureStatus, problem);
        }, cancellationToken);
    }
}
