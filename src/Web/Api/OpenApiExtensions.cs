using Dashboard.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Dashboard.Web.Api;

/// <summary>The OpenAPI document of the REST API, served at /openapi/v1.json.</summary>
public static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    private const string BearerScheme = "bearer";

    public static IServiceCollection AddDashboardOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Route Dashboard API",
                    Version = DocumentName,
                    Description = "Routing of every network namespace of this node, findings of nexthops outside their VRF, and their migration. "
                        + "Reads are open to viewers; changes need the operator token as a bearer token (or a signed-in session).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The operator token (Dashboard:OperatorTokenFile). Hubs also take it as ?access_token=.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
                if (!policies.Contains(DashboardPolicies.Operator)) return Task.CompletedTask;
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid credential." });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Not an operator, or the dashboard is read-only." });
                operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Mutation rate limit reached." });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapDashboardOpenApi(this IEndpointRouteBuilder app)
    {
        // The document lists the node's API only, but it follows the read policy like every other read.
        app.MapOpenApi("/openapi/{documentName}.json").RequireViewer();
        return app;
    }
}
