using Microsoft.Data.SqlClient;

namespace LexHeller.SqlServer.Tests;

/// <summary>The <c>migrate</c> command as docker-compose.yml's one-shot container runs it: against a server whose database does not exist yet.</summary>
public sealed class MigrateCommandOnSqlServerTests(SqlServerContainer sqlServer)
{
    [Fact]
    public async Task The_migrate_command_creates_a_missing_database_and_applies_every_migration()
    {
        var connectionString = sqlServer.NewDatabaseConnectionString();
        var database = new SqlConnectionStringBuilder(connectionString).InitialCatalog;
        Assert.Equal(0, await ScalarAsync(MasterOf(connectionString), "SELECT COUNT(*) FROM sys.databases WHERE name = @name", database));
        var directory = Directory.CreateTempSubdirectory("lexheller-migrate-sqlserver-");

        var (exitCode, output) = await ApiProcess.RunAsync(["migrate"], Path.Combine(directory.FullName, "unused.db"), new Dictionary<string, string>
        {
            ["Database__Provider"] = "sqlserver",
            ["ConnectionStrings__LexHeller"] = connectionString,
            // As in docker-compose.yml: the key ring in the database.
            ["DataProtection__KeysDirectory"] = "",
        });

        Assert.True(exitCode == 0, output);
        Assert.Equal(1, await ScalarAsync(MasterOf(connectionString), "SELECT COUNT(*) FROM sys.databases WHERE name = @name", database));
        // Every script, and the migrations written in code.
        Assert.Equal(ServiceInstances.MigrationCount(LexHeller.Api.Data.DatabaseProvider.SqlServer),
            await ScalarAsync(connectionString, "SELECT COUNT(*) FROM schemaversions", database));
        directory.Delete(recursive: true);
    }

    private static string MasterOf(string connectionString) =>
        new SqlConnectionStringBuilder(connectionString) { InitialCatalog = "master" }.ConnectionString;

    private static async Task<int> ScalarAsync(string connectionString, string sql, string name)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.AddWithValue("@name", name);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
