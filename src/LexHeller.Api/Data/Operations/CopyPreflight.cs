using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data.Operations;

/// <summary>One value (or row) of the source that the target would refuse: where it is and what is wrong, in the operator's words.</summary>
public sealed record CopyOffence(string Table, string Row, string? Column, string Problem)
{
    public override string ToString() => $"{Table} {Row}{(Column is null ? "" : $" {Column}")}: {Problem}";
}

/// <summary>
/// What the preflight found: every offending row (empty when the source fits), what it could not evaluate
/// (notes), how many rows it read, and the source's fingerprint (a SHA-256 of every row in the copy's order).
/// </summary>
public sealed record PreflightReport(IReadOnlyList<CopyOffence> Offences, IReadOnlyList<string> Notes, long Rows, int Tables, string Fingerprint)
{
    /// <summary>The report as the command prints it when the source does not fit: a header, then one line per offending value.</summary>
    public string Describe()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture,
            $"{Offences.Count} value(s) in {Offences.Select(offence => offence.Table).Distinct().Count()} table(s) of the source would fail on the target; nothing was written. Correct them in the source and run the copy again:");
        foreach (var group in Offences.GroupBy(offence => offence.Table))
        {
            builder.AppendLine().Append("  ").Append(group.Key);
            foreach (var offence in group)
                builder.AppendLine().Append("    ").Append(offence.Row).Append(offence.Column is null ? "" : $", {offence.Column}").Append(": ").Append(offence.Problem);
        }

        return builder.ToString();
    }
}

/// <summary>
/// Before the copy writes anything, every row of the source is checked against what the TARGET accepts, as its
/// catalog describes it (<see cref="TargetLimits"/>), so that the copy fails early and names every offending row
/// instead of failing late, on the first one, in the middle of a table:
/// <list type="bullet">
/// <item>the value converts to the target column's type (a GUID, an instant, a date, a number in range);</item>
/// <item>text (or binary) no longer than the target column (NVARCHAR counts UTF-16 code units, as .NET's string.Length);</item>
/// <item>no NULL in a NOT NULL column;</item>
/// <item>no two rows that the target's unique keys (primary keys included) would take for the same: compared under
/// the target column's collation (case, accents, trailing spaces), and on SQL Server with NULL as one value;</item>
/// <item>every CHECK constraint of the target that the source's engine can evaluate (the definitions on SQL Server are
/// normalised T-SQL that SQLite reads when they are simple comparisons; one it cannot read is a note, not a pass);</item>
/// <item>no row pointing at a row that is not there (SQLite's foreign_key_check: a source written with foreign keys off).</item>
/// </list>
/// It reads the source inside the copy's snapshot and hashes every row in the copy's order: the fingerprint lets
/// an interrupted copy resume only from the same source state.
/// </summary>
public static class CopyPreflight
{
    public static async Task<PreflightReport> RunAsync(
        SqliteConnection source, SqliteTransaction snapshot, IReadOnlyList<(CopyTable Source, CopyTable Target)> pairs, TargetLimits limits,
        Func<CopyColumn, object, object> convert, CancellationToken ct)
    {
        var offences = new List<CopyOffence>();
        var notes = new List<string>();
        using var fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows = 0;
        foreach (var (sourceTable, targetTable) in pairs)
        {
            var tableLimits = limits.Tables.GetValueOrDefault(targetTable.Name);
            if (tableLimits is null)
                notes.Add($"{targetTable.Name}: the target's catalog does not describe it; its values were not checked.");
            var check = new TableCheck(limits.Engine, sourceTable, targetTable, tableLimits, convert, offences, notes);
            fingerprint.AppendData(Encoding.UTF8.GetBytes($"\u0001{sourceTable.Name}\u0001{string.Join(",", sourceTable.Columns.Select(column => column.Name))}\u0001"));

            await using (var reader = await SqlitePreflightSource.ReadAsync(source, snapshot, sourceTable, ct))
            {
                var values = new object?[sourceTable.Columns.Count];
                while (await reader.ReadAsync(ct))
                {
                    for (var i = 0; i < values.Length; i++)
                        values[i] = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
                    Hash(fingerprint, values);
                    check.Row(reader.GetInt64(0), values);
                    rows++;
                }
            }

            await check.ReportDuplicatesAsync(source, snapshot, ct);

            if (tableLimits is not null)
                await EvaluateChecksAsync(source, snapshot, sourceTable, targetTable, tableLimits, offences, notes, ct);
        }

        await FindOrphansAsync(source, snapshot, pairs, offences, ct);
        return new PreflightReport(offences, notes, rows, pairs.Count, Convert.ToHexStringLower(fingerprint.GetHashAndReset()));
    }

