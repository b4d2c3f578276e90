using LexHeller.Api.Data;
using LexHeller.Api.Data.Operations;
using LexHeller.Api.Demo;
using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.Charts;
using LexHeller.Api.Features.Exports;
using LexHeller.Api.Features.FollowUps;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Patterns;
using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Features.Receipts;
using LexHeller.Api.Features.ReferenceData;
using LexHeller.Api.Features.Referrals;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Features.Statistics;
using LexHeller.Api.Features.Triage;
using LexHeller.Api.Hosting;
using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Api.Infrastructure.Http;
using LexHeller.Api.Infrastructure.Idempotency;
using LexHeller.Api.Infrastructure.Mediator;
using LexHeller.Api.Infrastructure.Problems;
using LexHeller.Api.Infrastructure.Security;
using LexHeller.Api.Infrastructure.Telemetry;
using LexHeller.Api.Web;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// A command, when there is one, comes first (`migrate`); everything else is configuration (`--urls …`).
var command = args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=') ? first : null;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = command is null ? args : DataCommands.ConfigurationArguments(command, args[1..]),
    // The pages' stylesheet and script (Web/wwwroot/assets).
    WebRootPath = "Web/wwwroot",
});

// `health` asks the running service whether it is ready (the image's HEALTHCHECK): exit 0 or 1, nothing started.
if (command == "health")
    return await HealthCommand.RunAsync(builder.Configuration, Console.Out);

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
builder.Services.AddLexHellerPrivacy(builder.Configuration);
builder.Services.AddLexHellerWeb(builder.Environment);
builder.Services.AddLexHellerSecurity(builder.Configuration);
builder.Services.AddLexHellerPublicAddress(builder.Configuration, builder.Environment);
builder.Services.AddScoped<IntakeReferenceData>();
builder.Services.AddScoped<IdempotencyStore>();
builder.Services.AddSingleton<IdempotencyScopeKey>();
builder.Services.AddSingleton<DemoSeed>();
if (!OpenApiSetup.IsBuildTimeDocumentGeneration)
    builder.Services.AddHostedService<DatabaseInitializer>();

var app = builder.Build();

switch (command)
{
    case null:
        break;
    case "migrate":
        app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        return 0;
    case var data when DataCommands.Handles(data):
        // copy: SQLite into an empty SQL Server database; backup: an online copy of the SQLite file (Data/Operations).
        return await DataCommands.RunAsync(data!, args[1..], app.Services);
    default:
        await Console.Error.WriteLineAsync($"Unknown command '{command}'. The commands are 'migrate', 'health', 'copy' and 'backup'.");
        return 2;
}

// The client's address and scheme as a known proxy forwarded them; then the headers every response carries.
app.UseForwardedHeaders();
// From here on, the request's scheme and host are the configured public address (App:PublicBaseUrl), never the caller's Host.
app.UsePublicAddress();
app.UseLexHellerSecurityHeaders();
// The API answers failures as problem+json; the pages answer them with a Swedish page.
app.UseWhen(context => !WebPaths.IsPage(context.Request), api => api.UseExceptionHandler().UseStatusCodePages().UseUtf8JsonBodies());
app.UseWhen(context => WebPaths.IsPage(context.Request), pages => pages
    .UseExceptionHandler(WebPaths.ErrorPage)
    .UseStatusCodePagesWithReExecute(WebPaths.ErrorPage, "?status={0}"));
app.UseMiddleware<RequestBodyLimitMiddleware>();
app.UseStaticFiles();
app.UseCookiePolicy();
// Routing after the error pages, so that a re-executed request (/fel) is routed again.
app.UseRouting();
app.UseAuthentication();
// After authentication (an API key is limited by its own id), before authorization.
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi();
// Swagger UI is for developers: off in Production unless App:SwaggerUi says otherwise. The document above always stays.
if (PublicAddressSetup.ServesSwaggerUi(app.Configuration, app.Environment))
{
    app.UseSwaggerUI(options =>
    {
        options.SwaggerEndpoint("/openapi/v1.json", "Lex Heller API v1");
        options.RoutePrefix = "swagger";
        options.DocumentTitle = "Lex Heller API";
    });
}
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

app.MapReports();
app.MapReceipts();
app.MapReferenceData();
app.MapTriage();
app.MapReferrals();
app.MapAdmin();
app.MapPatterns();
app.MapFollowUps();
app.MapStatistics();
app.MapExports();
app.MapCharts();
app.MapRazorPages();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
