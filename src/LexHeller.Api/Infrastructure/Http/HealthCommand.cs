namespace LexHeller.Api.Infrastructure.Http;

/// <summary>
/// The <c>health</c> command: asks the service running on this machine whether it is ready
/// (<c>GET /health/ready</c>) and exits 0 when it answers 200, else 1, within <see cref="Timeout"/>. The runtime
/// image has no curl, so the Dockerfile's HEALTHCHECK and docker-compose.yml run <c>dotnet LexHeller.Api.dll health</c>.
/// </summary>
public static class HealthCommand
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Where to ask: <c>Health:Url</c> when set; else the first http address of <c>urls</c> (<c>ASPNETCORE_URLS</c>,
    /// <c>--urls</c>) with a wildcard host made <c>localhost</c>; else the first of <c>http_ports</c>
    /// (<c>ASPNETCORE_HTTP_PORTS</c>); else Kestrel's default, port 5000.
    /// </summary>
    public static Uri ReadinessAddress(IConfiguration configuration)
    {
        if (configuration["Health:Url"] is { Length: > 0 } url)
            return new Uri(url, UriKind.Absolute);

        var listening = (configuration["urls"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(address => address.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (listening is not null)
        {
            var builder = new UriBuilder(listening.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal));
            if (builder.Host is "0.0.0.0" or "[::]" or "::")
                builder.Host = "localhost";
            builder.Path = "/health/ready";
            return builder.Uri;
        }

        var port = (configuration["http_ports"] ?? "")
            .Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? "5000";
        return new Uri($"http://localhost:{port}/health/ready");
    }

    /// <summary>0 when the service answers 200, 1 when it answers anything else, cannot be reached or is too slow.</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output)
    {
        var address = ReadinessAddress(configuration);
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(address);
            await output.WriteLineAsync($"{address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"{address}: {exception.GetType().Name}: {exception.Message}");
            return 1;
        }
    }
}
