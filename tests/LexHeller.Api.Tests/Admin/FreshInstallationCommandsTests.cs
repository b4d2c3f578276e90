using Dapper;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Admin;

/// <summary>
/// On a fresh installation the shell's first commands are `admin grant` and `apply`, before the service has
/// ever run (README, "Set up your association"): each migrates the database first, as `migrate` would, so the
/// built service run as a process in Production, on a database file that does not exist yet, does its work.
/// </summary>
public sealed class FreshInstallationCommandsTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("fresh-installation");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Admin_grant_and_apply_run_first_on_a_database_that_does_not_exist_yet()
    {
        var database = _scratch.PathOf("lexheller.db");
        Assert.False(File.Exists(database));

        var (grantExit, grantOutput) = await ApiProcess.RunAsync(["admin", "grant", "--email", "IT@Forbundet.se", "--installation"], database);
        var (applyExit, applyOutput) = await ApiProcess.RunAsync(["apply", Repository.PathOf("docs", "examples", "association.yaml")], database);

        Assert.True(grantExit == 0, grantOutput);
        Assert.Contains("Granted: it@forbundet.se is an installation administrator.", grantOutput, StringComparison.Ordinal);
        Assert.True(applyExit == 0, applyOutput);
        Assert.Contains("Applied: 22 change(s) made to vattern.", applyOutput, StringComparison.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={database}");
        Assert.Equal("it@forbundet.se", await connection.ExecuteScalarAsync<string>("SELECT user_key FROM installation_administrators"));
        Assert.Equal("VAT", await connection.ExecuteScalarAsync<string>("SELECT reference_prefix FROM associations WHERE code = 'vattern'"));
        SqliteConnection.ClearAllPools();
    }
}
