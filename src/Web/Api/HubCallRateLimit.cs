using System.Threading.RateLimiting;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Api;

/// <summary>
/// At most Dashboard:HubCallsPerMinute method calls per /hubs/routes connection and minute; more are
/// refused with a HubException before the method runs, and a connection that goes on calling through
/// <see cref="RefusalsBeforeClose"/> refusals in a row is closed: a refusal is an exception on the
/// server (about 0.3 ms of CPU each, measured), so refusing a flood call by call would cost about as
/// much as serving it. With the connection cap this bounds what clients can make the hub do, whatever they
/// send. Only this hub: the Blazor circuit's calls are the pages' own events.
/// </summary>
public sealed class HubCallRateLimit : IHubFilter, IDisposable
{
    public const int RefusalsBeforeClose = 20;

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _perMinute;
    private readonly ILogger<HubCallRateLimit> _logger;

    public HubCallRateLimit(IOptions<DashboardOptions> options, ILogger<HubCallRateLimit> logger)
    {
        _perMinute = options.Value.HubCallsPerMinute;
        _logger = logger;
        // One limiter per connection, replenished by the partitioned limiter's own timer and dropped when idle.
        _limiter = PartitionedRateLimiter.Create<string, string>(connectionId => RateLimitPartition.GetFixedWindowLimiter(connectionId,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = _perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var connection = invocationContext.Context;
        // A connection's calls run one at a time (SignalR's default), so its counter needs no lock.
        var refusals = (Refusals)(connection.Items[typeof(Refusals)] ??= new Refusals());
        // Closing: the calls SignalR already read from the socket are still dispatched one by one; they are
        // dropped without an exception each (a flood leaves thousands), and nobody is left to answer.
        if (refusals.Closed) return null;
        using (var lease = _limiter.AttemptAcquire(connection.ConnectionId))
        {
            if (lease.IsAcquired) refusals.InARow = 0;
            else
            {
                if (++refusals.InARow >= RefusalsBeforeClose)
                {
                    _logger.LogWarning("Closed hub connection {Connection} from {RemoteIp}: it kept calling after {Refusals} refusals (Dashboard:HubCallsPerMinute is {PerMinute})",
                        connection.ConnectionId, connection.GetHttpContext()?.Connection.RemoteIpAddress, refusals.InARow, _perMinute);
                    refusals.Closed = true;
                    connection.Abort();
                }
                throw new HubException($"Too many calls: at most {_perMinute} a minute per connection (Dashboard:HubCallsPerMinute); try again later.");
            }
        }
        return await next(invocationContext);
    }

    public void Dispose() => _limiter.Dispose();

    private sealed class Refusals
    {
        public int InARow;
        public bool Closed;
    }
}
