using System.Diagnostics.Metrics;
using Polly;
using Polly.Retry;

namespace LexHeller.Api.Data.Resilience;

/// <summary>
/// Runs database work that is safe to repeat, again after a transient SQL Server fault: a bounded number
/// of retries with exponential, jittered delays (<see cref="DatabaseResilienceOptions"/>). Each retry is
/// logged as a warning and counted in <c>lexheller.db.retries</c> (meter <c>LexHeller.Data</c>). When
/// the retries are off (SQLite by default) the work runs once, as it is.
/// <para>
/// Only the caller knows whether its work may be repeated: a whole transaction that was rolled back may,
/// a read may, sending an e-mail may not. So nothing wraps itself: the mediator's
/// <c>TransientFaultBehavior</c> wraps requests, and the background jobs wrap their reads.
/// </para>
/// </summary>
public sealed class DatabaseResilience
{
    public const string MeterName = "LexHeller.Data";
    public const string RetriesCounterName = "lexheller.db.retries";

    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<DatabaseResilience> _logger;
    private readonly Counter<long> _retries;

    /// <summary>
    /// The backoff waits on <paramref name="delays"/>. The service passes <see cref="TimeProvider.System"/>:
    /// a retry's pause is a real wait, not business time (which tests freeze).
    /// </summary>
    public DatabaseResilience(DatabaseResilienceOptions options, bool enabled, TimeProvider delays,
        ILogger<DatabaseResilience> logger, IMeterFactory meters)
    {
        _logger = logger;
        _retries = meters.Create(MeterName).CreateCounter<long>(RetriesCounterName, unit: "{retry}",
            description: "Database work run again after a transient SQL Server fault.");
        Enabled = enabled && options.MaxRetryAttempts > 0;
        RetryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(options.MaxDelay.TotalSeconds)));

        var retry = CreateRetryOptions(options);
        retry.OnRetry = OnRetry;
        _pipeline = Enabled
            ? new ResiliencePipelineBuilder { TimeProvider = delays }.AddRetry(retry).Build()
            : ResiliencePipeline.Empty;
    }

    /// <summary>False: every piece of work runs once (SQLite, or the setting).</summary>
    public bool Enabled { get; }

    /// <summary>What a client that met a fault outlasting the retries is told to wait (the longest retry delay).</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>
    /// The retry strategy: only <see cref="SqlServerTransientFaults.IsTransient"/> faults, at most
    /// <see cref="DatabaseResilienceOptions.MaxRetryAttempts"/> times, exponential from
    /// <see cref="DatabaseResilienceOptions.BaseDelay"/> with jitter, never longer than <see cref="DatabaseResilienceOptions.MaxDelay"/>.
    /// </summary>
    public static RetryStrategyOptions CreateRetryOptions(DatabaseResilienceOptions options) => new()
    {
        ShouldHandle = new PredicateBuilder().Handle<Exception>(SqlServerTransientFaults.IsTransient),
        MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
        Delay = options.BaseDelay,
        MaxDelay = options.MaxDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
    };

    /// <summary>
    /// Runs <paramref name="work"/>, again after each transient fault, at most as often as configured.
    /// <paramref name="operation"/> names the work in the log and the metric: a request's or a job step's name.
    /// </summary>
    public async ValueTask<T> ExecuteAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(static (context, work) => work(context.CancellationToken), context, work);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The synchronous form, for callers that cannot be asynchronous (Data Protection's key repository).</summary>
    public T Execute<T>(string operation, Func<T> work)
    {
        var context = ResilienceContextPool.Shared.Get(operation, CancellationToken.None);
        try
        {
            return _pipeline.Execute(static (_, work) => work(), context, work);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ValueTask OnRetry(OnRetryArguments<object> arguments)
    {
        var exception = arguments.Outcome.Exception;
        var errorNumber = SqlServerTransientFaults.ErrorNumber(exception);
        var errorType = errorNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? exception?.GetType().Name ?? "unknown";
        _logger.LogWarning(
            "{Operation} met a transient database fault (error {ErrorNumber}: {Error}); retry {Retry} in {DelayMs:F0} ms",
            arguments.Context.OperationKey, errorType, exception?.Message, arguments.AttemptNumber + 1, arguments.RetryDelay.TotalMilliseconds);
        _retries.Add(1,
            new KeyValuePair<string, object?>("lexheller.operation", arguments.Context.OperationKey),
            new KeyValuePair<string, object?>("error.type", errorType));
        return ValueTask.CompletedTask;
    }
}
