using LexHeller.Api.Data;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

[assembly: AssemblyFixture(typeof(LexHeller.SqlServer.Tests.SqlServerContainer))]

namespace LexHeller.SqlServer.Tests;

/// <summary>
/// One SQL Server in a container for the whole run (Testcontainers.MsSql); each test gets a database
/// of its own. Where no Docker engine can be reached the tests skip and say why, unless
/// <c>LEXHELLER_REQUIRE_SQLSERVER=true</c> (CI with Docker), where they fail instead.
/// </summary>
public sealed class SqlServerContainer : IAsyncLifetime
{
    public const string Image = "mcr.microsoft.com/mssql/server:2022-latest";

    private MsSqlContainer? _container;

    public string? UnavailableReason { get; private set; }

    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("LEXHELLER_REQUIRE_SQLSERVER"), "true", StringComparison.OrdinalIgnoreCase);

    public async ValueTask InitializeAsync()
    {
        try
        {
            _container = new MsSqlBuilder(Image).Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await _container.StartAsync(timeout.Token);
        }
        catch (Exception exception) when (!Required)
        {
            UnavailableReason = $"SQL Server could not be started through Testcontainers (is a Docker engine reachable?): "
                + $"{exception.GetType().Name}: {exception.Message.Split('\n')[0]}";
        }
    }

    /// <summary>A factory over a new, empty database on the container; skips the test when there is none.</summary>
    public LexHellerApiFactory CreateFactory() => new(DatabaseProvider.SqlServer, NewDatabaseConnectionString());

    /// <summary>A connection string naming a database that does not exist yet; skips the test when there is no server.</summary>
    public string NewDatabaseConnectionString()
    {
        if (_container is null || UnavailableReason is not null)
            Assert.Skip(UnavailableReason ?? "SQL Server is not available.");

        return new SqlConnectionStringBuilder(_container.GetConnectionString())
        {
            InitialCatalog = $"lexheller_{Guid.NewGuid():N}",
            TrustServerCertificate = true,
        }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
            await _container.DisposeAsync();
    }
}
