using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Refuses (403) what a foreign web page could make a browser do with the dashboard's ambient
/// authority, i.e. its anonymous reads, the sign-in cookie, or a loopback address:
/// <list type="bullet">
/// <item>hub negotiation and WebSocket (or SSE) connections to the live hub and the Blazor circuit from
/// a foreign Origin (cross-site WebSocket hijacking: browsers do not apply CORS to WebSockets);</item>
/// <item>any change (POST, PUT, PATCH, DELETE) from a foreign Origin, and a change made with the
/// sign-in cookie that carries neither the Origin header nor a valid antiforgery token
/// (RequestVerificationToken header). SameSite=Strict is not enough: another port on the same host is
/// the same site.</item>
/// </list>
/// "Same origin" is the Origin's host and port equal to the request's Host (which host filtering has
/// already restricted to allowed names); the scheme is not compared, so a TLS-terminating proxy in
/// front works. Requests authenticated with a bearer token are exempt: a token is not ambient, a page
/// cannot send one it does not know. Runs after authentication, which is how it knows.
/// </summary>
public sealed class SameOriginCheck(RequestDelegate next, IOptions<DashboardOptions> options, IAntiforgery antiforgery,
    IProblemDetailsService problems, ILogger<SameOriginCheck> logger)
{
    /// <summary>The Blazor circuit's hub: the pages' live connection.</summary>
    public const string CircuitPath = "/_blazor";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsBearerAuthenticated(context.User)) { await next(context); return; }
        bool hub = request.Path.StartsWithSegments(options.Value.HubPathPrefix) || request.Path.StartsWithSegments(CircuitPath);
        bool change = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
        if (!hub && !change) { await next(context); return; }

        string? origin = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : null;
        if (origin is not null)
        {
            if (IsSameOrigin(origin, request.Host)) { await next(context); return; }
            await RefuseAsync(context, $"A request from {Printable(origin)} to this dashboard, a different origin, is refused.");
            return;
        }
        // No Origin: not a browser's cross-origin request, unless the session cookie makes it one that counts.
        if (change && context.User.Identity?.IsAuthenticated == true && !await antiforgery.IsRequestValidAsync(context))
        {
            await RefuseAsync(context, "A change made with the sign-in cookie needs the Origin header or the antiforgery token (RequestVerificationToken header).");
            return;
        }
        await next(context);
    }

    private static bool IsBearerAuthenticated(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: DashboardSchemes.Bearer };

    /// <summary>Origin "scheme://host[:port]" against the Host header "host[:port]", default ports left out on both sides.</summary>
    internal static bool IsSameOrigin(string origin, HostString host)
    {
        if (!host.HasValue || !Uri.TryCreate(origin, UriKind.Absolute, out var o) || o.AbsolutePath != "/" || o.UserInfo.Length > 0) return false;
        if (!Uri.TryCreate("http://" + host.Value, UriKind.Absolute, out var h)) return false;
        var originPort = o.IsDefaultPort ? null : (int?)o.Port;
        var hostPort = host.Port; // null when the Host header names no port
        if (hostPort is 80 or 443) hostPort = null;
        return string.Equals(o.IdnHost, h.IdnHost, StringComparison.OrdinalIgnoreCase) && originPort == hostPort;
    }

    private async Task RefuseAsync(HttpContext context, string detail)
    {
        logger.LogWarning("Refused {Method} {Path} from {RemoteIp}: {Detail}",
            context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress, detail);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (!await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Cross-origin request refused", Detail = detail },
            }))
            await context.Response.WriteAsync(detail);
    }

    private static string Printable(string origin) => origin.Length > 100 || origin.Any(char.IsControl) ? "another origin" : origin;
}
