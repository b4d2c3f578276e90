using Dapper;
using LexHeller.Api.Data;
using LexHeller.SqlServer.Tests.TransactSql;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;

namespace LexHeller.SqlServer.Tests;

/// <summary>
/// Migration 0017 on a real server, read from its catalogue: the reporter contacts hold no dropped column's
/// leftovers after the rebuild, every table is clustered as the scripts say (the tables written with every
/// report on a time column), and no index repeats a primary or unique key.
/// </summary>
public sealed class StorageOnSqlServerTests(SqlServerContainer sqlServer)
{
    [Fact]
    public async Task After_migration_the_reporter_contacts_keep_no_dropped_columns_and_every_table_is_clustered_as_the_scripts_say()
    {
        var connectionString = sqlServer.NewDatabaseConnectionString();
        await using var factory = new LexHellerApiFactory(DatabaseProvider.SqlServer, connectionString,
            new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        _ = factory.Services.GetRequiredService<IServiceProvider>();   // starts the host: the migrator runs

        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        // DROP COLUMN leaves a column of the rowset marked dropped until the table is rebuilt.
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("""
            SELECT COUNT(*)
            FROM sys.system_internals_partition_columns pc
            JOIN sys.partitions p ON p.partition_id = pc.partition_id
            WHERE p.object_id = OBJECT_ID(N'dbo.reporter_contacts') AND pc.is_dropped = 1
            """));

        var clustered = (await connection.QueryAsync<(string Table, string Column, string Type)>("""
            SELECT t.name, c.name, ty.name
            FROM sys.indexes i
            JOIN sys.tables t ON t.object_id = i.object_id
            JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal = 1
            JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
            JOIN sys.types ty ON ty.user_type_id = c.user_type_id
            WHERE i.type = 1 AND t.is_ms_shipped = 0 AND t.name <> 'schemaversions'
            """)).ToDictionary(row => row.Table, StringComparer.OrdinalIgnoreCase);
        foreach (var table in StorageRuleTests.WrittenOften)
            Assert.Equal("datetimeoffset", clustered[table].Type);
        var model = SqlServerScriptSchema.Build(Directory.GetFiles(Repository.PathOf("db", "sqlserver"), "*.sql").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllText(path))));
        foreach (var table in model.Tables.Values)
            Assert.Equal((table.Name, table.ClusteredKey![0]), (table.Name, clustered[table.Name].Column));

        // An index (not a key constraint), unfiltered, without included columns, whose key is a key constraint's columns or their start.
        var repeats = await connection.QueryAsync<string>("""
            SELECT OBJECT_NAME(i.object_id) + N'.' + i.name
            FROM sys.indexes i
            WHERE i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.has_filter = 0 AND i.type = 2
              AND NOT EXISTS (SELECT 1 FROM sys.index_columns x WHERE x.object_id = i.object_id AND x.index_id = i.index_id AND x.is_included_column = 1)
              AND OBJECTPROPERTY(i.object_id, 'IsMsShipped') = 0
              AND EXISTS (
                  SELECT 1 FROM sys.indexes k
                  WHERE k.object_id = i.object_id AND (k.is_primary_key = 1 OR k.is_unique_constraint = 1)
                    AND NOT EXISTS (
                        SELECT 1 FROM sys.index_columns ic
                        WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal > 0
                          AND NOT EXISTS (
                              SELECT 1 FROM sys.index_columns kc
                              WHERE kc.object_id = k.object_id AND kc.index_id = k.index_id
                                AND kc.key_ordinal = ic.key_ordinal AND kc.column_id = ic.column_id)))
            """);
        Assert.Empty(repeats);
    }
}
