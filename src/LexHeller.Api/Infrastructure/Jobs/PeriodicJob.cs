namespace LexHeller.Api.Infrastructure.Jobs;

/// <summary>
/// A background job on the injected clock: a pass once the application has started (so migrations
/// are applied), then one every <see cref="Interval"/>. A failed pass is logged and the job carries
/// on; only stopping the host ends it.
/// </summary>
public abstract class PeriodicJob(TimeProvider time, IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
    protected TimeProvider Time => time;

    protected ILogger Logger => logger;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass over the work that is due now; true when more is waiting and the pass should repeat at once.</summary>
    public abstract Task<bool> RunOnceAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ApplicationStartedAsync(stoppingToken);
        while (true)
        {
            // Armed before the pass: when the clock reaches it during the pass (a test's fake clock
            // too), the next pass follows at once instead of being lost. A jump of the clock by
            // many intervals is one pass, not many.
            var next = Task.Delay(Interval, time, stoppingToken);
            await RunPassAsync(stoppingToken);
            await next;
        }
    }

    private async Task RunPassAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await RunOnceAsync(stoppingToken))
                logger.LogDebug("{Job} has more work waiting; running again at once", GetType().Name);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(exception, "{Job} failed; it runs again in {Interval}", GetType().Name, Interval);
        }
    }

    private async Task ApplicationStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }
}
