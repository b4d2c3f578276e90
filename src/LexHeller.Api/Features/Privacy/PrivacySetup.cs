using LexHeller.Api.Infrastructure.Http;

namespace LexHeller.Api.Features.Privacy;

public static class PrivacySetup
{
    /// <summary>The contact sealer and, unless <c>Retention:Enabled</c> is false, the retention purge job.</summary>
    public static IServiceCollection AddLexHellerPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        var options = RetentionOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddSingleton<ReporterContactSealer>();
        if (options.Enabled && !OpenApiSetup.IsBuildTimeDocumentGeneration)
            services.AddHostedService<ReporterContactRetentionJob>();
        return services;
    }
}
