using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Dashboard.Server.State;

namespace Dashboard.Web.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Options, the allowed host names, authentication (bearer token, sign-in cookie, OpenID Connect
    /// when configured), the Operator and Viewer policies, the mutation rate limit, antiforgery and
    /// ProblemDetails.
    /// </summary>
    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DashboardOptions.Section);
        services.AddOptions<DashboardOptions>().Bind(section)
            .Validate(o => o.MutationsPerMinute > 0, "Dashboard:MutationsPerMinute must be positive")
            .Validate(o => o.HubPathPrefix.StartsWith('/'), "Dashboard:HubPathPrefix must start with /")
            .Validate(o => o.HubConnectionLimit > 0, "Dashboard:HubConnectionLimit must be positive")
            .Validate(o => o.HubSubscriptionLimit > 0, "Dashboard:HubSubscriptionLimit must be positive")
            .Validate(o => o.HubCallsPerMinute > 0, "Dashboard:HubCallsPerMinute must be positive")
            .ValidateOnStart();
        var dashboard = section.Get<DashboardOptions>() ?? new DashboardOptions();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StaticTokenStore>();
        services.TryAddSingleton<MutationRateLimit>();
        services.AddDashboardHostFiltering();
        services.AddProblemDetails();
        services.AddAntiforgery();
        AddCookieKeys(services);

        var auth = services.AddAuthentication(DashboardSchemes.Selector)
            .AddPolicyScheme(DashboardSchemes.Selector, "Bearer token or cookie", o =>
            {
                o.ForwardDefaultSelector = context =>
                {
                    var hubPrefix = context.RequestServices.GetRequiredService<IOptions<DashboardOptions>>().Value.HubPathPrefix;
                    return StaticTokenAuthenticationHandler.CarriesToken(context.Request, hubPrefix)
                        ? DashboardSchemes.Bearer
                        : DashboardSchemes.Cookie;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, StaticTokenAuthenticationHandler>(DashboardSchemes.Bearer, null)
            .AddCookie(DashboardSchemes.Cookie, o =>
            {
                o.Cookie.Name = "routedash.auth";
                o.Cookie.HttpOnly = true;
                // Strict keeps the cookie off every cross-site request: the API's mutations take
                // JSON, not forms, and this is what keeps a foreign page from posting to them.
                o.Cookie.SameSite = SameSiteMode.Strict;
                // The default listener is plain HTTP on loopback (reached through port-forward).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = AccountEndpoints.SignInPage;
                o.AccessDeniedPath = AccountEndpoints.SignInPage;
                o.Events.OnValidatePrincipal = CookieTokenStamp.ValidateAsync;
            });
        if (dashboard.OidcEnabled) AddOidc(auth, dashboard.Oidc);

        services.AddSingleton<IAuthorizationHandler, OperatorRequirementHandler>();
        services.AddSingleton<IAuthorizationHandler, ViewerRequirementHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicies.Operator, p => p.AddRequirements(new OperatorRequirement()))
            .AddPolicy(DashboardPolicies.Viewer, p => p.AddRequirements(new ViewerRequirement()));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = WriteRateLimitedAsync;
            o.AddPolicy<string, MutationRateLimit.Policy>(DashboardPolicies.MutationRateLimit);
        });
        return services;
    }

    /// <summary>
    /// Authentication, the same-origin check, authorization, rate limiting and antiforgery, in that
    /// order. Call once before mapping endpoints; do not call UseAntiforgery again.
    /// </summary>
    public static IApplicationBuilder UseDashboardSecurity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseMiddleware<SameOriginCheck>();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Operator policy plus the mutation rate limit: what every mutating endpoint needs.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(DashboardPolicies.Operator).RequireRateLimiting(DashboardPolicies.MutationRateLimit);

    /// <summary>Viewer policy: what every reading endpoint needs.</summary>
    public static TBuilder RequireViewer<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(DashboardPolicies.Viewer);

    private static async ValueTask WriteRateLimitedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many changes",
                Detail = http.RequestServices.GetRequiredService<MutationRateLimit>().RefusalReason,
            },
        });
    }

    /// <summary>
    /// Cookie and antiforgery keys persist beside the audit trail, so sessions survive a restart of
    /// the pod; they are kept in an owner-only directory on the node.
    /// </summary>
    private static void AddCookieKeys(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("routedash");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<DashboardOptions>, ILoggerFactory>((keys, dashboard, loggers) =>
            {
                var logger = loggers.CreateLogger(typeof(SecurityServiceCollectionExtensions));
                try
                {
                    StateDirectory.Ensure(dashboard.Value.EffectiveStateDirectory);
                    var dir = StateDirectory.Ensure(Path.Combine(dashboard.Value.EffectiveStateDirectory, "keys"));
                    keys.XmlRepository = new FileSystemXmlRepository(dir, loggers);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning("Cannot keep cookie keys under {Directory} ({Error}); sign-ins will not survive a restart",
                        dashboard.Value.EffectiveStateDirectory, e.Message);
                }
            });
    }

    private static void AddOidc(AuthenticationBuilder auth, OidcOptions oidc)
    {
        auth.AddOpenIdConnect(DashboardSchemes.Oidc, o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            if (!string.IsNullOrWhiteSpace(oidc.ClientSecretFile))
                o.ClientSecret = File.ReadAllText(oidc.ClientSecretFile).Trim();
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SignInScheme = DashboardSchemes.Cookie;
            // The identity provider's tokens are not needed after sign-in; keeping them out of the
            // cookie keeps secrets out of the browser.
            o.SaveTokens = false;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.CallbackPath = "/auth/oidc/callback";
            o.Events.OnTokenValidated = context =>
            {
                if (context.Principal is { } principal)
                    context.Principal = OidcRoles.Map(principal, oidc);
                return Task.CompletedTask;
            };
        });
    }
}

/// <summary>Maps the identity provider's role claim onto the dashboard's two roles.</summary>
public static class OidcRoles
{
    public static ClaimsPrincipal Map(ClaimsPrincipal principal, OidcOptions oidc)
    {
        var claims = principal.Claims.Where(c => c.Type != ClaimTypes.Role && c.Type != ClaimTypes.Name).ToList();
        var name = principal.FindFirst("preferred_username")?.Value
            ?? principal.FindFirst("email")?.Value
            ?? principal.FindFirst("name")?.Value
            ?? principal.FindFirst("sub")?.Value
            ?? "oidc-user";
        claims.Add(new Claim(ClaimTypes.Name, name));
        claims.Add(new Claim(ClaimTypes.Role, DashboardRoles.Viewer));
        if (principal.Claims.Any(c => c.Type == oidc.RoleClaim && c.Value == oidc.OperatorRole))
            claims.Add(new Claim(ClaimTypes.Role, DashboardRoles.Operator));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, DashboardSchemes.Oidc, ClaimTypes.Name, ClaimTypes.Role));
    }
}
