using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.Api;

/// <summary>
/// Answers API callers whose request failed with ProblemDetails, never the HTML error page: a request
/// the framework could not bind (malformed JSON 400, a body that is not JSON 415: BadHttpRequestException,
/// see <see cref="Hosting.ErrorResponses"/>), or 500 with a trace id for anything unexpected — the
/// exception is logged with that id, the answer holds no internals. A browser's page load is left to
/// the error page.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Hosting.ErrorResponses.IsPageLoad(httpContext.Request)) return false;
        var problem = exception is BadHttpRequestException bad
            ? new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "Bad request",
                Detail = bad.Message,
            }
            : new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Unexpected error",
                Detail = "The dashboard could not answer this request; its log has the details under this trace id.",
            };
        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        if (problem.Status >= 500)
            logger.LogError(exception, "Unexpected error answering {Method} {Path} (trace id {TraceId})",
                httpContext.Request.Method, httpContext.Request.Path, traceId);
        else
            logger.LogDebug("Refused {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        problem.Extensions["traceId"] = traceId;
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
