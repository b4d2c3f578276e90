using System.Text.RegularExpressions;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// Where the SQLite schema and the SQL Server schema differ: tables, columns (type through
/// <see cref="TypeAffinity"/>, nullability, computed or not), primary keys, unique constraints,
/// indexes (columns in order, uniqueness, filter), foreign keys and which tables triggers guard. Clustering is
/// SQL Server's alone: a clustered index of its own (one SQLite has no index of that name for) is not a difference.
/// </summary>
public static partial class SchemaComparison
{
    /// <summary>
    /// The SQL Server types a SQLite column of each affinity may be. SQLite keeps GUIDs, instants,
    /// dates and codes as TEXT and booleans as INTEGER (checked to be 0 or 1); everything the service
    /// stores falls in one of these rows.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> TypeAffinity = new Dictionary<string, IReadOnlySet<string>>
    {
        ["TEXT"] = new HashSet<string> { "NVARCHAR", "VARCHAR", "NCHAR", "CHAR", "DATETIMEOFFSET", "DATETIME2", "DATE", "UNIQUEIDENTIFIER" },
        ["INTEGER"] = new HashSet<string> { "INT", "BIGINT", "SMALLINT", "TINYINT", "BIT" },
        ["REAL"] = new HashSet<string> { "FLOAT", "REAL", "DECIMAL", "NUMERIC" },
        ["BLOB"] = new HashSet<string> { "VARBINARY", "BINARY" },
    };

    [GeneratedRegex(@"[\s()\[\]""`;]")]
    private static partial Regex Insignificant();

    public static IReadOnlyList<string> Differences(SchemaModel sqlite, SchemaModel sqlServer)
    {
        var differences = new List<string>();
        foreach (var name in sqlite.Tables.Keys.Except(sqlServer.Tables.Keys, StringComparer.OrdinalIgnoreCase))
            differences.Add($"table {name}: on SQLite only");
        foreach (var name in sqlServer.Tables.Keys.Except(sqlite.Tables.Keys, StringComparer.OrdinalIgnoreCase))
            differences.Add($"table {name}: on SQL Server only");

        foreach (var (name, lite) in sqlite.Tables)
        {
            if (sqlServer.Tables.TryGetValue(name, out var server))
                CompareTable(lite, server, differences);
        }

        return differences;
    }

