using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LexHeller.Testing.Faults;

/// <summary>The service over its real SQLite database, with the transient-fault retries on and a fault source in front of its connections.</summary>
public static class FaultInjection
{
    /// <summary>
    /// A factory whose retries are on (as on SQL Server) with millisecond delays, whose connections go
    /// through <paramref name="faults"/>, and whose log lines go to <paramref name="logs"/> too.
    /// </summary>
    public static LexHellerApiFactory CreateFactory(FaultSource faults, LogCapture logs, int maxRetryAttempts = 3) =>
        new(settings: new Dictionary<string, string?>
        {
            ["Database:Resilience:Enabled"] = "true",
            ["Database:Resilience:MaxRetryAttempts"] = maxRetryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Database:Resilience:BaseDelay"] = "00:00:00.002",
            ["Database:Resilience:MaxDelay"] = "00:00:00.010",
        }, services: services =>
        {
            Install(services, faults);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        });

    /// <summary>
    /// Puts <see cref="FaultInjectingConnectionFactory"/> in front of the service's real connection factory, whichever
    /// engine it is (a storage contract's binding chose it).
    /// </summary>
    public static void InstallOnEitherEngine(IServiceCollection services, FaultSource faults)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(SqliteConnectionFactory)))
        {
            Install(services, faults);
            return;
        }

        services.AddHttpContextAccessor();
        services.RemoveAll<IDbConnectionFactory>();
        services.AddSingleton<SqlServerConnectionFactory>();
        services.AddSingleton<IDbConnectionFactory>(sp => new FaultInjectingConnectionFactory(
            sp.GetRequiredService<SqlServerConnectionFactory>(), faults, sp.GetRequiredService<IHttpContextAccessor>()));
    }

    /// <summary>Puts <see cref="FaultInjectingConnectionFactory"/> in front of the real SQLite connection factory.</summary>
    public static void Install(IServiceCollection services, FaultSource faults)
    {
        services.AddHttpContextAccessor();
        services.RemoveAll<IDbConnectionFactory>();
        services.AddSingleton<IDbConnectionFactory>(sp => new FaultInjectingConnectionFactory(
            sp.GetRequiredService<SqliteConnectionFactory>(), faults, sp.GetRequiredService<IHttpContextAccessor>()));
        // The migrator prepares the SQLite file through the real factory, which it recognises by its type.
        services.RemoveAll<DatabaseMigrator>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DatabaseMigrator>(sp, sp.GetRequiredService<SqliteConnectionFactory>()));
    }
}
