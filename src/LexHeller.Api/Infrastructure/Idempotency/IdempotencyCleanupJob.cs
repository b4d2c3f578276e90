using LexHeller.Api.Infrastructure.Jobs;

namespace LexHeller.Api.Infrastructure.Idempotency;

/// <summary>
/// Deletes the idempotency records that have expired (they hold sealed receipt tokens), in small batches, each
/// batch in a short transaction of its own (on SQLite, a writer turn of its own: ADR 12), so that a backlog never
/// holds the file or many rows' locks for long. Until then an expired record is only dead weight: the read path
/// (<see cref="IdempotencyStore.FindAsync{TResponse}"/>) never honours one, and a caller who uses its key again
/// replaces its own. A submission therefore does no clean-up work for other callers.
/// </summary>
public sealed class IdempotencyCleanupJob(
    IServiceScopeFactory scopes,
    IdempotencyCleanupOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<IdempotencyCleanupJob> logger) : PeriodicJob(time, lifetime, logger)
{
    protected override TimeSpan Interval => options.Interval;

    /// <summary>
    /// One batch: the <c>@Take</c> records that expired first, and any that expired at the very instant of the last of
    /// them. Both the inner search and the delete are range seeks on <c>ix_idempotency_records_expires</c>; when nothing
    /// has expired the subquery is NULL and nothing matches.
    /// </summary>
    public static string DeleteBatch(ISqlDialect dialect) => $"""
        DELETE FROM idempotency_records
        WHERE expires_at <= (
            SELECT MAX(batch.expires_at)
            FROM (
                SELECT expires_at FROM idempotency_records
                WHERE expires_at <= @Now
                ORDER BY expires_at
                {dialect.TakeRows}
            ) batch)
        """;

    /// <summary>Deletes one batch; true when it was full, so that another follows at once (in a new transaction).</summary>
    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginTransactionAsync(cancellationToken);
        int deleted;
        try
        {
            deleted = await session.ExecuteAsync(DeleteBatch(session.Dialect),
                new { Now = Time.GetUtcNow(), Take = options.BatchSize }, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }

        if (deleted > 0)
            Logger.LogInformation("Deleted {Count} expired idempotency records", deleted);
        return deleted >= options.BatchSize;
    }
}

/// <summary>The <c>Idempotency:Cleanup</c> settings: how often and how many expired idempotency records are deleted at a time.</summary>
public sealed class IdempotencyCleanupOptions
{
    public const string Section = "Idempotency:Cleanup";

    /// <summary>Runs the clean-up job. Off, expired records stay (never honoured) until it is turned on again.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the job looks for expired records.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many records one transaction deletes at most; a full batch is followed by another at once.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Reads and checks the settings; a mistake stops the start-up with a message that names the setting.</summary>
    public static IdempotencyCleanupOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<IdempotencyCleanupOptions>() ?? new IdempotencyCleanupOptions();
        if (options.Interval <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:Interval must be positive.");
        if (options.BatchSize is < 1 or > 4000)
            throw new InvalidOperationException($"{Section}:BatchSize must be between 1 and 4000 (SQL Server escalates to a table lock at about 5000 row locks).");
        return options;
    }
}

public static class IdempotencySetup
{
    /// <summary>The clean-up settings and, unless <c>Idempotency:Cleanup:Enabled</c> is false, the clean-up job.</summary>
    public static IServiceCollection AddLexHellerIdempotencyCleanup(this IServiceCollection services, IConfiguration configuration)
    {
        var options = IdempotencyCleanupOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        if (options.Enabled && !OpenApiSetup.IsBuildTimeDocumentGeneration)
            services.AddHostedService<IdempotencyCleanupJob>();
        return services;
    }
}