    private static void CompareTable(TableModel lite, TableModel server, List<string> differences)
    {
        var table = lite.Name;
        foreach (var column in lite.Columns.Where(column => server.Column(column.Name) is null))
            differences.Add($"column {table}.{column.Name}: on SQLite only");
        foreach (var column in server.Columns.Where(column => lite.Column(column.Name) is null))
            differences.Add($"column {table}.{column.Name}: on SQL Server only");

        foreach (var liteColumn in lite.Columns)
        {
            if (server.Column(liteColumn.Name) is not { } serverColumn)
                continue;
            var where = $"column {table}.{liteColumn.Name}";
            if (liteColumn.Computed != serverColumn.Computed)
            {
                differences.Add($"{where}: {(liteColumn.Computed ? "generated on SQLite" : "stored on SQLite")}, "
                    + $"{(serverColumn.Computed ? "computed on SQL Server" : "stored on SQL Server")}");
                continue;
            }

            if (!TypeAffinity.TryGetValue(liteColumn.Type ?? "", out var serverTypes))
                differences.Add($"{where}: SQLite type '{liteColumn.Type}' is not one of {string.Join(", ", TypeAffinity.Keys)}");
            else if (!liteColumn.Computed && !serverTypes.Contains(serverColumn.Type ?? ""))
                differences.Add($"{where}: SQLite {liteColumn.Type} but SQL Server {serverColumn.Type} (expected one of {string.Join(", ", serverTypes.Order())})");
            else if (serverColumn.Type == "BIT" && !liteColumn.HasBooleanCheck)
                differences.Add($"{where}: BIT on SQL Server, but SQLite does not check that it is 0 or 1");

            if (!liteColumn.Computed && liteColumn.Nullable != serverColumn.Nullable)
                differences.Add($"{where}: {Nullability(liteColumn.Nullable)} on SQLite, {Nullability(serverColumn.Nullable)} on SQL Server");
        }

        if (!lite.PrimaryKey.SequenceEqual(server.PrimaryKey, StringComparer.OrdinalIgnoreCase))
            differences.Add($"primary key of {table}: ({string.Join(", ", lite.PrimaryKey)}) on SQLite, ({string.Join(", ", server.PrimaryKey)}) on SQL Server");

        CompareSets($"unique constraint on {table}", lite.Uniques.Select(unique => unique.Key), server.Uniques.Select(unique => unique.Key), differences);
        CompareSets($"foreign key of {table}", lite.ForeignKeys.Select(key => key.Key), server.ForeignKeys.Select(key => key.Key), differences);

        foreach (var index in lite.Indexes.Where(index => !server.Indexes.Any(other => Same(other.Name, index.Name))))
            differences.Add($"index {index.Name} on {table}: on SQLite only");
        // A clustered index that SQLite has no index of that name for only orders SQL Server's rows (SQLite stores by rowid).
        foreach (var index in server.Indexes.Where(index => !index.Clustered && !lite.Indexes.Any(other => Same(other.Name, index.Name))))
            differences.Add($"index {index.Name} on {table}: on SQL Server only");
        foreach (var liteIndex in lite.Indexes)
        {
            if (server.Indexes.FirstOrDefault(index => Same(index.Name, liteIndex.Name)) is { } serverIndex)
                CompareIndex(table, liteIndex, serverIndex, differences);
        }

        if (lite.HasTriggers != server.HasTriggers)
            differences.Add($"table {table}: guarded by a trigger on {(lite.HasTriggers ? "SQLite" : "SQL Server")} only");
    }

    /// <summary>
    /// The same key columns in the same order, the same uniqueness and the same filter (compared
    /// without spaces, brackets and case). SQLite has no INCLUDE: a SQL Server index's included columns
    /// are, on SQLite, the key columns after SQL Server's, in any order.
    /// </summary>
    private static void CompareIndex(string table, IndexModel lite, IndexModel server, List<string> differences)
    {
        var where = $"index {lite.Name} on {table}";
        var keyMatches = lite.Columns.Count == server.Columns.Count + server.Included.Count
            && lite.Columns.Take(server.Columns.Count).SequenceEqual(server.Columns, StringComparer.OrdinalIgnoreCase)
            && lite.Columns.Skip(server.Columns.Count).Order(StringComparer.OrdinalIgnoreCase)
                .SequenceEqual(server.Included.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        if (!keyMatches)
        {
            differences.Add($"{where}: ({string.Join(", ", lite.Columns)}) on SQLite, ({string.Join(", ", server.Columns)})"
                + (server.Included.Count > 0 ? $" INCLUDE ({string.Join(", ", server.Included)})" : "") + " on SQL Server");
        }

        if (lite.Unique != server.Unique)
            differences.Add($"{where}: {(lite.Unique ? "unique" : "not unique")} on SQLite, {(server.Unique ? "unique" : "not unique")} on SQL Server");

        if (!string.Equals(Normalized(lite.Filter), Normalized(server.Filter), StringComparison.Ordinal))
            differences.Add($"{where}: filter '{lite.Filter ?? "none"}' on SQLite, '{server.Filter ?? "none"}' on SQL Server");
    }

    private static void CompareSets(string what, IEnumerable<string> lite, IEnumerable<string> server, List<string> differences)
    {
        var liteSet = lite.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var serverSet = server.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var only in liteSet.Except(serverSet).Order())
            differences.Add($"{what} ({only}): on SQLite only");
        foreach (var only in serverSet.Except(liteSet).Order())
            differences.Add($"{what} ({only}): on SQL Server only");
    }

    private static string? Normalized(string? filter) => filter is null ? null : Insignificant().Replace(filter, "").ToLowerInvariant();

    private static string Nullability(bool nullable) => nullable ? "NULL" : "NOT NULL";

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
