namespace LexHeller.Api.Features.SignIn;

public static class EmailSignInSetup
{
    /// <summary>E-mail sign-in with one-time links: its settings, its limits and the background sender (when it is on).</summary>
    public static IServiceCollection AddLexHellerEmailSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        var options = EmailSignInOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddSingleton<EmailSignInLimiter>();
        services.AddSingleton<EmailSignInMailer>();
        if (options.Enabled && !OpenApiSetup.IsBuildTimeDocumentGeneration)
            services.AddHostedService(provider => provider.GetRequiredService<EmailSignInMailer>());
        return services;
    }
}
