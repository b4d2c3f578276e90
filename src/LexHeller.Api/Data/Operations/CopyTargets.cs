using System.Data;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data.Operations;

/// <summary>
/// Where the copy writes: one connection on the target, and one transaction per batch (<see cref="InTransactionAsync"/>),
/// so that no transaction grows with the database and an interrupted copy keeps the batches it committed.
/// </summary>
public abstract class CopyTarget(DbConnection connection) : IAsyncDisposable
{
    // Statements shared by both engines name a placeholder table and column list, replaced by checked names.
    private const string CountRows = "SELECT COUNT(*) FROM copied_table";
    private const string DeleteRows = "DELETE FROM copied_table";
    private const string SetSelfReference = "UPDATE copied_table SET copied_column = @Value WHERE copied_key = @Key";
    // The condition is one "column = @kN" per key column, put in place of the placeholder's.
    private const string CountKey = "SELECT COUNT(*) FROM copied_table WHERE copied_key = @Key";

    /// <summary>The resume marker (see <see cref="CopySchema.ResumeTable"/>): which source state the copy in progress began from.</summary>
    private const string ReadResume = "SELECT source_fingerprint AS Fingerprint, source AS Source, started_at AS StartedAt FROM copy_in_progress";
    private const string InsertResume = "INSERT INTO copy_in_progress (source_fingerprint, source, started_at) VALUES (@Fingerprint, @Source, @StartedAt)";
    private const string DropResume = "DROP TABLE copy_in_progress";

    protected DbConnection Connection { get; } = connection;

    /// <summary>The batch's transaction while one is open (<see cref="InTransactionAsync"/>), else none.</summary>
    protected DbTransaction? Transaction { get; private set; }

    /// <summary>The target's connection and the open transaction, for what is written beside the tables (the key ring).</summary>
    public (DbConnection Connection, DbTransaction? Transaction) Session => (Connection, Transaction);

    /// <summary>The target's tables and their written columns, with its own type names (the resume marker is not one of them).</summary>
    public abstract Task<IReadOnlyList<CopyTable>> ReadSchemaAsync(CancellationToken ct);

    /// <summary>What the target accepts, read from its catalog: column lengths, nullability, collations, unique keys and checks.</summary>
    public abstract Task<TargetLimits> ReadLimitsAsync(CancellationToken ct);

    /// <summary>Inserts the rows, each in the table's column order (self-referencing columns arrive empty), in the open transaction.</summary>
    public abstract Task WriteAsync(CopyTable table, IReadOnlyList<object[]> rows, CancellationToken ct);

    /// <summary>The value as this engine stores it in a column of <paramref name="column"/>'s type.</summary>
    public abstract object Convert(CopyColumn column, object value);

    /// <summary>Whether the resume marker's table exists (a copy into this target began and has not finished).</summary>
    protected abstract Task<bool> HasResumeTableAsync(CancellationToken ct);

    /// <summary>This engine's CREATE TABLE for the resume marker.</summary>
    protected abstract string CreateResumeTable { get; }

    /// <summary>Runs <paramref name="work"/> in its own transaction: committed when it returns, rolled back when it throws.</summary>
    public async Task InTransactionAsync(Func<Task> work, CancellationToken ct)
    {
        if (Transaction is not null)
            throw new InvalidOperationException("A transaction of the copy is already open.");
        Transaction = await BeginAsync(ct);
        try
        {
            await work();
            await Transaction.CommitAsync(ct);
        }
        finally
        {
            await Transaction.DisposeAsync();
            Transaction = null;
        }
    }

    protected virtual async Task<DbTransaction> BeginAsync(CancellationToken ct) => await Connection.BeginTransactionAsync(ct);

    public async Task<long> CountAsync(string table, CancellationToken ct) =>
        System.Convert.ToInt64(await Connection.ExecuteScalarAsync(new CommandDefinition(Named(CountRows, table), transaction: Transaction, cancellationToken: ct)), CultureInfo.InvariantCulture);

    public Task DeleteAllAsync(string table, CancellationToken ct) =>
        Connection.ExecuteAsync(new CommandDefinition(Named(DeleteRows, table), transaction: Transaction, cancellationToken: ct));

