using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// One budget of changes per client and minute (Dashboard:MutationsPerMinute), however the changes
/// come: the API's mutating endpoints and sign-in take from it through the rate limiter's policy
/// <see cref="DashboardPolicies.MutationRateLimit"/> (<see cref="Policy"/>), the UI's migrations
/// (DashboardData) directly. A client is its user name when signed in or holding a token, else its
/// address, so an operator who spends the budget in the browser has none left for curl, and back.
/// </summary>
public sealed class MutationRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _perMinute;

    public MutationRateLimit(IOptions<DashboardOptions> options)
    {
        _perMinute = options.Value.MutationsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = _perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>What the refusal says, in the API's 429 and in the UI alike.</summary>
    public string RefusalReason =>
        $"Too many changes: at most {_perMinute} a minute per user or address (Dashboard:MutationsPerMinute); try again later.";

    public static string ClientKey(ClaimsPrincipal user, IPAddress? from) =>
        user.Identity?.IsAuthenticated == true
            ? "user:" + user.Identity.Name
            : "ip:" + (from is { IsIPv4MappedToIPv6: true } ? from.MapToIPv4() : from);

    /// <summary>Takes one change from <paramref name="clientKey"/>'s budget; the lease says whether there was one.</summary>
    public RateLimitLease Acquire(string clientKey) => _limiter.AttemptAcquire(clientKey);

    public void Dispose() => _limiter.Dispose();

    /// <summary>The rate limiter middleware's view of the same budget: each client's partition forwards to it.</summary>
    internal sealed class Policy(MutationRateLimit budget) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null; // the app-wide 429 ProblemDetails

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            var key = ClientKey(httpContext.User, httpContext.Connection.RemoteIpAddress);
            return RateLimitPartition.Get(key, k => new Forwarder(budget, k));
        }
    }

    /// <summary>
    /// A limiter that owns no permits: it asks the shared budget. The middleware keeps one per client
    /// and disposes it when idle; that costs nothing here, the budget lives on.
    /// </summary>
    private sealed class Forwarder(MutationRateLimit budget, string key) : RateLimiter
    {
        private long _lastUsed = Environment.TickCount64;

        public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
            return budget.Acquire(key);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AttemptAcquireCore(permitCount));
    }
}
