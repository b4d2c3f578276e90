using LexHeller.Api.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LexHeller.Testing;

/// <summary>
/// The whole service in memory over a real database of its own: a new SQLite file per factory, or
/// a given SQL Server database. The demo seed runs, so reference data and identities are there.
/// </summary>
public sealed class LexHellerApiFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lexheller-tests", Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public LexHellerApiFactory(DatabaseProvider provider = DatabaseProvider.Sqlite, string? connectionString = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        Directory.CreateDirectory(_directory);
        Provider = provider;
        DatabasePath = Path.Combine(_directory, "lexheller.db");
        MailDirectory = Path.Combine(_directory, "mail");
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider == DatabaseProvider.Sqlite ? "sqlite" : "sqlserver",
            ["ConnectionStrings:LexHeller"] = connectionString ?? $"Data Source={DatabasePath}",
            ["Demo:Seed"] = "true",
            ["DataProtection:KeysDirectory"] = Path.Combine(_directory, "keys"),
            // Without an SMTP host, notifications become .eml files: here, not in the source tree's App_Data.
            ["Notifications:PickupDirectory"] = MailDirectory,
            ["Authentication:Schemes:Bearer:ValidIssuer"] = TestTokens.Issuer,
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = TestTokens.Audience,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = TestTokens.Issuer,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = TestTokens.SigningKeyBase64,
            ["Logging:LogLevel:Default"] = "Warning",
            // Keys unencrypted at rest in a throw-away folder: expected here, noise in the output.
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
        }.Concat(settings ?? new Dictionary<string, string?>())
         .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value);
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file (when the provider is SQLite).</summary>
    public string DatabasePath { get; }

    /// <summary>Where notifications are written as <c>.eml</c> files when no SMTP host is configured.</summary>
    public string MailDirectory { get; }

    /// <summary>The service's clock: a fixed, movable instant in Swedish office hours.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the runtime is left to the temp directory's cleanup.
        }
    }
}
