using LexHeller.Api.Data;
using LexHeller.Api.Data.Resilience;
using LexHeller.Testing.Faults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;
using System.Diagnostics.Metrics;

namespace LexHeller.Api.Tests.Infrastructure.TransientFaults;

public sealed class DatabaseResilienceTests
{
    private static readonly DatabaseResilienceOptions Options = new()
    {
        MaxRetryAttempts = 6,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public void The_strategy_retries_only_transient_faults_exponentially_with_jitter_within_the_configured_bounds()
    {
        var retry = DatabaseResilience.CreateRetryOptions(Options);

        Assert.Equal(DelayBackoffType.Exponential, retry.BackoffType);
        Assert.True(retry.UseJitter);
        Assert.Equal(6, retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(100), retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(2), retry.MaxDelay);
    }

    [Fact]
    public void The_retries_are_on_for_sql_server_and_off_for_sqlite_unless_set()
    {
        Assert.True(new DatabaseResilienceOptions().IsEnabledFor(DatabaseProvider.SqlServer));
        Assert.False(new DatabaseResilienceOptions().IsEnabledFor(DatabaseProvider.Sqlite));
        Assert.True(new DatabaseResilienceOptions { Enabled = true }.IsEnabledFor(DatabaseProvider.Sqlite));
        Assert.False(new DatabaseResilienceOptions { Enabled = false }.IsEnabledFor(DatabaseProvider.SqlServer));
    }

    [Fact]
    public async Task The_delays_grow_exponentially_never_exceed_the_maximum_and_are_spread_by_jitter()
    {
        var random = new Random(7);
        var runs = new List<IReadOnlyList<TimeSpan>>();
        for (var run = 0; run < 100; run++)
            runs.Add(await DelaysOfAsync(() => random.NextDouble()));

        Assert.All(runs, delays => Assert.Equal(Options.MaxRetryAttempts, delays.Count));
        Assert.All(runs.SelectMany(delays => delays), delay => Assert.InRange(delay, TimeSpan.FromTicks(1), Options.MaxDelay));
        var means = Enumerable.Range(0, Options.MaxRetryAttempts).Select(attempt => runs.Average(delays => delays[attempt].TotalMilliseconds)).ToList();
        // Below the cap each retry waits about twice as long as the one before: Polly's decorrelated jitter gives
        // means of about 80, 120, 220, 400, 780 ms for a 100 ms base (the first step grows less than the others).
        Assert.InRange(means[0], 50, 150);
        for (var attempt = 1; attempt < 5; attempt++)
            Assert.InRange(means[attempt] / means[attempt - 1], 1.3, 2.5);
        // Jitter: the same retry waits differently in different runs, so clients that failed together do not return together.
        var first = runs.Select(delays => delays[0]).ToList();
        Assert.True(first.Distinct().Count() > 90, "The first retry's delays are spread out.");
        Assert.True(first.Max() > first.Min() * 1.5);
        // The later retries reach the cap.
        Assert.Contains(runs, delays => delays[^1] == Options.MaxDelay);
    }

    [Fact]
    public async Task Turned_off_the_work_runs_once_and_its_fault_is_thrown()
    {
        var resilience = new DatabaseResilience(Options, enabled: false, new FakeTimeProvider(), NullLogger<DatabaseResilience>.Instance, Meters());
        var calls = 0;

        await Assert.ThrowsAsync<Microsoft.Data.SqlClient.SqlException>(async () => await resilience.ExecuteAsync<int>("test", _ =>
        {
            calls++;
            throw SqlExceptions.WithNumber(1205);
        }, TestContext.Current.CancellationToken));

        Assert.False(resilience.Enabled);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void The_synchronous_form_retries_a_read_that_meets_a_transient_fault()
    {
        var resilience = new DatabaseResilience(new DatabaseResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            enabled: true, TimeProvider.System, NullLogger<DatabaseResilience>.Instance, Meters());
        var calls = 0;

        var result = resilience.Execute("test", () => ++calls < 3 ? throw SqlExceptions.WithNumber(40613) : "read");

        Assert.Equal("read", result);
        Assert.Equal(3, calls);
    }

    /// <summary>The delays of one run that fails every time, on a fake clock that is moved on until the run gives up.</summary>
    private static async Task<IReadOnlyList<TimeSpan>> DelaysOfAsync(Func<double> randomizer)
    {
        var time = new FakeTimeProvider();
        var delays = new List<TimeSpan>();
        var retry = DatabaseResilience.CreateRetryOptions(Options);
        retry.Randomizer = randomizer;
        retry.OnRetry = arguments =>
        {
            delays.Add(arguments.RetryDelay);
            return ValueTask.CompletedTask;
        };
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(retry).Build();

        var run = pipeline.ExecuteAsync<int>(_ => throw SqlExceptions.WithNumber(1205), TestContext.Current.CancellationToken).AsTask();
        while (!run.IsCompleted)
        {
            time.Advance(Options.MaxDelay);
            await Task.Yield();
        }

        await Assert.ThrowsAsync<Microsoft.Data.SqlClient.SqlException>(() => run);
        return delays;
    }

    private static IMeterFactory Meters() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