    /// <summary>Each value with its kind, so that 1 and '1', or NULL and '', never hash alike.</summary>
    private static void Hash(IncrementalHash hash, object?[] values)
    {
        Span<byte> number = stackalloc byte[8];
        foreach (var value in values)
        {
            switch (value)
            {
                case null:
                    hash.AppendData("n"u8);
                    break;
                case long integer:
                    hash.AppendData("i"u8);
                    BitConverter.TryWriteBytes(number, integer);
                    hash.AppendData(number);
                    break;
                case double real:
                    hash.AppendData("r"u8);
                    BitConverter.TryWriteBytes(number, real);
                    hash.AppendData(number);
                    break;
                case byte[] bytes:
                    hash.AppendData("b"u8);
                    BitConverter.TryWriteBytes(number, (long)bytes.Length);
                    hash.AppendData(number);
                    hash.AppendData(bytes);
                    break;
                default:
                    var text = Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                    hash.AppendData("s"u8);
                    BitConverter.TryWriteBytes(number, (long)text.Length);
                    hash.AppendData(number);
                    hash.AppendData(text);
                    break;
            }
        }
    }

    private static async Task EvaluateChecksAsync(
        SqliteConnection source, SqliteTransaction snapshot, CopyTable sourceTable, CopyTable targetTable, TargetTableLimits limits,
        List<CopyOffence> offences, List<string> notes, CancellationToken ct)
    {
        var key = KeyColumns(targetTable);
        foreach (var check in limits.Checks)
        {
            IReadOnlyList<object?[]> failing;
            try
            {
                failing = await SqlitePreflightSource.FailingAsync(source, snapshot, sourceTable.Name, key, check.Definition, ct);
            }
            catch (SqliteException)
            {
                notes.Add($"{targetTable.Name}: the check {check.Name} ({check.Definition}) cannot be evaluated on the source; it was not checked.");
                continue;
            }

            offences.AddRange(failing.Select(row => new CopyOffence(targetTable.Name, RowName(key, row), null, $"breaks the check {check.Name}: {check.Definition}")));
        }
    }

    private static async Task FindOrphansAsync(
        SqliteConnection source, SqliteTransaction snapshot, IReadOnlyList<(CopyTable Source, CopyTable Target)> pairs, List<CopyOffence> offences, CancellationToken ct)
    {
        var byName = pairs.ToDictionary(pair => pair.Source.Name, pair => pair.Target, StringComparer.Ordinal);
        foreach (var (table, rowId, parent, columns) in await SqlitePreflightSource.OrphansAsync(source, snapshot, ct))
        {
            if (!byName.TryGetValue(table, out var targetTable))
                continue;
            var key = KeyColumns(targetTable);
            var row = await SqlitePreflightSource.RowAsync(source, snapshot, table, [.. key, .. columns], rowId, ct);
            var values = string.Join(", ", columns.Select((column, i) => $"{column} = {KeyComparison.Show(row[key.Count + i])}"));
            offences.Add(new CopyOffence(table, RowName(key, row), string.Join(", ", columns), $"refers to a row of {parent} that is not in the source ({values})"));
        }
    }

    /// <summary>The table's primary key columns on the target (the row's name in the report), or none: then the row is named by its rowid.</summary>
    private static IReadOnlyList<string> KeyColumns(CopyTable table) => [.. table.Columns.Where(column => column.IsKey).Select(column => column.Name)];

    private static string RowName(IReadOnlyList<string> key, IReadOnlyList<object?> row) =>
        key.Count == 0 ? $"row {row[^1]}" : string.Join(", ", key.Select((column, i) => $"{column} {KeyComparison.Show(row[i])}"));

