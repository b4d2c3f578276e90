using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Every request the application answers, as "METHOD /route" keys read from its endpoint data source:
/// minimal-API endpoints by their HTTP methods, and Razor Pages by each handler they declare
/// (<c>POST /triage/avvikelse/{id:guid}?handler=close</c>), so a new handler is a new key too.
/// </summary>
public static class EndpointInventory
{
    public static async Task<IReadOnlyList<string>> KeysAsync(LexHellerApiFactory factory)
    {
        var keys = new List<string>();
        var pageLoader = factory.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await pageLoader.LoadAsync(page, endpoint.Metadata);
                // A page without a model has no handler methods: it renders on GET.
                keys.AddRange(compiled.HandlerMethods.Count == 0
                    ? [$"GET {route}"]
                    : compiled.HandlerMethods.Select(handler =>
                        $"{handler.HttpMethod.ToUpperInvariant()} {route}{(handler.Name is null ? "" : $"?handler={handler.Name.ToLowerInvariant()}")}"));
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            keys.AddRange(methods.Select(method => $"{method} {route}"));
        }

        return [.. keys.Distinct().Order(StringComparer.Ordinal)];
    }
}
