using LexHeller.Api.Data.Resilience;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LexHeller.Api.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddLexHellerData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        DapperTypeHandlers.Register();

        var options = DatabaseOptions.FromConfiguration(configuration, environment.ContentRootPath);
        services.AddSingleton(options);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            services.AddSingleton<SqliteConnectionFactory>();
            services.AddSingleton<IDbConnectionFactory>(sp => sp.GetRequiredService<SqliteConnectionFactory>());
            services.AddSingleton<ISqlDialect, SqliteDialect>();
        }
        else
        {
            services.AddSingleton<IDbConnectionFactory, SqlServerConnectionFactory>();
            services.AddSingleton<ISqlDialect, SqlServerDialect>();
        }

        services.AddScoped<DbSession>();
        services.AddLexHellerDatabaseResilience(configuration, options.Provider);
        services.AddSingleton<DatabaseMigrator>();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyHealthCheck>("database", tags: ["ready"]);
        return services;
    }
}

/// <summary>
/// Ready when the database answers and every migration has been applied. Deliberately not retried: a
/// probe reports the state now, and the orchestrator that asks has its own thresholds and intervals.
/// </summary>
public sealed class DatabaseReadyHealthCheck(IDbConnectionFactory factory, DatabaseMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await factory.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);

            var pending = migrator.PendingScripts();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}.");
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", exception);
        }
    }
}
