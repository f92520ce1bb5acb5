using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// The operator and viewer tokens, read from their files. Only hashes are kept in memory. Files are
/// re-read at most every few seconds so that a rotated Kubernetes Secret takes effect without a
/// restart; a file that vanishes or becomes too short disables its token instead of keeping a stale one.
/// </summary>
public sealed class StaticTokenStore(IOptions<DashboardOptions> options, ILogger<StaticTokenStore> logger, TimeProvider time)
{
    /// <summary>Shorter tokens are refused: a guessable operator token is worse than none.</summary>
    public const int MinimumLength = 16;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly TokenFile _operator = new(options.Value.OperatorTokenFile, DashboardRoles.Operator, logger);
    private readonly TokenFile _viewer = new(options.Value.ViewerTokenFile, DashboardRoles.Viewer, logger);

    public bool OperatorTokenConfigured => _operator.Current(time.GetUtcNow()) is not null;

    public bool ViewerTokenConfigured => _viewer.Current(time.GetUtcNow()) is not null;

    /// <summary>A short fingerprint of the current token of a role, for cookies; null when none is configured.</summary>
    public string? StampFor(string role)
    {
        var hash = (role == DashboardRoles.Operator ? _operator : _viewer).Current(time.GetUtcNow());
        return hash is null ? null : CookieTokenStamp.Of(hash);
    }

    /// <summary>
    /// Whether a principal from a token sign-in was issued for the token configured now. A cookie is
    /// checked on every request (CookieTokenStamp); a Blazor circuit keeps the principal it started
    /// with, so changes made from a circuit ask this too. Other sign-ins (OIDC) are not token-bound.
    /// </summary>
    public bool IsCurrent(System.Security.Claims.ClaimsPrincipal principal)
    {
        if (principal.FindFirst(System.Security.Claims.ClaimTypes.AuthenticationMethod)?.Value != StaticTokenAuthenticationHandler.AuthenticationMethod)
            return true;
        var stamp = principal.FindFirst(CookieTokenStamp.ClaimType)?.Value;
        // A bearer principal carries no stamp: it was checked against the current token on its own request.
        if (stamp is null) return true;
        var current = StampFor(principal.IsInRole(DashboardRoles.Operator) ? DashboardRoles.Operator : DashboardRoles.Viewer);
        return current is not null && stamp == current;
    }

    /// <summary>The role the token grants, or null when it matches no configured token.</summary>
    public string? RoleFor(string presented)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        var now = time.GetUtcNow();
        // Both comparisons always run so the answer's timing does not tell which token was close.
        bool isOperator = _operator.Current(now) is { } op && TokenComparer.Matches(presented, op);
        bool isViewer = _viewer.Current(now) is { } vw && TokenComparer.Matches(presented, vw);
        return isOperator ? DashboardRoles.Operator : isViewer ? DashboardRoles.Viewer : null;
    }

    private sealed class TokenFile(string? path, string role, ILogger logger)
    {
        private readonly Lock _gate = new();
        private byte[]? _hash;
        private DateTimeOffset _readAt = DateTimeOffset.MinValue;
        private string? _lastProblem;

        public byte[]? Current(DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(path)) return null;
            lock (_gate)
            {
                if (now - _readAt >= RefreshInterval)
                {
                    _hash = Read(path);
                    _readAt = now;
                }
                return _hash;
            }
        }

        private byte[]? Read(string file)
        {
            string token;
            try { token = File.ReadAllText(file).Trim(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Report($"cannot read the {role} token file {file}: {e.Message}; the {role} token is disabled");
                return null;
            }
            if (token.Length < MinimumLength)
            {
                Report($"the {role} token in {file} is shorter than {MinimumLength} characters; the {role} token is disabled");
                return null;
            }
            if (_lastProblem is not null) logger.LogInformation("The {Role} token file {File} is usable again", role, file);
            _lastProblem = null;
            return TokenComparer.Hash(token);
        }

        private void Report(string problem)
        {
            // Logged once per change of state, not on every refresh.
            if (problem != _lastProblem) logger.LogError("{Problem}", problem);
            _lastProblem = problem;
        }
    }
}
