using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace LexHeller.Api.Infrastructure.Security;

/// <summary>So many requests per fixed window (e.g. <c>"PermitLimit": 20, "Window": "00:05:00"</c>).</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PermitLimit} requests per {Window.TotalSeconds:0} seconds");
}

/// <summary>The <c>RateLimiting</c> settings: how often a client may knock before it is told to wait.</summary>
public sealed class RateLimitingSettings
{
    public const string Section = "RateLimiting";

    /// <summary>Filing without credentials (the API and the report form's POST), per client address.</summary>
    public WindowLimit AnonymousIntake { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Receipts read or answered by their token (the API and the pages), per client address.</summary>
    public WindowLimit Receipts { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Every request of one integration partner's API key, whatever it asks.</summary>
    public WindowLimit ApiKey { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Reads and checks the settings; a mistake stops the start-up with a message that names the setting.</summary>
    public static RateLimitingSettings FromConfiguration(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<RateLimitingSettings>() ?? new RateLimitingSettings();
        foreach (var (name, limit) in new[] { (nameof(AnonymousIntake), settings.AnonymousIntake), (nameof(Receipts), settings.Receipts), (nameof(ApiKey), settings.ApiKey) })
        {
            if (limit.PermitLimit < 1)
                throw new InvalidOperationException($"{Section}:{name}:PermitLimit must be at least 1.");
            if (limit.Window < TimeSpan.FromSeconds(1))
                throw new InvalidOperationException($"{Section}:{name}:Window must be at least one second.");
        }

        return settings;
    }
}

/// <summary>
/// The rate limits and their names, which a refusal repeats: anonymous intake and receipts per client
/// address (endpoint policies, set where the endpoints and pages are mapped), and every API key on
/// its own (the global limiter). Signed-in users and bearer tokens are accountable and not limited here.
/// </summary>
public static class RateLimits
{
    public const string AnonymousIntake = "anonymous-intake";
    public const string Receipts = "receipts";
    public const string ApiKey = "api-key";

    public static IServiceCollection AddLexHellerRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = RateLimitingSettings.FromConfiguration(configuration);
        services.AddSingleton(settings);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(AnonymousIntake, new ClientAddressPolicy(AnonymousIntake, settings.AnonymousIntake, postsOnly: true));
            options.AddPolicy(Receipts, new ClientAddressPolicy(Receipts, settings.Receipts, postsOnly: false));
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.FindFirst(AuthClaims.ApiClientId)?.Value is { } apiClientId
                    ? FixedWindow($"{ApiKey}:{apiClientId}", settings.ApiKey)
                    : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = (rejected, cancellationToken) => RefuseAsync(rejected, ApiKey, settings.ApiKey, cancellationToken);
        });
        return services;
    }

    /// <summary>
    /// The client's address as the partition key: IPv4 as is, IPv6 by its /64 (one subscriber's
    /// network, which it can fill with addresses at will). Behind a proxy, the forwarded headers
    /// middleware has already put the client's address here, if the proxy is a known one.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private static RateLimitPartition<string> FixedWindow(string key, WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });

    /// <summary>
    /// 429 with <c>Retry-After</c> in whole seconds (a fixed window's lease says the window's length:
    /// an upper bound) and a problem naming the limit; a page gets the Swedish error page instead.
    /// </summary>
    private static async ValueTask RefuseAsync(OnRejectedContext rejected, string name, WindowLimit limit, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Window;
        var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))
            .LogInformation("Request refused with 429 by the rate limit {Limit} ({Allowed})", name, limit);
        if (WebPaths.IsPage(context.Request))
            return;

        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = $"The limit '{name}' allows {limit}. Retry after {seconds} seconds.",
        };
        problem.Extensions["limit"] = name;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        });
    }

    /// <summary>
    /// Per client address, for callers who presented no credentials that held; <paramref name="postsOnly"/>
    /// leaves reading a form alone and counts only sending it.
    /// </summary>
    private sealed class ClientAddressPolicy(string name, WindowLimit limit, bool postsOnly) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } =
            (rejected, cancellationToken) => RefuseAsync(rejected, name, limit, cancellationToken);

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            httpContext.User.Identity?.IsAuthenticated == true || (postsOnly && !HttpMethods.IsPost(httpContext.Request.Method))
                ? RateLimitPartition.GetNoLimiter("")
                : FixedWindow($"{name}:{ClientAddress(httpContext)}", limit);
    }
}
