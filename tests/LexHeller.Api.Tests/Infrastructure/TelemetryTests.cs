using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using LexHeller.Api.Infrastructure.Telemetry;
using LexHeller.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LexHeller.Api.Tests.Infrastructure;

/// <summary>OpenTelemetry: what a request leaves behind, that it holds no personal data, and when it leaves the process.</summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        // Whatever the machine's environment says: these tests decide where telemetry goes.
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
    });
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private WebApplicationFactory<Program>? _traced;

    public ValueTask InitializeAsync()
    {
        _traced = _factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans))
            .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics))));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_traced is not null)
            await _traced.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Filing_a_report_is_traced_from_the_server_span_through_the_mediator_to_the_database()
    {
        var client = _traced!.CreateClient();
        var body = ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(client), 0, ReportBodies.Contact());
        var traceId = ActivityTraceId.CreateRandom();

        var response = await SendTracedAsync(client, traceId, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(body) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spans = await SpansOfAsync(traceId, span => span.Source.Name == DataSourceName && span.DisplayName == "db.session");
        var server = Assert.Single(spans, span => span.Kind == ActivityKind.Server);
        Assert.Equal("/api/v1/reports", server.GetTagItem("url.path"));
        var mediator = Assert.Single(spans, span => span.Source.Name == MediatorTelemetry.SourceName);
        Assert.Equal("SubmitReport", mediator.DisplayName);
        Assert.Equal("command", mediator.GetTagItem("lexheller.request.kind"));
        Assert.True(IsDescendant(mediator, server, spans), "The mediator span is not under the server span.");
        var transaction = Assert.Single(spans, span => span.Source.Name == DataSourceName && span.DisplayName == "db.transaction");
        Assert.Equal("sqlite", transaction.GetTagItem("db.system"));
        Assert.Equal("commit", transaction.GetTagItem("lexheller.db.outcome"));
        Assert.True(IsDescendant(transaction, mediator, spans), "The transaction span is not under the mediator span.");
        Assert.True(IsDescendant(spans.Single(span => span.DisplayName == "db.session"), server, spans), "The session span is not under the server span.");
        AssertNoPersonalData(spans, [(string)body["description"]!, (string)body["consequence"]!, "@", "Anna Handläggare", "0380-51"]);
    }

    [Fact]
    public async Task A_receipt_token_in_the_address_is_not_recorded()
    {
        var client = _traced!.CreateClient();
        var created = await (await client.PostReportAsync(ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(client), 1))).ReadJsonAsync();
        var token = (string)created["receiptToken"]!;
        var traceId = ActivityTraceId.CreateRandom();

        var response = await SendTracedAsync(client, traceId, () => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/receipts/{token}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = await SpansOfAsync(traceId, span => span.Kind == ActivityKind.Server);
        Assert.Equal("/api/v1/receipts/{token}", spans.Single(span => span.Kind == ActivityKind.Server).GetTagItem("url.path"));
        Assert.Contains(spans, span => span.DisplayName == "GetReceipt");
        AssertNoPersonalData(spans, [token]);
    }

    [Fact]
    public async Task Each_mediator_request_s_duration_is_recorded_with_its_name_and_outcome()
    {
        var client = _traced!.CreateClient();
        await client.PostReportAsync(ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(client), 2));
        var invalid = await client.PostReportAsync(new JsonObject { ["associationCode"] = ReportBodies.Association });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        Assert.True(_traced.Services.GetRequiredService<MeterProvider>().ForceFlush());

        var points = _metrics.Where(metric => metric.Name == MediatorTelemetry.DurationName).SelectMany(metric => metric.MetricPoints).ToList();
        Assert.Contains(points, point => HasTags(point, "SubmitReport", "success") && point.GetHistogramCount() >= 1);
        Assert.Contains(points, point => HasTags(point, "SubmitReport", "ValidationException") && point.GetHistogramCount() >= 1);
    }

    [Fact]
    public void Nothing_is_exported_over_otlp_when_no_endpoint_is_configured()
    {
        var exporters = ExporterTypes(_factory.Services);

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

        var exporters = ExporterTypes(factory.Services);
        await factory.CreateClient().GetAsync("/health/ready");
        factory.Services.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.Contains("OtlpTraceExporter", exporters);
        Assert.Contains("OtlpMetricExporter", exporters);
        Assert.Contains("/v1/traces", await received.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private const string DataSourceName = "LexHeller.Data";

    private static async Task<HttpResponseMessage> SendTracedAsync(HttpClient client, ActivityTraceId traceId, Func<HttpRequestMessage> request)
    {
        using var message = request();
        message.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return await client.SendAsync(message);
    }

    /// <summary>The trace's spans, once the one <paramref name="last"/> picks (it ends last) has been exported.</summary>
    private async Task<List<Activity>> SpansOfAsync(ActivityTraceId traceId, Func<Activity, bool> last)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            List<Activity> spans;
            lock (_spans)
                spans = [.. _spans.Where(span => span.TraceId == traceId)];
            if (spans.Any(span => span.Kind == ActivityKind.Server) && spans.Any(last))
                return spans;
            await Task.Delay(50);
        }
        lock (_spans)
            return [.. _spans.Where(span => span.TraceId == traceId)];
    }

    private static bool IsDescendant(Activity span, Activity ancestor, List<Activity> spans)
    {
        for (var parent = span.ParentSpanId; parent != default; parent = spans.SingleOrDefault(other => other.SpanId == parent)?.ParentSpanId ?? default)
        {
            if (parent == ancestor.SpanId)
                return true;
        }
        return false;
    }

    private static void AssertNoPersonalData(List<Activity> spans, string[] forbidden)
    {
        foreach (var span in spans)
        {
            foreach (var (key, value) in span.TagObjects)
            {
                var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                Assert.False(forbidden.Any(word => text.Contains(word, StringComparison.Ordinal)), $"{span.DisplayName}: {key}={text}");
            }
            Assert.DoesNotContain("@", span.DisplayName, StringComparison.Ordinal);
        }
    }

    private static bool HasTags(MetricPoint point, string request, string outcome)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
            tags[tag.Key] = tag.Value;
        return Equals(tags.GetValueOrDefault("lexheller.request"), request) && Equals(tags.GetValueOrDefault("lexheller.outcome"), outcome);
    }

    private static async Task<string> ReceiveAsync(HttpListener collector)
    {
        var paths = new List<string>();
        while (true)
        {
            var context = await collector.GetContextAsync();
            paths.Add(context.Request.Url!.AbsolutePath);
            context.Response.StatusCode = 200;
            context.Response.Close();
            if (paths.Contains("/v1/traces"))
                return string.Join(' ', paths);
        }
    }

    /// <summary>The type names of everything in the built tracer and meter providers' pipelines (processors, readers, exporters).</summary>
    private static List<string> ExporterTypes(IServiceProvider services)
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
