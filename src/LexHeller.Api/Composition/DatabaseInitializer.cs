using LexHeller.Api.Demo;

namespace LexHeller.Api.Composition;

/// <summary>
/// At start-up: apply pending migrations, then seed the demo data when <c>Demo:Seed</c> is true
/// (by default in Development only). Runs before the server accepts requests.
/// </summary>
public sealed class DatabaseInitializer(DatabaseMigrator migrator, DemoSeed demoSeed, IConfiguration configuration, IHostEnvironment environment)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        migrator.Migrate();
        if (configuration.GetValue<bool?>("Demo:Seed") ?? environment.IsDevelopment())
            await demoSeed.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
