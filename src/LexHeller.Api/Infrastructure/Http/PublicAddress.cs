using Microsoft.AspNetCore.HostFiltering;

namespace LexHeller.Api.Infrastructure.Http;

/// <summary>The <c>App</c> settings: where users reach the service, and whether Swagger UI is served.</summary>
public sealed class AppSettings
{
    public const string Section = "App";

    /// <summary>
    /// The address users reach the service at, e.g. <c>https://avvikelser.hoglandet.se</c>: the scheme and host of every
    /// absolute link (the receipt link, e-mails, sign-in redirects), whatever Host header a request came with.
    /// Required in Production; elsewhere, without it, links name the host the request came to.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Serves Swagger UI at <c>/swagger</c>. Unset: on outside Production, off in Production. The OpenAPI document is always served.</summary>
    public bool? SwaggerUi { get; set; }
}

/// <summary>
/// The service's public address (<see cref="AppSettings.PublicBaseUrl"/>). A request's Host header is the caller's to
/// choose, so no link or redirect is built from it: each request is given the public scheme and host before anything
/// reads them, and in Production only the public host (and loopback, for the container's health probe) is let in at all.
/// </summary>
public sealed class PublicAddress
{
    private PublicAddress(Uri? baseUrl) => BaseUrl = baseUrl;

    /// <summary>The configured public address (scheme, host and port, no path), or null where none is configured.</summary>
    public Uri? BaseUrl { get; }

    /// <summary>Reads and checks <c>App:PublicBaseUrl</c>; a mistake, or none in Production, stops the start-up with a message naming the setting.</summary>
    public static PublicAddress FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{AppSettings.Section}:{nameof(AppSettings.PublicBaseUrl)}"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (environment.IsProduction() && !OpenApiSetup.IsBuildTimeDocumentGeneration)
                throw new InvalidOperationException(
                    "App:PublicBaseUrl must be set in Production: the address users reach the service at, e.g. https://avvikelser.example.se. "
                    + "Every link in pages and e-mails is built from it, never from a request's Host header.");
            return new PublicAddress(null);
        }

        if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(url.UserInfo) || url.AbsolutePath != "/" || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
            throw new InvalidOperationException(
                $"App:PublicBaseUrl '{configured}' is not an http or https address without a path (e.g. https://avvikelser.example.se).");
        return new PublicAddress(new Uri(url.GetLeftPart(UriPartial.Authority) + "/"));
    }

    /// <summary>
    /// <paramref name="path"/> (starting with <c>/</c>) as an absolute address at the public address, or at the
    /// request's own where none is configured (Development and tests); null where there is neither.
    /// </summary>
    public string? Absolute(string path, HttpRequest? request = null)
    {
        if (!path.StartsWith('/'))
            throw new ArgumentException("The path must start with '/'.", nameof(path));
        if (BaseUrl is not null)
            return BaseUrl.GetLeftPart(UriPartial.Authority) + path;
        return request is null ? null : $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
    }

    /// <summary>The hosts let in: the public one and loopback (the health probe inside the container asks localhost).</summary>
    public IReadOnlyList<string> AllowedHosts() =>
        BaseUrl is null ? ["*"] : [BaseUrl.IdnHost, "localhost", "127.0.0.1", "[::1]"];
}

public static class PublicAddressSetup
{
    /// <summary>
    /// Registers <see cref="PublicAddress"/>. In Production, <c>AllowedHosts</c> becomes the public host (and loopback)
    /// unless it is configured to something other than <c>*</c>: any other Host header is refused with 400.
    /// </summary>
    public static IServiceCollection AddLexHellerPublicAddress(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Not read while the build writes the OpenAPI document, which runs the app in Production with no settings.
        services.AddSingleton(_ => PublicAddress.FromConfiguration(configuration, environment));
        if (environment.IsProduction() && configuration["AllowedHosts"] is null or "*")
        {
            // Configure runs before the host's own PostConfigure, which reads AllowedHosts only when nothing set it.
            services.AddOptions<HostFilteringOptions>().Configure<PublicAddress>((options, address) =>
                options.AllowedHosts = address.AllowedHosts().ToList());
        }

        return services;
    }

    /// <summary>
    /// Gives every request the public scheme and host, so that whatever the framework builds from them (the sign-in
    /// redirect, the OpenID Connect callback address) names the public address. Checks the setting at start-up.
    /// </summary>
    public static IApplicationBuilder UsePublicAddress(this IApplicationBuilder app)
    {
        var address = app.ApplicationServices.GetRequiredService<PublicAddress>();
        if (address.BaseUrl is not { } baseUrl)
            return app;

        var scheme = baseUrl.Scheme;
        var host = baseUrl.IsDefaultPort ? new HostString(baseUrl.IdnHost) : new HostString(baseUrl.IdnHost, baseUrl.Port);
        return app.Use((context, next) =>
        {
            context.Request.Scheme = scheme;
            context.Request.Host = host;
            return next(context);
        });
    }

    /// <summary>Whether Swagger UI is served: as configured, else everywhere but Production.</summary>
    public static bool ServesSwaggerUi(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>($"{AppSettings.Section}:{nameof(AppSettings.SwaggerUi)}") ?? !environment.IsProduction();
}
