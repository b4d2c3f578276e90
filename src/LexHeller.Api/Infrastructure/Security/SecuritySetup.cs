using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;

namespace LexHeller.Api.Infrastructure.Security;

/// <summary>The <c>ForwardedHeaders</c> settings: the reverse proxies (TLS terminators) whose forwarded headers are believed.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>. Loopback is always known.</summary>
    public IReadOnlyList<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public IReadOnlyList<string> KnownNetworks { get; set; } = [];
}

public static class SecuritySetup
{
    /// <summary>
    /// Forwarded headers from known proxies only, cookies that are always Secure and HttpOnly, HSTS,
    /// the rate limits and the request body limit.
    /// </summary>
    public static IServiceCollection AddLexHellerSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        var knownProxies = proxies.KnownProxies.Select(proxy => IPAddress.TryParse(proxy, out var address) ? address
            : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownProxies: '{proxy}' is not an IP address.")).ToList();
        var knownNetworks = proxies.KnownNetworks.Select(network => System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
            : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/24).")).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The client's address (for the rate limits) and the scheme (https, for Secure cookies and HSTS),
            // from the nearest proxy only, and only when it is one of ours: anyone else could send these headers.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var address in knownProxies)
                options.KnownProxies.Add(address);
            foreach (var network in knownNetworks)
                options.KnownIPNetworks.Add(network);
        });

        // A safety net under the cookies' own settings (WebSignIn, antiforgery, TempData): whatever
        // else sets a cookie, it goes over HTTPS only and out of reach of script. SameSite is left to
        // each cookie: the OpenID Connect correlation cookies must stay SameSite=None for the provider's form post.
        services.Configure<CookiePolicyOptions>(options =>
        {
            options.Secure = CookieSecurePolicy.Always;
            options.HttpOnly = HttpOnlyPolicy.Always;
            options.MinimumSameSitePolicy = SameSiteMode.None;
        });

        services.AddLexHellerHsts();
        services.AddLexHellerRateLimiting(configuration);
        services.AddSingleton(RequestLimits.FromConfiguration(configuration));
        return services;
    }
}
