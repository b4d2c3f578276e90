using System.Text.RegularExpressions;
using Dapper;

namespace LexHeller.Api.Data.Operations;

/// <summary>A column the copy writes (generated/computed columns are left to the target engine).</summary>
public sealed record CopyColumn(string Name, string DataType, bool IsKey);

/// <summary>A table with its written columns and the tables its foreign keys point at.</summary>
public sealed record CopyTable(string Name, IReadOnlyList<CopyColumn> Columns, IReadOnlyList<(string Column, string ReferencedTable)> ForeignKeys)
{
    /// <summary>Columns that point at the table itself (a report forwarded to another report): written in a second pass.</summary>
    public IReadOnlyList<string> SelfReferences => [.. ForeignKeys.Where(key => key.ReferencedTable == Name).Select(key => key.Column).Distinct()];
}

/// <summary>
/// What the copy knows of a schema: the tables, read from the database itself, and the order in which
/// their rows can be inserted (every table after the tables its foreign keys point at).
/// </summary>
public static partial class CopySchema
{
    /// <summary>DbUp's journal: each side keeps its own (the target's is written by its migration).</summary>
    public const string JournalTable = "schemaversions";

    /// <summary>The key ring's table, when the key ring is kept in the database: keys already there are kept, not counted as data.</summary>
    public const string KeyRingTable = "data_protection_keys";

    /// <summary>
    /// The copy's own marker on the target while a copy is unfinished (the source's fingerprint); created with the
    /// first batch, dropped in the last transaction. Not part of the schema: no migration makes it.
    /// </summary>
    public const string ResumeTable = "copy_in_progress";

    /// <summary>
    /// Tables the migrations fill (0002: the category taxonomy; 0014: its labels' history), in the order they
    /// were created, so that a later one may refer to an earlier one. A migrated, empty target holds their rows;
    /// the copy replaces them with the source's, which an administrator may have extended.
    /// A test checks this list against what the migrations really insert.
    /// </summary>
    public static readonly IReadOnlyList<string> SeededTables = ["categories", "category_labels"];

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex PlainName();

    /// <summary>Names become part of statements: only plain lower-case names are accepted.</summary>
    public static string Checked(string name) =>
        PlainName().IsMatch(name) ? name : throw new CopyRefusedException($"The name '{name}' in the schema is not a plain lower-case name; the copy does not handle it.");

    /// <summary>The data tables (not DbUp's journal) in insertion order.</summary>
    public static IReadOnlyList<CopyTable> InInsertionOrder(IEnumerable<CopyTable> tables)
    {
        var byName = tables.Where(table => !IsJournal(table.Name)).ToDictionary(table => table.Name, StringComparer.Ordinal);
        var ordered = new List<CopyTable>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: visiting, true: done
        foreach (var name in byName.Keys.Order(StringComparer.Ordinal))
            Visit(name);
        return ordered;

        void Visit(string name)
        {
            if (state.TryGetValue(name, out var done))
            {
                if (!done)
                    throw new CopyRefusedException($"The foreign keys between tables form a cycle through '{name}'; the copy cannot order them.");
                return;
            }

            state[name] = false;
            foreach (var referenced in byName[name].ForeignKeys.Select(key => key.ReferencedTable).Where(referenced => referenced != name).Distinct().Order(StringComparer.Ordinal))
            {
                if (!byName.ContainsKey(referenced))
                    throw new CopyRefusedException($"Table '{name}' refers to '{referenced}', which is not in the database.");
                Visit(referenced);
            }

            state[name] = true;
            ordered.Add(byName[name]);
        }
    }

    public static bool IsJournal(string table) => string.Equals(table, JournalTable, StringComparison.OrdinalIgnoreCase);

    /// <summary>Tables whose rows make a target "not empty".</summary>
    public static bool CountsAsData(string table) =>
        !IsJournal(table) && table != KeyRingTable && !SeededTables.Contains(table);
}

/// <summary>Reads a SQLite database's tables, columns (without generated ones) and foreign keys. SQLite only.</summary>
public static class SqliteCopySchema
{
    private const string Columns = """
        SELECT m.name AS TableName, c.name AS ColumnName, c.type AS DataType, c.pk AS KeyOrdinal
        FROM sqlite_schema m, pragma_table_xinfo(m.name) c
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND c.hidden = 0
        ORDER BY m.name, c.cid
        """;

    private const string ForeignKeys = """
        SELECT m.name AS TableName, f."from" AS ColumnName, f."table" AS ReferencedTable
        FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
        """;

    public static async Task<IReadOnlyList<CopyTable>> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var columns = await connection.QueryAsync<(string TableName, string ColumnName, string DataType, long KeyOrdinal)>(
            new CommandDefinition(Columns, transaction: transaction, cancellationToken: ct));
        var keys = (await connection.QueryAsync<(string TableName, string ColumnName, string ReferencedTable)>(
                new CommandDefinition(ForeignKeys, transaction: transaction, cancellationToken: ct)))
            .ToLookup(key => key.TableName, StringComparer.Ordinal);
        return [.. columns.GroupBy(column => column.TableName, StringComparer.Ordinal)
            .Where(group => !CopySchema.IsJournal(group.Key) && group.Key != CopySchema.ResumeTable)
            .Select(group => new CopyTable(
                CopySchema.Checked(group.Key),
                [.. group.Select(column => new CopyColumn(CopySchema.Checked(column.ColumnName), column.DataType, column.KeyOrdinal > 0))],
                [.. keys[group.Key].Select(key => (CopySchema.Checked(key.ColumnName), CopySchema.Checked(key.ReferencedTable)))]))];
    }
}

/// <summary>The copy cannot (or must not) go on: said to the operator without a stack trace.</summary>
public sealed class CopyRefusedException(string message) : Exception(message);