    /// <summary>Second pass for a table pointing at itself: the column set once every row is there.</summary>
    public Task SetAsync(string table, CopyColumn key, CopyColumn column, object keyValue, object value, CancellationToken ct)
    {
        var sql = Named(SetSelfReference, table).Replace("copied_column", column.Name, StringComparison.Ordinal).Replace("copied_key", key.Name, StringComparison.Ordinal);
        return Connection.ExecuteAsync(new CommandDefinition(sql, new { Value = Convert(column, value), Key = Convert(key, keyValue) }, Transaction, cancellationToken: ct));
    }

    /// <summary>Whether the row with these key values (source values, in <paramref name="key"/>'s order) is in the target.</summary>
    public async Task<bool> HoldsAsync(string table, IReadOnlyList<CopyColumn> key, IReadOnlyList<object> values, CancellationToken ct)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < key.Count; i++)
            parameters.Add($"k{i}", Convert(key[i], values[i]));
        var condition = string.Join(" AND ", key.Select((column, i) => $"{CopySchema.Checked(column.Name)} = @k{i}"));
        var sql = Named(CountKey, table).Replace("copied_key = @Key", condition, StringComparison.Ordinal);
        return System.Convert.ToInt64(await Connection.ExecuteScalarAsync(new CommandDefinition(sql, parameters, Transaction, cancellationToken: ct)), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The marker of a copy that began and has not finished, or null.</summary>
    public async Task<CopyResumeMarker?> ReadResumeMarkerAsync(CancellationToken ct) =>
        await HasResumeTableAsync(ct)
            ? await Connection.QuerySingleOrDefaultAsync<CopyResumeMarker>(new CommandDefinition(ReadResume, transaction: Transaction, cancellationToken: ct))
            : null;

    /// <summary>Creates the marker, in the open transaction.</summary>
    public async Task WriteResumeMarkerAsync(CopyResumeMarker marker, CancellationToken ct)
    {
        await Connection.ExecuteAsync(new CommandDefinition(CreateResumeTable, transaction: Transaction, cancellationToken: ct));
        await Connection.ExecuteAsync(new CommandDefinition(InsertResume, marker, Transaction, cancellationToken: ct));
    }

    /// <summary>Drops the marker, in the open transaction: the copy is complete.</summary>
    public Task DropResumeMarkerAsync(CancellationToken ct) =>
        Connection.ExecuteAsync(new CommandDefinition(DropResume, transaction: Transaction, cancellationToken: ct));

    protected static string Named(string statement, string table) =>
        statement.Replace("copied_table", CopySchema.Checked(table), StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (Transaction is not null)
            await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>What the copy leaves on the target while it is not finished: the fingerprint of the source it began from.</summary>
public sealed record CopyResumeMarker(string Fingerprint, string Source, string StartedAt);

/// <summary>A new SQLite file as the target: values are stored as the source holds them (the same text forms).</summary>
public sealed class SqliteCopyTarget(SqliteConnection connection) : CopyTarget(connection)
{
    private const string HasResumeTable = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'copy_in_progress'";

    public static async Task<SqliteCopyTarget> OpenAsync(SqliteConnectionFactory factory, CancellationToken ct)
    {
        // Foreign keys are checked row by row, as on SQL Server: tables go in their order and self-references in a second pass.
        // (Deferring them would make SQLite search every child table, unindexed self-references included, for each parent row.)
        var connection = (SqliteConnection)await factory.OpenAsync(ct);
        // With SQLite's default 2 MB cache a large write spills to the WAL over and over (100k reports in one
        // transaction: 77 s); up to 256 MB of cache copies them in 9 s.
        await connection.ExecuteAsync("PRAGMA cache_size = -262144");
        return new SqliteCopyTarget(connection);
    }

    protected override string CreateResumeTable => "CREATE TABLE copy_in_progress (source_fingerprint TEXT NOT NULL, source TEXT NOT NULL, started_at TEXT NOT NULL)";

    protected override async Task<bool> HasResumeTableAsync(CancellationToken ct) =>
        await Connection.ExecuteScalarAsync<long>(new CommandDefinition(HasResumeTable, transaction: Transaction, cancellationToken: ct)) > 0;

    public override async Task<IReadOnlyList<CopyTable>> ReadSchemaAsync(CancellationToken ct) => await SqliteCopySchema.ReadAsync(Connection, Transaction, ct);

    public override Task<TargetLimits> ReadLimitsAsync(CancellationToken ct) => SqliteTargetLimits.ReadAsync((SqliteConnection)Connection, ct);

    public override object Convert(CopyColumn column, object value) => value;

    public override async Task WriteAsync(CopyTable table, IReadOnlyList<object[]> rows, CancellationToken ct)
    {
        await using var insert = (SqliteCommand)Connection.CreateCommand();
        insert.Transaction = (SqliteTransaction?)Transaction;
        var names = table.Columns.Select(column => column.Name).ToList();
        insert.CommandText = $"INSERT INTO {CopySchema.Checked(table.Name)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => $"@p{i}"))})";
        var parameters = names.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"@p{i}", null))).ToList();
        insert.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Count; i++)
                parameters[i].Value = row[i];
            await insert.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>
