using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LexHeller.Testing;

/// <summary>
/// The whole service in memory over a real database of its own: a new SQLite file per factory, or
/// a given SQL Server database. The demo seed runs, so reference data and identities are there.
/// In memory by default; <see cref="StartKestrel"/> serves it on a real port instead, for a browser.
/// </summary>
public sealed class LexHellerApiFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lexheller-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;
    private Action<IServiceCollection>? _services;
    private bool _hostBuilt;
    private Uri? _baseAddress;

    public LexHellerApiFactory(DatabaseProvider provider = DatabaseProvider.Sqlite, string? connectionString = null,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        Directory.CreateDirectory(_directory);
        Provider = provider;
        DatabasePath = Path.Combine(_directory, "lexheller.db");
        MailDirectory = Path.Combine(_directory, "mail");
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider == DatabaseProvider.Sqlite ? "sqlite" : "sqlserver",
            ["ConnectionStrings:LexHeller"] = connectionString ?? $"Data Source={DatabasePath}",
            ["Demo:Seed"] = "true",
            // Without an SMTP host, notifications become .eml files: here, not in the source tree's App_Data.
            ["Notifications:PickupDirectory"] = MailDirectory,
            ["Authentication:Schemes:Bearer:ValidIssuer"] = TestTokens.Issuer,
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = TestTokens.Audience,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = TestTokens.Issuer,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = TestTokens.SigningKeyBase64,
            // The suite files hundreds of reports from one in-memory client (one client address, "unknown"):
            // limits far above that. The rate limit tests set small ones of their own.
            ["RateLimiting:AnonymousIntake:PermitLimit"] = "1000000",
            ["RateLimiting:Receipts:PermitLimit"] = "1000000",
            ["RateLimiting:ApiKey:PermitLimit"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            // Keys unencrypted at rest in a throw-away folder: expected here, noise in the output.
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
        }.Concat(provider == DatabaseProvider.Sqlite
            // SQLite keeps the Data Protection key ring in a directory (here, the test's own); SQL Server in the database.
            ? [new KeyValuePair<string, string?>("DataProtection:KeysDirectory", Path.Combine(_directory, "keys"))]
            : [])
         .Concat(settings ?? new Dictionary<string, string?>())
         .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value);
    }

    public DatabaseProvider Provider { get; }

    /// <summary>
    /// Sets configuration before the service starts: a storage contract's binding makes the factory for
    /// its engine, and the test that needs a setting (a pickup directory, notifications off) adds it here.
    /// </summary>
    public LexHellerApiFactory WithSettings(IReadOnlyDictionary<string, string?> settings)
    {
        if (_hostBuilt)
            throw new InvalidOperationException("The service has started: its settings can no longer change.");
        foreach (var (key, value) in settings)
            _settings[key] = value;
        return this;
    }

    /// <summary>Adds services of the test's own (after the service's, and after those given before) before the service starts.</summary>
    public LexHellerApiFactory WithServices(Action<IServiceCollection> services)
    {
        if (_hostBuilt)
            throw new InvalidOperationException("The service has started: its services can no longer change.");
        _services += services;
        return this;
    }

    /// <summary>The SQLite file (when the provider is SQLite).</summary>
    public string DatabasePath { get; }

    /// <summary>Where notifications are written as <c>.eml</c> files when no SMTP host is configured.</summary>
    public string MailDirectory { get; }

    /// <summary>The service's clock: a fixed, movable instant in Swedish office hours.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Whether <see cref="StartKestrel"/> has run: the app is on a real port, not in memory.</summary>
    public bool ServesOnKestrel => _baseAddress is not null;

    /// <summary>Where Kestrel serves the app, <c>http://127.0.0.1:PORT/</c>, once <see cref="StartKestrel"/> has run.</summary>
    public Uri BaseAddress => _baseAddress
        ?? throw new InvalidOperationException($"The app is served in memory: call {nameof(StartKestrel)}() first.");

    /// <summary>
    /// Starts the app on Kestrel at a free port on 127.0.0.1 and returns its base address; <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/>
    /// then sends real HTTP requests there. Call it before anything else starts the app; calling it again returns the same address.
    /// A <paramref name="port"/> chosen beforehand serves where <c>App:PublicBaseUrl</c> (required in Production) already points.
    /// </summary>
    public Uri StartKestrel(int port = 0)
    {
        if (_baseAddress is not null)
            return _baseAddress;

        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        ClientOptions.BaseAddress = _baseAddress;
        return _baseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _hostBuilt = true;
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        // A test's own services (a fault source in front of the database, a log capture): after the service's.
        if (_services is not null)
            builder.ConfigureTestServices(_services);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Only this factory's pools (the service's and the migrator's): clearing every pool would close
        // connections of factories still starting up in parallel test classes.
        if (Provider == DatabaseProvider.Sqlite && _settings["ConnectionStrings:LexHeller"] is { } connectionString)
        {
            foreach (var pooled in new[] { connectionString, SqliteConnectionFactory.PooledConnectionString(connectionString) })
            {
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection(pooled);
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
            }
        }

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
