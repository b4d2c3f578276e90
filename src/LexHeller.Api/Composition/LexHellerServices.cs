using LexHeller.Api.Demo;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Features.SignIn;
using LexHeller.Api.Infrastructure.Idempotency;
using LexHeller.Api.Infrastructure.Mediator;
using LexHeller.Api.Infrastructure.Security;
using LexHeller.Api.Infrastructure.Telemetry;
using LexHeller.Api.Web;

namespace LexHeller.Api.Composition;

public static class LexHellerServices
{
    /// <summary>Every service the API and the pages use, from the builder's configuration and environment.</summary>
    public static WebApplicationBuilder AddLexHeller(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));
        builder.Services.AddLexHellerProblemDetails();
        builder.Services.AddLexHellerData(builder.Configuration, builder.Environment);
        builder.Services.AddLexHellerDataProtection(builder.Configuration, builder.Environment);
        builder.Services.AddLexHellerAuthentication(builder.Configuration);
        builder.Services.AddLexHellerMediator();
        builder.Services.AddLexHellerTelemetry(builder.Configuration);
        builder.Services.AddLexHellerOpenApi();
        builder.Services.AddLexHellerNotifications(builder.Configuration, builder.Environment);
        builder.Services.AddLexHellerEmailSignIn(builder.Configuration);
        builder.Services.AddLexHellerPrivacy(builder.Configuration);
        builder.Services.AddLexHellerWeb(builder.Environment);
        builder.Services.AddLexHellerSecurity(builder.Configuration);
        builder.Services.AddLexHellerPublicAddress(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(Features.Triage.LifecycleOptions.FromConfiguration(builder.Configuration));
        builder.Services.AddScoped<IntakeReferenceData>();
        builder.Services.AddScoped<Features.Imports.RegisterImport>();
        builder.Services.AddScoped<IdempotencyStore>();
        builder.Services.AddSingleton<IdempotencyScopeKey>();
        builder.Services.AddLexHellerIdempotencyCleanup(builder.Configuration);
        builder.Services.AddSingleton<DemoSeed>();
        builder.Services.AddSingleton(DemoIdentities.SignIn);
        if (!OpenApiSetup.IsBuildTimeDocumentGeneration)
            builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}
