using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace LexHeller.Api.Infrastructure.Security;

/// <summary>
/// Headers on every response (pages, the API, static files, error answers): no framing, no sniffing,
/// no referrer (a receipt's address is its key), a content security policy without inline script,
/// and outside Development, over HTTPS, Strict-Transport-Security.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Pages and their assets: scripts and styles from this host only, in files; no inline script or style.</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>JSON, CSV and images of the API, the OpenAPI document and the probes: nothing in them may load or run anything.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// Swagger UI (third-party): its scripts and styles are files of this host, but it sets style
    /// attributes in the markup it renders and draws its icons from data: URIs.
    /// </summary>
    public const string SwaggerPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Sets the headers when the response starts, so that they survive the exception handler, which
    /// clears the headers of a failed request before it writes the problem or re-executes the error
    /// page. For the same reason HSTS is written here, from <see cref="HstsOptions"/>, rather than by
    /// <c>UseHsts()</c>, which sets it before the request runs and so loses it on every refusal.
    /// </summary>
    public static WebApplication UseLexHellerSecurityHeaders(this WebApplication app)
    {
        var hsts = app.Environment.IsDevelopment() ? null : app.Services.GetRequiredService<IOptions<HstsOptions>>().Value;
        var strictTransportSecurity = hsts is null ? null : StrictTransportSecurity(hsts);
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = PolicyFor(context.Request);
                if (strictTransportSecurity is not null && context.Request.IsHttps && !IsExcluded(context.Request.Host.Host, hsts!))
                    headers.StrictTransportSecurity = strictTransportSecurity;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>A year, this host only: the installation does not speak for other hosts of its domain.</summary>
    public static IServiceCollection AddLexHellerHsts(this IServiceCollection services) =>
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
            options.Preload = false;
        });

    private static string PolicyFor(HttpRequest request) =>
        WebPaths.IsPage(request) ? PagePolicy
        : request.Path.StartsWithSegments("/swagger") ? SwaggerPolicy
        : ApiPolicy;

    private static string StrictTransportSecurity(HstsOptions options) =>
        $"max-age={(long)options.MaxAge.TotalSeconds}"
        + (options.IncludeSubDomains ? "; includeSubDomains" : "")
        + (options.Preload ? "; preload" : "");

    /// <summary>As <c>UseHsts()</c>: localhost and loopback addresses are left out by default (<see cref="HstsOptions.ExcludedHosts"/>).</summary>
    private static bool IsExcluded(string host, HstsOptions options) =>
        options.ExcludedHosts.Any(excluded => string.Equals(excluded, host, StringComparison.OrdinalIgnoreCase));
}