    /// <summary>The checks of one table, row by row.</summary>
    private sealed class TableCheck
    {
        private readonly DatabaseProvider _engine;
        private readonly CopyTable _table;
        private readonly TargetColumn?[] _limits;
        private readonly bool[] _selfReference;
        private readonly int[] _key;
        // Per unique key: a 128-bit digest of each comparison text seen, and the rowid of its first row (about 40 bytes a
        // row, where the texts themselves would take hundreds: a million reports stay in memory).
        private readonly List<(TargetUniqueKey Key, int[] Columns, Dictionary<Guid, long> Seen)> _uniqueKeys = [];
        private readonly List<(long FirstRowId, CopyOffence Offence)> _duplicates = [];
        private readonly Func<CopyColumn, object, object> _convert;
        private readonly List<CopyOffence> _offences;

        public TableCheck(DatabaseProvider engine, CopyTable source, CopyTable target, TargetTableLimits? limits,
            Func<CopyColumn, object, object> convert, List<CopyOffence> offences, List<string> notes)
        {
            _engine = engine;
            _table = target;
            _convert = convert;
            _offences = offences;
            _limits = [.. target.Columns.Select(column => limits?.Column(column.Name))];
            _selfReference = [.. target.Columns.Select(column => source.SelfReferences.Contains(column.Name))];
            _key = [.. target.Columns.Select((column, i) => (column, i)).Where(pair => pair.column.IsKey).Select(pair => pair.i)];
            foreach (var key in limits?.UniqueKeys ?? [])
            {
                var columns = key.Columns.Select(column => target.Columns.ToList().FindIndex(c => c.Name == column.Name)).ToArray();
                if (key.Filtered || columns.Any(index => index < 0))
                    notes.Add($"{target.Name}: the unique key {key.Name} ({string.Join(", ", key.Columns.Select(column => column.Name))}) is filtered or on a computed column; it was not checked.");
                else
                    _uniqueKeys.Add((key, columns, []));
            }
        }

        public void Row(long rowId, object?[] values)
        {
            var converted = new object?[values.Length];
            string? name = null;
            string Name() => name ??= _key.Length == 0 ? $"row {rowId}" : string.Join(", ", _key.Select(i => $"{_table.Columns[i].Name} {KeyComparison.Show(values[i])}"));

            for (var i = 0; i < values.Length; i++)
            {
                var column = _table.Columns[i];
                var limit = _limits[i];
                if (values[i] is not { } value)
                {
                    // A column pointing at its own table is written empty first and set in a second pass: it must take NULL anyway.
                    if (limit is { Nullable: false } && !_selfReference[i])
                        _offences.Add(new CopyOffence(_table.Name, Name(), column.Name, "is empty (NULL), but the target column is NOT NULL"));
                    continue;
                }

                try
                {
                    converted[i] = _convert(column, value);
                }
                catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException or ArgumentException or CopyRefusedException)
                {
                    _offences.Add(new CopyOffence(_table.Name, Name(), column.Name, $"{KeyComparison.Show(value)} is not a valid {column.DataType} for the target"));
                    continue;
                }

                if (limit?.MaxLength is > 0 and var max)
                {
                    var length = converted[i] switch
                    {
                        string text => text.Length,
                        byte[] bytes => bytes.Length,
                        _ => 0,
                    };
                    if (length > max)
                    {
                        var unit = converted[i] is byte[] ? "bytes" : "characters";
                        _offences.Add(new CopyOffence(_table.Name, Name(), column.Name,
                            string.Create(CultureInfo.InvariantCulture, $"is {length:N0} {unit} long; the target column holds at most {max:N0} ({limit.DataType}({max}))")));
                    }
                }

                // SQL Server's datetime starts in 1753; datetime2, date and datetimeoffset hold every .NET date.
                if (limit?.DataType == "datetime" && converted[i] is DateTime date && date < new DateTime(1753, 1, 1))
                    _offences.Add(new CopyOffence(_table.Name, Name(), column.Name, $"{KeyComparison.Show(value)} is before 1753-01-01, the first day a datetime column holds"));
            }

