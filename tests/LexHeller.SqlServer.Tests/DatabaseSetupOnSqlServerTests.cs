using LexHeller.Api.Data;
using Microsoft.Data.SqlClient;

namespace LexHeller.SqlServer.Tests;

/// <summary>What the migrator sets on a SQL Server database besides its scripts: the collation it is created with and the isolation model.</summary>
public sealed class DatabaseSetupOnSqlServerTests(SqlServerContainer sqlServer)
{
    [Fact]
    public async Task A_database_the_migrator_creates_has_the_swedish_collation_and_read_committed_snapshot_on()
    {
        var connectionString = sqlServer.NewDatabaseConnectionString();
        var directory = Directory.CreateTempSubdirectory("lexheller-database-setup-");

        var (exitCode, output) = await ApiProcess.RunAsync(["migrate"], Path.Combine(directory.FullName, "unused.db"), new Dictionary<string, string>
        {
            ["Database__Provider"] = "sqlserver",
            ["ConnectionStrings__LexHeller"] = connectionString,
            ["DataProtection__KeysDirectory"] = "",
        });

        Assert.True(exitCode == 0, output);
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(SqlServerDatabaseSetup.ReadState, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0), "READ_COMMITTED_SNAPSHOT is off");
        Assert.Equal(SqlServerDatabaseSetup.Collation, reader.GetString(1));
        Assert.Equal("Finnish_Swedish_100_CI_AS", reader.GetString(1));
        Assert.Contains("Turned on READ_COMMITTED_SNAPSHOT", output, StringComparison.Ordinal);
        directory.Delete(recursive: true);
    }
}
