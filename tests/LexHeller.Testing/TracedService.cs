using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LexHeller.Testing;

/// <summary>
/// A factory's service with OpenTelemetry's in-memory exporters added to its own tracer and meter providers,
/// so a test reads the spans and metrics it produced. Requests carry a traceparent of the test's choosing:
/// the spans of one request are those of its trace.
/// </summary>
public sealed class TracedService(LexHellerApiFactory factory) : IAsyncDisposable
{
    private readonly Exported<Activity> _spans = new();
    private readonly Exported<MetricSnapshot> _metrics = new();
    private WebApplicationFactory<Program>? _traced;

    public WebApplicationFactory<Program> Service => _traced ??= factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services
        .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans))
        .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics))));

    /// <summary>Sends a request in a new trace; returns the response and the trace's id.</summary>
    public async Task<(HttpResponseMessage Response, ActivityTraceId TraceId)> SendTracedAsync(HttpClient client, HttpRequestMessage request)
    {
        var traceId = ActivityTraceId.CreateRandom();
        using (request)
        {
            request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            return (await client.SendAsync(request), traceId);
        }
    }

    /// <summary>The trace's spans, once its server span and the span <paramref name="last"/> picks (both end last) are exported.</summary>
    public async Task<List<Activity>> SpansOfAsync(ActivityTraceId traceId, Func<Activity, bool> last)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var spans = SpansOf(traceId);
            if (spans.Any(span => span.Kind == ActivityKind.Server) && spans.Any(last))
                return spans;
            await Task.Delay(50);
        }
        return SpansOf(traceId);
    }

    /// <summary>Every metric point exported under <paramref name="name"/>, after a flush.</summary>
    public List<MetricPoint> MetricPoints(string name)
    {
        Assert.True(Service.Services.GetRequiredService<MeterProvider>().ForceFlush());
        return [.. _metrics.Snapshot().Where(metric => metric.Name == name).SelectMany(metric => metric.MetricPoints)];
    }

    public static bool IsDescendant(Activity span, Activity ancestor, List<Activity> spans)
    {
        for (var parent = span.ParentSpanId; parent != default; parent = spans.SingleOrDefault(other => other.SpanId == parent)?.ParentSpanId ?? default)
        {
            if (parent == ancestor.SpanId)
                return true;
        }
        return false;
    }

    /// <summary>Fails when any tag or span name holds any of <paramref name="forbidden"/>.</summary>
    public static void AssertNoneHolds(List<Activity> spans, IEnumerable<string> forbidden)
    {
        var words = forbidden.ToList();
        foreach (var span in spans)
        {
            foreach (var (key, value) in span.TagObjects)
            {
                var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                Assert.False(words.Any(word => text.Contains(word, StringComparison.Ordinal)), $"{span.DisplayName}: {key}={text}");
            }
            Assert.False(words.Any(word => span.DisplayName.Contains(word, StringComparison.Ordinal)), span.DisplayName);
        }
    }

    private List<Activity> SpansOf(ActivityTraceId traceId) => [.. _spans.Snapshot().Where(span => span.TraceId == traceId)];

    /// <summary>What an exporter adds from its own thread while the test reads.</summary>
    private sealed class Exported<T> : Collection<T>
    {
        private readonly Lock _lock = new();

        protected override void InsertItem(int index, T item)
        {
            lock (_lock)
                base.InsertItem(index, item);
        }

        public List<T> Snapshot()
        {
            lock (_lock)
                return [.. Items];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_traced is not null)
            await _traced.DisposeAsync();
    }
}