/// SQL Server as the target: rows go in with <see cref="SqlBulkCopy"/> inside the copy's transaction,
/// converted from SQLite's text forms to uniqueidentifier, datetimeoffset, date and bit.
/// </summary>
public sealed class SqlServerCopyTarget(SqlConnection connection) : CopyTarget(connection)
{
    // Computed columns (effective_category, event_month) are the engine's to fill.
    private const string SchemaColumns = """
        SELECT t.name AS TableName, c.name AS ColumnName, ty.name AS DataType,
               CASE WHEN EXISTS (SELECT 1 FROM sys.index_columns ic JOIN sys.indexes i ON i.object_id = ic.object_id AND i.index_id = ic.index_id
                                 WHERE i.is_primary_key = 1 AND ic.object_id = c.object_id AND ic.column_id = c.column_id) THEN 1 ELSE 0 END AS IsKey
        FROM sys.tables t
        JOIN sys.columns c ON c.object_id = t.object_id
        JOIN sys.types ty ON ty.user_type_id = c.user_type_id
        WHERE c.is_computed = 0 AND t.name <> 'copy_in_progress'
        ORDER BY t.name, c.column_id
        """;

    private const string HasResumeTable = "SELECT COUNT(*) FROM sys.tables WHERE name = N'copy_in_progress'";

    /// <summary>
    /// CheckConstraints: the foreign keys and checks stay trusted and are verified for every row (a bulk
    /// load without it leaves them unchecked and untrusted). KeepNulls: a NULL stays NULL, not the column's
    /// default. KeepIdentity: no table has an identity column today; one added later keeps its values.
    /// FireTriggers is left off on purpose: the only triggers (the append-only logs) refuse UPDATE and
    /// DELETE, not INSERT, and a copy must carry rows as they are, not have them derived a second time.
    /// TableLock: the target is empty and the copy's own.
    /// </summary>
    public const SqlBulkCopyOptions BulkCopyOptions =
        SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.KeepNulls | SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.TableLock;

    public static async Task<SqlServerCopyTarget> OpenAsync(SqlServerConnectionFactory factory, CancellationToken ct) =>
        new((SqlConnection)await factory.OpenAsync(ct));

    // T-SQL: a column of text up to 1,000 characters; the instant as ISO 8601 text, as on SQLite.
    protected override string CreateResumeTable =>
        "CREATE TABLE copy_in_progress (source_fingerprint NVARCHAR(64) NOT NULL, source NVARCHAR(1000) NOT NULL, started_at NVARCHAR(40) NOT NULL)";

    protected override async Task<bool> HasResumeTableAsync(CancellationToken ct) =>
        await Connection.ExecuteScalarAsync<int>(new CommandDefinition(HasResumeTable, transaction: Transaction, cancellationToken: ct)) > 0;

