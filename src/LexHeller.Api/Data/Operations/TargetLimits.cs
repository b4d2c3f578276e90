using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data.Operations;

/// <summary>A target column as its catalog describes it: type, length in characters (or bytes; -1 = MAX; null = no limit), nullability, collation.</summary>
public sealed record TargetColumn(string Name, string DataType, int? MaxLength, bool Nullable, string? Collation);

/// <summary>A column of a unique key with the collation the key compares it by (null for a column that is not text).</summary>
public sealed record TargetKeyColumn(string Name, string? Collation);

/// <summary>A primary key, unique constraint or unique index; a filtered (partial) one is not evaluated by the preflight.</summary>
public sealed record TargetUniqueKey(string Name, IReadOnlyList<TargetKeyColumn> Columns, bool Filtered);

/// <summary>A CHECK constraint with its definition as the target's catalog gives it.</summary>
public sealed record TargetCheck(string Name, string Definition);

public sealed record TargetTableLimits(string Name, IReadOnlyList<TargetColumn> Columns, IReadOnlyList<TargetUniqueKey> UniqueKeys, IReadOnlyList<TargetCheck> Checks)
{
    public TargetColumn? Column(string name) => Columns.FirstOrDefault(column => column.Name == name);
}

/// <summary>What a target database accepts, read from its own catalog (never from a hand-kept list).</summary>
public sealed record TargetLimits(DatabaseProvider Engine, IReadOnlyDictionary<string, TargetTableLimits> Tables);

/// <summary>
/// SQL Server's limits from its catalog: lengths from INFORMATION_SCHEMA.COLUMNS (CHARACTER_MAXIMUM_LENGTH counts
/// characters, i.e. UTF-16 code units for NVARCHAR, and is -1 for MAX), collations and unique keys from sys.indexes
/// (an index compares a text column by the column's collation), checks from sys.check_constraints.
/// </summary>
public static class SqlServerTargetLimits
{
    private const string Columns = """
        SELECT c.TABLE_NAME AS TableName, c.COLUMN_NAME AS ColumnName, c.DATA_TYPE AS DataType, c.CHARACTER_MAXIMUM_LENGTH AS MaxLength,
               CASE WHEN c.IS_NULLABLE = 'YES' THEN 1 ELSE 0 END AS IsNullable, c.COLLATION_NAME AS Collation
        FROM INFORMATION_SCHEMA.COLUMNS c
        JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
        WHERE t.TABLE_TYPE = 'BASE TABLE'
        ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION
        """;

    private const string UniqueKeys = """
        SELECT t.name AS TableName, i.name AS IndexName, c.name AS ColumnName, c.collation_name AS Collation, i.has_filter AS HasFilter
        FROM sys.indexes i
        JOIN sys.tables t ON t.object_id = i.object_id
        JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0
        JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE i.is_unique = 1 AND i.is_disabled = 0 AND t.is_ms_shipped = 0
        ORDER BY t.name, i.name, ic.key_ordinal
        """;

    private const string Checks = """
        SELECT t.name AS TableName, k.name AS CheckName, k.definition AS Definition
        FROM sys.check_constraints k
        JOIN sys.tables t ON t.object_id = k.parent_object_id
        WHERE k.is_disabled = 0
        ORDER BY t.name, k.name
        """;

