using System.Threading.RateLimiting;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Api;

/// <summary>
/// At most Dashboard:HubConnectionLimit connections to /hubs/routes at once, from all clients together:
/// a rate-limiter policy with one concurrency limiter. A WebSocket (or SSE) connection is one request
/// that lasts as long as the connection, so it holds its permit until it closes; negotiation holds one
/// for a moment. Beyond the limit, negotiation and connection answer 429.
/// </summary>
public sealed class HubConnectionLimit(IOptions<DashboardOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "hub-connections";

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetConcurrencyLimiter("hub", _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.HubConnectionLimit,
            QueueLimit = 0,
        });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, _) =>
    {
        var http = rejected.HttpContext;
        var limit = http.RequestServices.GetRequiredService<IOptions<DashboardOptions>>().Value.HubConnectionLimit;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many live connections",
                Detail = $"The live hub has {limit} connections open, the most it takes (Dashboard:HubConnectionLimit); try again later.",
            },
        });
    };
}
