namespace LexHeller.Api.Features.Privacy;

public static class PrivacySetup
{
    /// <summary>
    /// The contact sealer, migration 0006 that seals the contacts stored in the clear before schema 5 and,
    /// unless <c>Retention:Enabled</c> is false, the retention purge job.
    /// </summary>
    public static IServiceCollection AddLexHellerPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        var options = RetentionOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddSingleton<ReporterContactSealer>();
        services.AddSingleton(new CodeMigration(SealExistingReporterContacts.Name, (keyRing, loggers) =>
            new SealExistingReporterContacts(new ReporterContactSealer(keyRing, loggers.CreateLogger<ReporterContactSealer>()))));
        if (options.Enabled && !OpenApiSetup.IsBuildTimeDocumentGeneration)
            services.AddHostedService<ReporterContactRetentionJob>();
        return services;
    }
}
