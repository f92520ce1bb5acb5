using Dashboard.Web.Api;

namespace Dashboard.Web.Hosting;

/// <summary>
/// How failures are answered: API callers get ProblemDetails for every error (<see cref="ApiExceptionHandler"/>,
/// and status code pages for errors without a body, such as 404 for an unknown /api path); a browser's
/// page load gets the error page. Never a stack trace outside Development.
/// </summary>
public static class ErrorResponses
{
    public static IServiceCollection AddDashboardErrors(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // A body or parameter the endpoint cannot bind becomes a BadHttpRequestException that says what was
        // wrong, for ApiExceptionHandler to answer, instead of a bare 400/415 with an empty body.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseDashboardErrors(this WebApplication app)
    {
        // Development keeps the developer exception page the host puts in front of everything.
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", CreateScopeForErrors = true });
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        return app;
    }

    /// <summary>A browser loading a page (GET, asks for HTML) outside the API: it gets the error page, not JSON.</summary>
    public static bool IsPageLoad(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api")
        && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