    // Read committed is enough for a batch: nothing else writes to the target while the copy fills it.
    protected override async Task<DbTransaction> BeginAsync(CancellationToken ct) => await ((SqlConnection)Connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    public override async Task<IReadOnlyList<CopyTable>> ReadSchemaAsync(CancellationToken ct)
    {
        var columns = await Connection.QueryAsync<(string TableName, string ColumnName, string DataType, int IsKey)>(
            new CommandDefinition(SchemaColumns, transaction: Transaction, cancellationToken: ct));
        return [.. columns.GroupBy(column => column.TableName, StringComparer.Ordinal)
            .Where(group => !CopySchema.IsJournal(group.Key))
            .Select(group => new CopyTable(group.Key, [.. group.Select(column => new CopyColumn(column.ColumnName, column.DataType, column.IsKey == 1))], []))];
    }

    public override Task<TargetLimits> ReadLimitsAsync(CancellationToken ct) => SqlServerTargetLimits.ReadAsync(Connection, ct);

    public override object Convert(CopyColumn column, object value) => SqlServerValues.Convert(column.DataType, value);

    public override async Task WriteAsync(CopyTable table, IReadOnlyList<object[]> rows, CancellationToken ct)
    {
        using var bulk = new SqlBulkCopy((SqlConnection)Connection, BulkCopyOptions, (SqlTransaction?)Transaction)
        {
            DestinationTableName = CopySchema.Checked(table.Name),
            BatchSize = rows.Count,
            BulkCopyTimeout = 0,
        };
        using var batch = new DataTable(table.Name);
        foreach (var column in table.Columns)
        {
            batch.Columns.Add(column.Name, SqlServerValues.ClrType(column.DataType));
            bulk.ColumnMappings.Add(column.Name, column.Name);
        }

        foreach (var row in rows)
        {
            var values = new object[table.Columns.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = Convert(table.Columns[i], row[i]);
            batch.Rows.Add(values);
        }

        await bulk.WriteToServerAsync(batch, ct);
    }
}

/// <summary>SQLite's stored forms turned into SQL Server's types, by the SQL Server column's type name.</summary>
public static class SqlServerValues
{
    public static Type ClrType(string dataType) => dataType switch
    {
        "uniqueidentifier" => typeof(Guid),
        "datetimeoffset" => typeof(DateTimeOffset),
        "date" or "datetime2" or "datetime" => typeof(DateTime),
        "bit" => typeof(bool),
        "tinyint" => typeof(byte),
        "smallint" => typeof(short),
        "int" => typeof(int),
        "bigint" => typeof(long),
        "decimal" or "numeric" => typeof(decimal),
        "float" => typeof(double),
        "real" => typeof(float),
        "nvarchar" or "varchar" or "nchar" or "char" or "ntext" or "text" => typeof(string),
        "varbinary" or "binary" => typeof(byte[]),
        _ => throw new CopyRefusedException($"The SQL Server column type '{dataType}' is not handled by the copy."),
    };

    public static object Convert(string dataType, object value)
    {
        if (value is DBNull or null)
            return DBNull.Value;

        var invariant = CultureInfo.InvariantCulture;
        return dataType switch
        {
            "uniqueidentifier" => value is byte[] bytes ? new Guid(bytes) : Guid.Parse((string)value),
            "datetimeoffset" => DateTimeOffset.Parse((string)value, invariant, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            "date" => DateTime.ParseExact((string)value, "yyyy-MM-dd", invariant),
            "datetime2" or "datetime" => DateTime.Parse((string)value, invariant, DateTimeStyles.AdjustToUniversal),
            "bit" => System.Convert.ToInt64(value, invariant) switch
            {
                0 => false,
                1 => true,
                var other => throw new CopyRefusedException($"{other} is not a boolean (0 or 1)."),
            },
            "varbinary" or "binary" => value as byte[] ?? throw new CopyRefusedException($"A {value.GetType().Name} cannot go into a {dataType} column."),
            "nvarchar" or "varchar" or "nchar" or "char" or "ntext" or "text" => value as string ?? System.Convert.ToString(value, invariant)!,
            _ => System.Convert.ChangeType(value, ClrType(dataType), invariant),
        };
    }
}
