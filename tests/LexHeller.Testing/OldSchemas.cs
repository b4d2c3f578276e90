using DbUp;
using DbUp.Engine;
using LexHeller.Api.Data;

namespace LexHeller.Testing;

/// <summary>For migration tests: a SQLite database brought to an older schema, then on to the current one.</summary>
public static class OldSchemas
{
    /// <summary>
    /// Applies the SQLite scripts numbered below <paramref name="before"/> that are not applied yet ("9999": all); with
    /// <paramref name="transactionPerScript"/>, each in a transaction of its own, as the service's migrator runs them.
    /// </summary>
    public static DatabaseUpgradeResult UpgradeSqlite(string connectionString, string before, bool transactionPerScript = false)
    {
        var builder = DeployChanges.To.SqliteDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name =>
                name.StartsWith(DatabaseMigrator.SqliteScriptPrefix, StringComparison.Ordinal)
                && string.CompareOrdinal(name, DatabaseMigrator.SqliteScriptPrefix + before) < 0);
        return (transactionPerScript ? builder.WithTransactionPerScript() : builder).Build().PerformUpgrade();
    }
}