    public static async Task<TargetLimits> ReadAsync(DbConnection connection, CancellationToken ct)
    {
        var columns = (await connection.QueryAsync<(string TableName, string ColumnName, string DataType, int? MaxLength, int IsNullable, string? Collation)>(
            new CommandDefinition(Columns, cancellationToken: ct))).ToLookup(column => column.TableName, StringComparer.Ordinal);
        var keys = (await connection.QueryAsync<(string TableName, string IndexName, string ColumnName, string? Collation, bool HasFilter)>(
            new CommandDefinition(UniqueKeys, cancellationToken: ct))).ToLookup(key => key.TableName, StringComparer.Ordinal);
        var checks = (await connection.QueryAsync<(string TableName, string CheckName, string Definition)>(
            new CommandDefinition(Checks, cancellationToken: ct))).ToLookup(check => check.TableName, StringComparer.Ordinal);

        var tables = columns.ToDictionary(
            table => table.Key,
            table => new TargetTableLimits(
                table.Key,
                [.. table.Select(column => new TargetColumn(column.ColumnName, column.DataType, column.MaxLength, column.IsNullable == 1, column.Collation))],
                [.. keys[table.Key].GroupBy(key => key.IndexName, StringComparer.Ordinal)
                    .Select(index => new TargetUniqueKey(index.Key, [.. index.Select(key => new TargetKeyColumn(key.ColumnName, key.Collation))], index.First().HasFilter))],
                [.. checks[table.Key].Select(check => new TargetCheck(check.CheckName, check.Definition))]),
            StringComparer.Ordinal);
        return new TargetLimits(DatabaseProvider.SqlServer, tables);
    }
}

/// <summary>
/// SQLite's limits from its catalog: no lengths (SQLite stores text of any length), NOT NULL from table_xinfo,
/// unique keys with each key column's collation (BINARY, NOCASE, RTRIM) from index_list/index_xinfo, and the
/// CHECK clauses of each table's CREATE TABLE. SQLite only.
/// </summary>
public static class SqliteTargetLimits
{
    private const string Columns = """
        SELECT m.name AS TableName, c.name AS ColumnName, c.type AS DataType, c."notnull" AS IsNotNull
        FROM sqlite_schema m, pragma_table_xinfo(m.name) c
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND c.hidden = 0
        ORDER BY m.name, c.cid
        """;

    // Key columns only (key = 1); an expression column has no name and makes the index one the preflight skips.
    private const string UniqueKeys = """
        SELECT m.name AS TableName, il.name AS IndexName, il.partial AS IsPartial, ix.name AS ColumnName, ix.coll AS Collation
        FROM sqlite_schema m, pragma_index_list(m.name) il, pragma_index_xinfo(il.name) ix
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND il."unique" = 1 AND ix."key" = 1
        ORDER BY m.name, il.name, ix.seqno
        """;

    private const string TableSql = "SELECT name AS TableName, sql AS Sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";

    public static async Task<TargetLimits> ReadAsync(SqliteConnection connection, CancellationToken ct)
    {
        var columns = (await connection.QueryAsync<(string TableName, string ColumnName, string DataType, long IsNotNull)>(
            new CommandDefinition(Columns, cancellationToken: ct))).ToLookup(column => column.TableName, StringComparer.Ordinal);
        var keys = (await connection.QueryAsync<(string TableName, string IndexName, long IsPartial, string? ColumnName, string? Collation)>(
            new CommandDefinition(UniqueKeys, cancellationToken: ct))).ToLookup(key => key.TableName, StringComparer.Ordinal);
        var sql = (await connection.QueryAsync<(string TableName, string Sql)>(new CommandDefinition(TableSql, cancellationToken: ct)))
            .ToDictionary(table => table.TableName, table => table.Sql, StringComparer.Ordinal);

        var tables = columns.ToDictionary(
            table => table.Key,
            table => new TargetTableLimits(
                table.Key,
                [.. table.Select(column => new TargetColumn(column.ColumnName, column.DataType, null, column.IsNotNull == 0, null))],
                [.. keys[table.Key].GroupBy(key => key.IndexName, StringComparer.Ordinal)
                    .Select(index => new TargetUniqueKey(index.Key,
                        [.. index.Select(key => new TargetKeyColumn(key.ColumnName ?? "(expression)", key.Collation))],
                        index.First().IsPartial != 0 || index.Any(key => key.ColumnName is null)))],
                [.. CheckClauses(sql.GetValueOrDefault(table.Key) ?? "").Select((check, i) => new TargetCheck(check.Name ?? $"check {i + 1}", check.Expression))]),
            StringComparer.Ordinal);
        return new TargetLimits(DatabaseProvider.Sqlite, tables);
    }

