using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LexHeller.Api.Infrastructure.Telemetry;

/// <summary>The mediator's instruments: one span per request, and its duration as a histogram.</summary>
public sealed class MediatorTelemetry
{
    public const string SourceName = "LexHeller.Mediator";
    public const string DurationName = "lexheller.mediator.request.duration";

    public static readonly ActivitySource Source = new(SourceName, TelemetrySetup.ServiceVersion);

    public MediatorTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SourceName, TelemetrySetup.ServiceVersion);
        Duration = meter.CreateHistogram<double>(DurationName, unit: "s",
            description: "How long a mediator request (command or query) took, by request name and outcome.");
    }

    public Histogram<double> Duration { get; }
}

/// <summary>
/// Traces each mediator request as a span of <c>LexHeller.Mediator</c> named after the slice (<c>SubmitReport</c>)
/// and records its duration in <c>lexheller.mediator.request.duration</c> with the outcome (<c>success</c> or the
/// exception's type). Only names and outcomes are tagged: never the message, which may hold report text.
/// </summary>
public sealed class TelemetryBehavior<TMessage, TResponse>(MediatorTelemetry metrics) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly string RequestName = typeof(TMessage).DeclaringType?.Name ?? typeof(TMessage).Name;
    private static readonly string RequestKind = typeof(TMessage).IsAssignableTo(typeof(IBaseCommand)) ? "command" : "query";

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = MediatorTelemetry.Source.StartActivity(RequestName);
        activity?.SetTag("lexheller.request", RequestName);
        activity?.SetTag("lexheller.request.kind", RequestKind);
        var started = Stopwatch.GetTimestamp();
        var outcome = "success";
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception exception)
        {
            outcome = exception.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag("error.type", outcome);
            throw;
        }
        finally
        {
            metrics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("lexheller.request", RequestName),
                new KeyValuePair<string, object?>("lexheller.request.kind", RequestKind),
                new KeyValuePair<string, object?>("lexheller.outcome", outcome));
        }
    }
}
