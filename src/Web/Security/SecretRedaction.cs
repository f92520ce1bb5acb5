using System.Buffers;
using System.Text.RegularExpressions;

namespace Dashboard.Web.Security;

/// <summary>
/// Masks secrets in text about HTTP requests: token query parameters (SignalR's WebSocket and SSE
/// transports send the bearer token as ?access_token=), Authorization values (Bearer, Basic, …), cookie
/// values (the session cookie, antiforgery), and Authorization/Cookie header lines. The name stays, the
/// value becomes <see cref="Mask"/>, so a log line still says what was sent, not what it was.
/// </summary>
public static partial class SecretRedaction
{
    public const string Mask = "***";

    // A cheap first look: most log text holds none of these, and then the regex never runs.
    private static readonly SearchValues<string> Markers = SearchValues.Create(
        ["token", "Bearer", "Basic", "authorization", "cookie", "secret", "code=", "password",
         "routedash.auth", ".aspnetcore."],
        StringComparison.OrdinalIgnoreCase);

    // Header names and the HTTP schemes match in any case; a bare scheme word matches only as HTTP writes
    // it ("Bearer", "Basic") and only before a credential-like value, so prose such as "a bearer token"
    // stays readable.
    [GeneratedRegex("""
        (?<name>(?<![\w.-])(?:access_token|id_token|refresh_token|token|client_secret|password)=)[^&\s"'#;,]+
        | (?<name>[?&]code=)[^&\s"'#;,]+
        | (?<name>(?-i:\b(?:Bearer|Basic)\s+))[A-Za-z0-9._~+/-]{8,}=*
        | (?<name>(?<![\w.-])(?:routedash\.auth|\.AspNetCore\.[\w.-]+)=)[^;\s"',\]]+
        | (?<name>\b(?:Authorization|Cookie|Set-Cookie|RequestVerificationToken)\s*[:=,]\s*)[^\r\n"\]]+
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex Secrets();

    /// <summary><paramref name="text"/> with every secret value masked (the same instance when it holds none).</summary>
    public static string Redact(string text) =>
        text.AsSpan().ContainsAny(Markers) ? Secrets().Replace(text, m => m.Groups["name"].Value + Mask) : text;
}