    /// <summary>
    /// The CHECK clauses of a CREATE TABLE statement: the balanced parenthesis after each CHECK keyword outside
    /// quotes, with the constraint's name when <c>CONSTRAINT name</c> stands right before it.
    /// </summary>
    public static IReadOnlyList<(string? Name, string Expression)> CheckClauses(string createTable)
    {
        var checks = new List<(string?, string)>();
        var i = 0;
        while (i < createTable.Length)
        {
            var c = createTable[i];
            if (c is '\'' or '"' or '`' or '[')
            {
                i = SkipQuoted(createTable, i);
                continue;
            }

            if (IsWordAt(createTable, i, "CHECK"))
            {
                var open = i + 5;
                while (open < createTable.Length && char.IsWhiteSpace(createTable[open]))
                    open++;
                if (open < createTable.Length && createTable[open] == '(')
                {
                    var close = Balanced(createTable, open);
                    checks.Add((NameBefore(createTable, i), createTable[(open + 1)..close].Trim()));
                    i = close + 1;
                    continue;
                }
            }

            i++;
        }

        return checks;
    }

    private static bool IsWordAt(string text, int at, string word) =>
        string.Compare(text, at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
        && (at == 0 || !IsNameChar(text[at - 1]))
        && (at + word.Length >= text.Length || !IsNameChar(text[at + word.Length]));

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static int SkipQuoted(string text, int at)
    {
        var quote = text[at] == '[' ? ']' : text[at];
        var i = at + 1;
        while (i < text.Length)
        {
            if (text[i] == quote)
            {
                // A doubled quote is the quote itself.
                if (quote != ']' && i + 1 < text.Length && text[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return text.Length;
    }

    private static int Balanced(string text, int open)
    {
        var depth = 0;
        var i = open;
        while (i < text.Length)
        {
            switch (text[i])
            {
                case '\'' or '"' or '`' or '[':
                    i = SkipQuoted(text, i);
                    continue;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                        return i;
                    break;
            }

            i++;
        }

        throw new CopyRefusedException("A CHECK clause of the target's schema has no closing parenthesis.");
    }

    /// <summary>The name in <c>CONSTRAINT name CHECK</c>, when the CHECK at <paramref name="at"/> has one.</summary>
    private static string? NameBefore(string text, int at)
    {
        var words = text[..at].TrimEnd().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words is [.., var keyword, var name] && keyword.Equals("CONSTRAINT", StringComparison.OrdinalIgnoreCase)
            ? name.Trim('"', '`', '[', ']')
            : null;
    }
}

/// <summary>
/// How a target compares the values of a unique key, as text the preflight can group by: two rows collide on the
/// target exactly when their keys' comparison texts are equal.
/// </summary>
public static class KeyComparison
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>
    /// The comparison text of one key value as converted for the target, or null when the target lets this row
    /// through whatever the others hold (SQLite: a NULL in a unique key never collides; SQL Server: one NULL is a value).
    /// </summary>
    public static string? Of(DatabaseProvider engine, string? collation, object? value)
    {
        if (value is null or DBNull)
            return engine == DatabaseProvider.SqlServer ? "n" : null;

        return value switch
        {
            string text => "s" + Text(engine, collation, text),
            Guid guid => "g" + guid.ToString("N"),
            // SQL Server compares datetimeoffset by its instant, whatever the offset.
            DateTimeOffset instant => "t" + instant.UtcTicks.ToString(CultureInfo.InvariantCulture),
            DateTime date => "d" + date.Ticks.ToString(CultureInfo.InvariantCulture),
            byte[] bytes => "b" + System.Convert.ToHexString(bytes),
            bool flag => flag ? "i1" : "i0",
            // SQLite compares an integer and a real by value: 1 = 1.0.
            IConvertible number when value is long or int or short or byte or double or float or decimal =>
                "i" + System.Convert.ToDecimal(number, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            _ => "o" + System.Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>In words, how the target compares text in a column of this collation (for the report).</summary>
    public static string Describe(DatabaseProvider engine, string? collation)
    {
        if (engine == DatabaseProvider.Sqlite)
        {
            return (collation ?? "BINARY").ToUpperInvariant() switch
            {
                "NOCASE" => "NOCASE: A-Z case ignored",
                "RTRIM" => "RTRIM: trailing spaces ignored",
                var other => $"{other}: equal text",
            };
        }

        if (collation is null)
            return "equal values";
        var ignored = new List<string>();
        if (!IsBinary(collation) && collation.Contains("_CI", StringComparison.Ordinal))
            ignored.Add("case");
        if (!IsBinary(collation) && collation.Contains("_AI", StringComparison.Ordinal))
            ignored.Add("accents");
        ignored.Add("trailing spaces");
        return $"{collation}: {string.Join(", ", ignored)} ignored";
    }

    private static bool IsBinary(string collation) => collation.Contains("_BIN", StringComparison.OrdinalIgnoreCase);

    private static string Text(DatabaseProvider engine, string? collation, string text)
    {
        if (engine == DatabaseProvider.Sqlite)
        {
            return (collation ?? "BINARY").ToUpperInvariant() switch
            {
                // NOCASE folds only the 26 ASCII letters; RTRIM ignores trailing spaces.
                "NOCASE" => string.Create(text.Length, text, (span, source) =>
                {
                    for (var i = 0; i < source.Length; i++)
                        span[i] = source[i] is >= 'a' and <= 'z' ? (char)(source[i] - 32) : source[i];
                }),
                "RTRIM" => text.TrimEnd(' '),
                _ => text,
            };
        }

        // SQL Server pads the shorter string with spaces before comparing (ANSI/ISO SQL-92), so trailing spaces
        // never count in an equality, whatever the collation, binary ones included.
        var trimmed = text.TrimEnd(' ');
        if (collation is null || IsBinary(collation))
            return trimmed;

        // A Windows collation compared with .NET's (ICU's) culture rules: the collation's culture and its options
        // (_CI case-insensitive, _AI accent-insensitive, kana type and width ignored unless _KS/_WS). ICU and SQL
        // Server's own tables can disagree on rare characters (ignorable code points, some ligatures); for the
        // letters, digits and punctuation of Swedish and English text they agree.
        var options = CompareOptions.None;
        if (collation.Contains("_CI", StringComparison.Ordinal))
            options |= CompareOptions.IgnoreCase;
        if (collation.Contains("_AI", StringComparison.Ordinal))
            options |= CompareOptions.IgnoreNonSpace;
        if (!collation.Contains("_KS", StringComparison.Ordinal))
            options |= CompareOptions.IgnoreKanaType;
        if (!collation.Contains("_WS", StringComparison.Ordinal))
            options |= CompareOptions.IgnoreWidth;
        var culture = collation.StartsWith("Finnish_Swedish", StringComparison.Ordinal) ? Swedish : CultureInfo.InvariantCulture;
        return System.Convert.ToBase64String(culture.CompareInfo.GetSortKey(trimmed, options).KeyData);
    }

    /// <summary>The value as the report shows it: quoted, shortened, trailing spaces visible inside the quotes.</summary>
    public static string Show(object? value)
    {
        if (value is null or DBNull)
            return "NULL";
        var text = value switch
        {
            byte[] bytes => $"0x{System.Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 16)))}{(bytes.Length > 16 ? "…" : "")}",
            string s => s,
            _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        var builder = new StringBuilder("'");
        builder.Append(text.Length > 40 ? text[..40] + "…" : text);
        return builder.Append('\'').ToString();
    }
}
