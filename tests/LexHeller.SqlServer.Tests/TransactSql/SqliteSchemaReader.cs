using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// Reads the schema of a real SQLite database from its catalogue: <c>sqlite_master</c> and the
/// <c>table_xinfo</c>, <c>index_list</c>, <c>index_info</c> and <c>foreign_key_list</c> pragmas.
/// </summary>
public static partial class SqliteSchemaReader
{
    /// <summary>
    /// Tables the engines or the migration tool keep for themselves, not the service's schema: DbUp's
    /// journal of applied scripts, and SQLite's own tables (AUTOINCREMENT counters, ANALYZE statistics).
    /// </summary>
    public static readonly IReadOnlySet<string> EngineTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "schemaversions", "sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4",
    };

    [GeneratedRegex(@"\bWHERE\b(?<filter>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex IndexFilter();

    public static SchemaModel Read(SqliteConnection connection)
    {
        var model = new SchemaModel();
        var tables = connection.Query<(string Name, string Sql)>(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").ToList();
        foreach (var (name, sql) in tables.Where(table => !EngineTables.Contains(table.Name) && !table.Name.StartsWith("sqlite_", StringComparison.Ordinal)))
        {
            var table = new TableModel(name);
            model.Tables[name] = table;

            // table_xinfo (not table_info) lists generated columns too; hidden 2 is VIRTUAL, 3 STORED.
            var columns = connection.Query<(long Cid, string Name, string Type, long NotNull, long Pk, long Hidden)>(
                $"SELECT cid, name, type, \"notnull\", pk, hidden FROM pragma_table_xinfo('{name}') ORDER BY cid").ToList();
            foreach (var column in columns.Where(column => column.Hidden != 1))
            {
                var booleanCheck = Regex.IsMatch(sql, $@"\b{Regex.Escape(column.Name)}\s+IN\s*\(\s*0\s*,\s*1\s*\)", RegexOptions.IgnoreCase);
                table.Columns.Add(new ColumnModel(column.Name, column.Type.ToUpperInvariant(), column.NotNull == 0,
                    Computed: column.Hidden is 2 or 3, HasBooleanCheck: booleanCheck));
            }
            table.PrimaryKey = [.. columns.Where(column => column.Pk > 0).OrderBy(column => column.Pk).Select(column => column.Name)];

            foreach (var index in connection.Query<(string Name, long Unique, string Origin, long Partial)>(
                         $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{name}') ORDER BY name"))
            {
                var indexColumns = connection.Query<string?>(
                    $"SELECT name FROM pragma_index_info('{index.Name}') ORDER BY seqno").Select(column => column ?? "<expression>").ToList();
                switch (index.Origin)
                {
                    case "pk":
                        break;   // the primary key, read from table_xinfo above
                    case "u":
                        table.Uniques.Add(new ConstraintModel(null, indexColumns));
                        break;
                    default:
                        var indexSql = connection.ExecuteScalar<string>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = @Name", new { index.Name });
                        var filter = index.Partial == 1 ? IndexFilter().Match(indexSql ?? "").Groups["filter"].Value.Trim().TrimEnd(';') : null;
                        table.Indexes.Add(new IndexModel(index.Name, indexColumns, [], index.Unique == 1, filter));
                        break;
                }
            }

            foreach (var foreignKey in connection.Query<(long Id, long Seq, string Table, string From, string? To, string OnDelete)>(
                             $"SELECT id, seq, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{name}') ORDER BY id, seq")
                         .GroupBy(row => row.Id))
            {
                var referenced = foreignKey.First().Table;
                // REFERENCES t without columns means t's primary key.
                var to = foreignKey.All(row => row.To is not null)
                    ? foreignKey.Select(row => row.To!).ToList()
                    : connection.Query<string>($"SELECT name FROM pragma_table_info('{referenced}') WHERE pk > 0 ORDER BY pk").ToList();
                table.ForeignKeys.Add(new ForeignKeyModel(null, [.. foreignKey.Select(row => row.From)], referenced, to,
                    foreignKey.First().OnDelete.ToUpperInvariant()));
            }
        }

        // The triggers that keep codes canonical (migration 0018) stand for SQL Server's CHECK constraints
        // ck_*_code_canonical: SQLite cannot add a CHECK without rebuilding the table (CanonicalCodeSchemaTests).
        foreach (var tableName in connection.Query<string>(
                     "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name NOT LIKE '%code_is_canonical%'"))
        {
            if (model.Tables.TryGetValue(tableName, out var table))
                table.HasTriggers = true;
        }

        return model;
    }
}
