using Dashboard.Server.Events;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Api;

/// <summary>One place that turns the backend's errors into ProblemDetails with the right status.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>Looks a namespace up by id: 400 for a malformed id, 404 for an unknown one.</summary>
    public static (NetNamespace? Namespace, ProblemHttpResult? Problem) FindNamespace(INamespaceCatalog catalog, string id)
    {
        try
        {
            var ns = catalog.Find(id);
            return ns is null ? (null, NotFound($"no network namespace with id '{id}' on this node")) : (ns, null);
        }
        catch (ArgumentException e)
        {
            return (null, BadRequest(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "")));
        }
    }

    /// <summary>
    /// A namespace's current view by id: 400 for a malformed id, 404 for an unknown or vanished one, and the
    /// kernel's refusals and malformed replies mapped as <see cref="TryMap"/> does.
    /// </summary>
    public static async Task<(LiveView? View, ProblemHttpResult? Problem)> CurrentViewAsync(
        INamespaceCatalog catalog, NamespaceViews views, string id, CancellationToken ct)
    {
        var (ns, problem) = FindNamespace(catalog, id);
        if (ns is null) return (null, problem);
        try { return (await views.CurrentAsync(ns, ct), null); }
        catch (Exception e) when (TryMap(e, out var p)) { return (null, p); }
    }

    /// <summary>An optional ?family=: inet, inet6, 4 or 6 (null: both); anything else is a 400 saying so.</summary>
    public static (IpFamily? Family, ProblemHttpResult? Problem) ParseFamily(string? text) =>
        text is null ? (null, null)
        : RouteNames.ParseFamily(text) is { } family ? (family, null)
        : (null, BadRequest($"unknown family '{text}': use inet, inet6, 4 or 6"));

    public static bool TryMap(Exception e, out ProblemHttpResult problem)
    {
        problem = e switch
        {
            NamespaceNotFoundException => NotFound(e.Message),
            KeyNotFoundException => NotFound(e.Message),
            ArgumentException => BadRequest(e.Message),
            NetlinkException n => TypedResults.Problem(n.Message, statusCode: StatusCodes.Status502BadGateway, title: "The kernel refused the request"),
            NetlinkParseException => TypedResults.Problem($"malformed netlink message: {e.Message}", statusCode: StatusCodes.Status502BadGateway, title: "Malformed netlink message"),
            _ => null!,
        };
        return problem is not null;
    }
}
