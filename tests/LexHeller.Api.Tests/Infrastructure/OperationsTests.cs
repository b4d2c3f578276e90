using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Infrastructure;

public sealed class OperationsTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_fails_when_a_migration_is_missing()
    {
        await _factory.CreateClient().GetAsync("/health/live");
        await _factory.ExecuteAsync("DELETE FROM schemaversions WHERE scriptname LIKE '%0002_taxonomy.sql'");

        var response = await _factory.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_with_full_synchronous_commits()
    {
        await _factory.CreateClient().GetAsync("/health/ready");

        Assert.Equal("wal", await _factory.ScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(2, await _factory.ScalarAsync<int>("PRAGMA synchronous"));
        Assert.Equal(1, await _factory.ScalarAsync<int>("PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await _factory.CreateClient().GetAsync("/api/v1/nothing-here");

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_migrate_command_creates_the_schema_and_exits_without_seeding()
    {
        var directory = Directory.CreateTempSubdirectory("lexheller-migrate-");
        var database = Path.Combine(directory.FullName, "migrated.db");

        var (exitCode, output) = await ApiProcess.RunAsync(["migrate", "--Logging:LogLevel:Default", "Warning"], database);

        Assert.True(exitCode == 0, output);
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        // Every script, and the two migrations written in code (0006 seals contacts stored in the clear before schema 5,
        // 0017 bounds the outbox keys queued before).
        Assert.Equal((long)ServiceInstances.MigrationCount(LexHeller.Api.Data.DatabaseProvider.Sqlite),
            await ScalarAsync(connection, "SELECT COUNT(*) FROM schemaversions"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT COUNT(*) FROM schemaversions WHERE scriptname LIKE '%0006_seal_reporter_contacts'"));
        Assert.Equal(12L, await ScalarAsync(connection, "SELECT COUNT(*) FROM categories"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM associations"));
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task The_migrate_command_fails_with_a_non_zero_exit_when_sql_server_cannot_be_reached()
    {
        // docker-compose.yml starts the service only when migrate completed successfully: a failure must say so.
        var directory = Directory.CreateTempSubdirectory("lexheller-migrate-unreachable-");

        var (exitCode, output) = await ApiProcess.RunAsync(["migrate"], Path.Combine(directory.FullName, "unused.db"), new Dictionary<string, string>
        {
            ["Database__Provider"] = "sqlserver",
            ["ConnectionStrings__LexHeller"] = $"Server=127.0.0.1,{ApiProcess.FreePort()};Database=LexHeller;User Id=sa;Password=x;Connect Timeout=3;TrustServerCertificate=true",
            ["DataProtection__KeysDirectory"] = "",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("SqlException", output, StringComparison.Ordinal);
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task An_unknown_command_exits_with_an_error()
    {
        var directory = Directory.CreateTempSubdirectory("lexheller-command-");

        var (exitCode, output) = await ApiProcess.RunAsync(["migrat"], Path.Combine(directory.FullName, "x.db"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown command 'migrat'", output, StringComparison.Ordinal);
        directory.Delete(recursive: true);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
