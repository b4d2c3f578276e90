namespace LexHeller.Api.Data.Resilience;

public static class DatabaseResilienceSetup
{
    /// <summary>The <c>Database:Resilience</c> settings and the retry pipeline they describe, for <paramref name="provider"/>.</summary>
    public static IServiceCollection AddLexHellerDatabaseResilience(this IServiceCollection services, IConfiguration configuration, DatabaseProvider provider)
    {
        var options = DatabaseResilienceOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddMetrics();
        services.AddSingleton(sp => new DatabaseResilience(options, options.IsEnabledFor(provider), TimeProvider.System,
            sp.GetRequiredService<ILogger<DatabaseResilience>>(), sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }
}
