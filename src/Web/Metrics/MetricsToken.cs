using Dashboard.Web.Security;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Metrics;

/// <summary>
/// The bearer token /metrics asks for when Dashboard:MetricsTokenFile is set. The file (a mounted
/// Secret) is re-read every few seconds, so a rotated token takes effect without a restart. A file that
/// is missing, unreadable or holds a token too short refuses every scrape: a configured token that
/// cannot be read must not leave /metrics open.
/// </summary>
public sealed class MetricsToken(IOptions<MetricsOptions> options, TimeProvider time, ILogger<MetricsToken> logger)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private readonly string? _path = string.IsNullOrWhiteSpace(options.Value.MetricsTokenFile) ? null : options.Value.MetricsTokenFile;
    private readonly Lock _gate = new();
    private byte[]? _hash;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private string? _lastProblem;

    public bool Required => _path is not null;

    /// <summary>Whether the request may read /metrics: no token configured, or the right one as a bearer.</summary>
    public bool Admits(HttpRequest request)
    {
        if (_path is null) return true;
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return Current() is { } hash && TokenComparer.Matches(header.AsSpan(scheme.Length).Trim(), hash);
    }

    private byte[]? Current()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _readAt < RefreshInterval) return _hash;
            _readAt = now;
            string token;
            try { token = File.ReadAllText(_path!).Trim(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return _hash = Problem($"cannot read the metrics token file {_path}: {e.Message}; every scrape is refused");
            }
            if (token.Length < StaticTokenStore.MinimumLength)
                return _hash = Problem($"the metrics token in {_path} is shorter than {StaticTokenStore.MinimumLength} characters; every scrape is refused");
            _lastProblem = null;
            return _hash = TokenComparer.Hash(token);
        }
    }

    private byte[]? Problem(string message)
    {
        // Once per distinct problem, not once per scrape.
        if (message != _lastProblem) logger.LogWarning("{Problem}", message);
        _lastProblem = message;
        return null;
    }
}
