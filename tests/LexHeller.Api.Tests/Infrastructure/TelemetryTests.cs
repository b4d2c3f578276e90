using System.Diagnostics;
using System.Reflection;
using LexHeller.Api.Infrastructure.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LexHeller.Api.Tests.Infrastructure;

/// <summary>
/// OpenTelemetry beyond the engine-bound contract (<see cref="Contracts.TelemetryOnSqliteTests"/>): secrets in addresses,
/// the mediator's histogram, and when anything leaves the process.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        // Whatever the machine's environment says: these tests decide where telemetry goes.
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
    });
    private TracedService _traced = null!;

    public ValueTask InitializeAsync()
    {
        _traced = new TracedService(_factory);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _traced.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_receipt_token_in_the_address_is_not_recorded()
    {
        var client = _traced.Service.CreateClient();
        var created = await (await client.PostReportAsync(ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(client), 1))).ReadJsonAsync();
        var token = (string)created["receiptToken"]!;

        var (response, traceId) = await _traced.SendTracedAsync(client, new HttpRequestMessage(HttpMethod.Get, $"/api/v1/receipts/{token}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = await _traced.SpansOfAsync(traceId, span => span.DisplayName == "GetReceipt");
        Assert.Equal("/api/v1/receipts/{token}", spans.Single(span => span.Kind == ActivityKind.Server).GetTagItem("url.path"));
        TracedService.AssertNoneHolds(spans, [token]);
    }

    [Fact]
    public async Task Each_mediator_request_s_duration_is_recorded_with_its_name_and_outcome()
    {
        var client = _traced.Service.CreateClient();
        await client.PostReportAsync(ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(client), 2));
        var invalid = await client.PostReportAsync(new JsonObject { ["associationCode"] = ReportBodies.Association });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var points = _traced.MetricPoints(MediatorTelemetry.DurationName);

        Assert.Contains(points, point => HasTags(point, "SubmitReport", "success") && point.GetHistogramCount() >= 1);
        Assert.Contains(points, point => HasTags(point, "SubmitReport", "ValidationException") && point.GetHistogramCount() >= 1);
    }

    [Fact]
    public void Nothing_is_exported_over_otlp_when_no_endpoint_is_configured()
    {
        var exporters = PipelineTypes(_factory.Services);

        Assert.Contains(exporters, name => name.Contains("TracerProvider", StringComparison.Ordinal));
        Assert.DoesNotContain(exporters, name => name.Contains("Otlp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Traces_and_metrics_are_exported_over_otlp_when_an_endpoint_is_configured()
    {
        var port = ApiProcess.FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = ReceiveAsync(collector);
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });

        var exporters = PipelineTypes(factory.Services);
        await factory.CreateClient().GetAsync("/health/ready");
        factory.Services.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.Contains("OtlpTraceExporter", exporters);
        Assert.Contains("OtlpMetricExporter", exporters);
        Assert.Contains("/v1/traces", await received.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static bool HasTags(MetricPoint point, string request, string outcome)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
            tags[tag.Key] = tag.Value;
        return Equals(tags.GetValueOrDefault("lexheller.request"), request) && Equals(tags.GetValueOrDefault("lexheller.outcome"), outcome);
    }

    /// <summary>What an OTLP collector would be sent: the paths of the requests, until traces arrive.</summary>
    private static async Task<string> ReceiveAsync(HttpListener collector)
    {
        var paths = new List<string>();
        while (!paths.Contains("/v1/traces"))
        {
            var context = await collector.GetContextAsync();
            paths.Add(context.Request.Url!.AbsolutePath);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
        return string.Join(' ', paths);
    }

    /// <summary>The type names of everything in the built tracer and meter providers' pipelines (processors, readers, exporters).</summary>
    private static List<string> PipelineTypes(IServiceProvider services)
    {
        var names = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        void Walk(object? node, int depth)
        {
            if (node is null || depth > 8 || !seen.Add(node) || node.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) != true)
                return;
            names.Add(node.GetType().Name);
            for (var type = node.GetType(); type is not null; type = type.BaseType)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsValueType)
                        Walk(field.GetValue(node), depth + 1);
                }
            }
        }
        Walk(services.GetRequiredService<TracerProvider>(), 0);
        Walk(services.GetRequiredService<MeterProvider>(), 0);
        return names;
    }
}
