using System.Reflection;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LexHeller.Api.Infrastructure.Telemetry;

/// <summary>The <c>Telemetry</c> settings.</summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Where traces, metrics and logs are sent over OTLP (e.g. <c>http://collector:4317</c>). Unset: the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is used when set; with neither, nothing is exported.
    /// </summary>
    public string? OtlpEndpoint { get; init; }
}

public static class TelemetrySetup
{
    public const string ServiceName = "lexheller";

    /// <summary>
    /// OpenTelemetry traces and metrics: ASP.NET Core, HttpClient, SqlClient (SQL Server), the service's own
    /// sources (<c>LexHeller.Mediator</c>, <c>LexHeller.Data</c>) and every meter named <c>LexHeller.*</c>,
    /// with the .NET runtime's metrics. Exported over OTLP only when an endpoint is configured
    /// (<see cref="OtlpEndpoint"/>); otherwise the signals are recorded for no one and cost next to nothing.
    /// No tag carries report content or personal data: the server span's <c>url.path</c> is the route
    /// template (a receipt token travels in the path), and the service's own spans tag names and outcomes only.
    /// </summary>
    public static IServiceCollection AddLexHellerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MediatorTelemetry>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: ServiceVersion))
            .WithTracing(tracing => tracing
                .AddSource(MediatorTelemetry.SourceName, DataTelemetry.SourceName)
                .AddAspNetCoreInstrumentation(options => options.EnrichWithHttpResponse = ReplacePathWithRoute)
                .AddHttpClientInstrumentation()
                .AddSqlClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter("LexHeller.*")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSqlClientInstrumentation()
                .AddRuntimeInstrumentation());

        switch (OtlpEndpoint(configuration))
        {
            case (Uri endpoint, true):
                telemetry.UseOtlpExporter(Protocol(configuration), endpoint);
                break;
            case (not null, false):
                // The standard OTEL_EXPORTER_OTLP_* variables, read by the exporter itself.
                telemetry.UseOtlpExporter();
                break;
        }
        return services;
    }

    /// <summary>
    /// The OTLP endpoint, when one is configured: <c>Telemetry:OtlpEndpoint</c> (FromSetting) or else the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; null when neither is set, and then nothing is exported.
    /// </summary>
    public static (Uri Endpoint, bool FromSetting)? OtlpEndpoint(IConfiguration configuration)
    {
        var setting = configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>()?.OtlpEndpoint;
        if (!string.IsNullOrWhiteSpace(setting))
            return (new Uri(setting, UriKind.Absolute), true);
        var standard = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        return string.IsNullOrWhiteSpace(standard) ? null : (new Uri(standard, UriKind.Absolute), false);
    }

    /// <summary>The assembly's informational version (e.g. <c>1.0.0+commit</c>).</summary>
    public static string ServiceVersion { get; } =
        typeof(TelemetrySetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    // gRPC unless OTEL_EXPORTER_OTLP_PROTOCOL says http/protobuf, as the standard has it.
    private static OtlpExportProtocol Protocol(IConfiguration configuration) =>
        string.Equals(configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "http/protobuf", StringComparison.OrdinalIgnoreCase)
            ? OtlpExportProtocol.HttpProtobuf
            : OtlpExportProtocol.Grpc;

    // The path may hold a secret (a receipt token: /api/v1/receipts/{token}, /kvitto/{code}): the route template
    // stands in for it, and a path that matched no route is not recorded at all.
    private static void ReplacePathWithRoute(System.Diagnostics.Activity activity, HttpResponse response)
    {
        var route = (response.HttpContext.Features.Get<IEndpointFeature>()?.Endpoint as RouteEndpoint)?.RoutePattern.RawText;
        activity.SetTag("url.path", route is null ? null : "/" + route.Trim('/'));
    }
}
