using DbUp;
using DbUp.Engine;
using LexHeller.Api.Data;

namespace LexHeller.Testing;

/// <summary>For migration tests: a SQLite database brought to an older schema, then on to the current one.</summary>
public static class OldSchemas
{
    /// <summary>Applies the SQLite scripts numbered below <paramref name="before"/> that are not applied yet ("9999": all).</summary>
    public static DatabaseUpgradeResult UpgradeSqlite(string connectionString, string before) =>
        DeployChanges.To.SqliteDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name =>
                name.StartsWith(DatabaseMigrator.SqliteScriptPrefix, StringComparison.Ordinal)
                && string.CompareOrdinal(name, DatabaseMigrator.SqliteScriptPrefix + before) < 0)
            .Build().PerformUpgrade();
}
