using LexHeller.Api.Demo;

namespace LexHeller.Api.Composition;

/// <summary>
/// At start-up, before the server accepts requests: apply pending migrations (unless <c>Database:MigrateOnStart</c>
/// is false, where the deployment's <c>migrate</c> step does it and a pending migration stops the start), then seed
/// the demo data when <c>Demo:Seed</c> is true (by default in Development only). Both run under the migration lock,
/// so instances that start together migrate once and seed once.
/// </summary>
public sealed class DatabaseInitializer(
    DatabaseMigrator migrator,
    DatabaseOptions options,
    DemoSeed demoSeed,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seed = configuration.GetValue<bool?>("Demo:Seed") ?? environment.IsDevelopment();
        if (!options.MigrateOnStart)
        {
            RefuseAnOldSchema();
            if (!seed)
                return;
        }

        using var held = migrator.Lock(createDatabase: options.MigrateOnStart);
        if (options.MigrateOnStart)
            migrator.Migrate(held);
        if (seed)
            await demoSeed.SeedAsync(cancellationToken);
    }

    /// <summary>Database:MigrateOnStart is false: never serve against a schema that a pending migration would change.</summary>
    private void RefuseAnOldSchema()
    {
        IReadOnlyList<string> pending;
        try
        {
            pending = migrator.PendingScripts();
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            logger.LogCritical(exception, "Not starting: Database:MigrateOnStart is false and the database's migrations cannot be read. "
                + "Run the migrate command (dotnet LexHeller.Api.dll migrate) against this database first");
            throw new InvalidOperationException("The database's migrations cannot be read; run the migrate command first.", exception);
        }

        if (pending.Count == 0)
            return;
        logger.LogCritical("Not starting: Database:MigrateOnStart is false and {Count} migration(s) are pending: {Scripts}. "
            + "Run the migrate command (dotnet LexHeller.Api.dll migrate) first", pending.Count, string.Join(", ", pending));
        throw new InvalidOperationException(
            $"{pending.Count} migration(s) are pending and Database:MigrateOnStart is false: {string.Join(", ", pending)}. Run the migrate command first.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
