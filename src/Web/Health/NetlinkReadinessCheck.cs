using Microsoft.Extensions.Diagnostics.HealthChecks;

using Dashboard.Server.Netlink;

namespace Dashboard.Web.Health;

/// <summary>Ready when rtnetlink answers a link dump in the host namespace (the one the process runs in).</summary>
public sealed class NetlinkReadinessCheck : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (links, problem) = await NetlinkProbe.DumpLinksAsync(Timeout, cancellationToken);
        return problem is null
            ? HealthCheckResult.Healthy($"rtnetlink answered in the host network namespace ({links} links)")
            : new HealthCheckResult(context.Registration.FailureStatus, problem);
    }
}