            foreach (var (key, columns, seen) in _uniqueKeys)
            {
                var parts = new string[columns.Length];
                var exempt = false;
                for (var c = 0; c < columns.Length && !exempt; c++)
                {
                    var index = columns[c];
                    // A value that did not convert is reported already; it takes part as the source holds it.
                    var part = KeyComparison.Of(_engine, key.Columns[c].Collation, converted[index] ?? values[index]);
                    exempt = part is null;
                    parts[c] = part ?? "";
                }

                if (exempt)
                    continue;
                var text = string.Join("\u0000", parts.Select(part => part.Length.ToString(CultureInfo.InvariantCulture) + ":" + part));
                var digest = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
                if (seen.TryAdd(digest, rowId))
                    continue;

                var shown = string.Join(", ", columns.Select(index => KeyComparison.Show(values[index])));
                var compared = string.Join("; ", key.Columns.Where(column => column.Collation is not null).Select(column => KeyComparison.Describe(_engine, column.Collation)).Distinct());
                // "{first}" is the first row's name, looked up once the table has been read.
                _duplicates.Add((seen[digest], new CopyOffence(_table.Name, Name(), columns.Length == 1 ? key.Columns[0].Name : $"({string.Join(", ", key.Columns.Select(column => column.Name))})",
                    $"{shown} is the same as the row {{first}} to the target's unique key {key.Name}"
                    + (compared.Length > 0 ? $" (compared as {compared})" : ""))));
            }
        }

        /// <summary>Adds the rows that collide in a unique key, each naming the first row it collides with.</summary>
        public async Task ReportDuplicatesAsync(SqliteConnection source, SqliteTransaction snapshot, CancellationToken ct)
        {
            var key = _key.Select(i => _table.Columns[i].Name).ToList();
            foreach (var (firstRowId, offence) in _duplicates)
            {
                var first = await SqlitePreflightSource.RowAsync(source, snapshot, _table.Name, key, firstRowId, ct);
                _offences.Add(offence with { Problem = offence.Problem.Replace("{first}", RowName(key, first), StringComparison.Ordinal) });
            }
        }
    }
}

/// <summary>The preflight's reads of the SQLite source, inside the copy's snapshot. SQLite only.</summary>
public static class SqlitePreflightSource
{
    /// <summary>rowid first, then the table's columns (self-references with their values): every row, in the copy's order.</summary>
    public static async Task<DbDataReader> ReadAsync(SqliteConnection connection, SqliteTransaction snapshot, CopyTable table, CancellationToken ct)
    {
        var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT rowid, {string.Join(", ", table.Columns.Select(column => CopySchema.Checked(column.Name)))} FROM {CopySchema.Checked(table.Name)} ORDER BY rowid";
        return await command.ExecuteReaderAsync(ct);
    }

    /// <summary>The key values and rowid of every row for which the check's condition is false (NULL passes a check, as on both engines).</summary>
    public static async Task<IReadOnlyList<object?[]>> FailingAsync(
        SqliteConnection connection, SqliteTransaction snapshot, string table, IReadOnlyList<string> key, string condition, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = snapshot;
        var selected = key.Select(CopySchema.Checked).Append("rowid");
        command.CommandText = $"SELECT {string.Join(", ", selected)} FROM {CopySchema.Checked(table)} WHERE NOT ({condition}) ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Rows whose foreign key points at nothing (possible when the source was written with foreign keys off): table, rowid, parent, columns.</summary>
    public static async Task<IReadOnlyList<(string Table, long RowId, string Parent, IReadOnlyList<string> Columns)>> OrphansAsync(
        SqliteConnection connection, SqliteTransaction snapshot, CancellationToken ct)
    {
        var found = new List<(string Table, long? RowId, string Parent, long Key)>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = snapshot;
            command.CommandText = "PRAGMA foreign_key_check";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                found.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3)));
        }

        var orphans = new List<(string, long, string, IReadOnlyList<string>)>();
        foreach (var (table, rowId, parent, key) in found.Where(orphan => orphan.RowId is not null))
        {
            var columns = await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT \"from\" FROM pragma_foreign_key_list(@Table) WHERE id = @Key ORDER BY seq", new { Table = table, Key = key }, snapshot, cancellationToken: ct));
            orphans.Add((CopySchema.Checked(table), rowId!.Value, parent, [.. columns.Select(CopySchema.Checked)]));
        }

        return orphans;
    }

    /// <summary>The named columns of one row, then its rowid.</summary>
    public static async Task<object?[]> RowAsync(SqliteConnection connection, SqliteTransaction snapshot, string table, IReadOnlyList<string> columns, long rowId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(CopySchema.Checked).Append("rowid"))} FROM {CopySchema.Checked(table)} WHERE rowid = @RowId";
        command.Parameters.AddWithValue("@RowId", rowId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return [.. columns.Select(_ => (object?)null), rowId];
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++)
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        return row;
    }
}
