using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>
/// The Razor pages the app serves, as their route templates (<c>/triage/avvikelse/{id:guid}</c>), read from
/// its endpoint data source: a page added to the app is a page a test that covers "every page" must name.
/// </summary>
public static class PageRoutes
{
    /// <summary>Every page's route template, with a leading slash.</summary>
    public static IReadOnlySet<string> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(endpoint => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="pathAndQuery"/>'s path is one <paramref name="route"/> serves (constraints aside).</summary>
    public static bool Matches(string route, string pathAndQuery)
    {
        var path = pathAndQuery.Split('?', 2)[0];
        var matcher = new TemplateMatcher(TemplateParser.Parse(route.TrimStart('/')), new RouteValueDictionary());
        return matcher.TryMatch(new PathString(Uri.UnescapeDataString(path)), new RouteValueDictionary());
    }
}
