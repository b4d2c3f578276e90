using System.Diagnostics;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data.Operations;

/// <summary>What to copy where. Key directories default to <c>keys/</c> beside a SQLite file; on SQL Server, to the database.</summary>
public sealed record CopyRequest(string From, string? FromKeys, DatabaseProvider ToProvider, string To, string? ToKeys);

public sealed record CopiedTable(string Name, long Rows);

public sealed record CopyReport(IReadOnlyList<CopiedTable> Tables, int Keys, int KeysWritten, string KeysWrittenTo, TimeSpan Elapsed);

/// <summary>
/// Copies every row of a SQLite database, and its Data Protection key ring, into an empty database
/// (SQL Server, or a new SQLite file) of the same schema version: the target is migrated first, the
/// tables are written in foreign-key order from one consistent read of the source, inside one
/// transaction on the target that commits only when each table's row count matches the source's.
/// Reference numbering goes on where the source left off: its counters (reference_counters) are data.
/// </summary>
public sealed class DataCopy(ILoggerFactory loggers, TimeProvider time, IEnumerable<CodeMigration> codeMigrations)
{
    public async Task<CopyReport> RunAsync(CopyRequest request, TextWriter progress, CancellationToken ct)
    {
        DapperTypeHandlers.Register();
        var started = Stopwatch.GetTimestamp();

        var sourceOptions = SourceOptions(request.From);
        var sourcePending = Migrator(sourceOptions).PendingScripts();
        if (sourcePending.Count > 0)
            throw new CopyRefusedException(
                $"The source is not migrated to the current schema ({sourcePending.Count} migration(s) not applied: {string.Join(", ", sourcePending.Select(ScriptName))}). "
                + "Run the 'migrate' command of this version against it first.");

        var sourceKeysDirectory = request.FromKeys ?? KeyRingCopy.DirectoryBeside(sourceOptions.ConnectionString);
        await using var source = new SqliteConnection(sourceOptions.ConnectionString);
        await source.OpenAsync(ct);
        // One read transaction: every table is read from the same snapshot, even if the service still writes.
        await using var snapshot = source.BeginTransaction(deferred: true);
        var sourceTables = await SqliteCopySchema.ReadAsync(source, snapshot, ct);
        var keys = KeyRingCopy.ReadDirectory(sourceKeysDirectory)
            .Concat(await SqliteCopySource.KeysInTableAsync(source, snapshot, ct))
            .DistinctBy(key => key.FriendlyName).ToList();
        var protectedRows = await SqliteCopySource.ProtectedRowsAsync(source, snapshot, ct);
        if (keys.Count == 0 && protectedRows > 0)
            throw new CopyRefusedException(
                $"No Data Protection key ring at '{sourceKeysDirectory}', but the source holds {protectedRows} sealed contact(s) or stored answer(s) "
                + "that cannot be opened without it. Give the key ring's directory with --from-keys.");

        var targetOptions = TargetOptions(request, sourceOptions);
        Migrator(targetOptions).Migrate();
        await using var target = await OpenTargetAsync(targetOptions, ct);
        var targetTables = (await target.ReadSchemaAsync(ct)).ToDictionary(table => table.Name, StringComparer.Ordinal);
        await RefuseUnlessEmptyAsync(target, targetTables.Keys, ct);
        var pairs = Pair(CopySchema.InInsertionOrder(sourceTables), targetTables);

        var copied = new List<CopiedTable>();
        // Last created first: a later seeded table refers to an earlier one.
        foreach (var seeded in CopySchema.SeededTables.Reverse())
            await target.DeleteAllAsync(seeded, ct);
        foreach (var (sourceTable, targetTable) in pairs.Where(pair => pair.Source.Name != CopySchema.KeyRingTable && !QueueStatusCountsCopy.IsDerived(pair.Source.Name)))
        {
            var tableStarted = Stopwatch.GetTimestamp();
            await using (var rows = await SqliteCopySource.ReadAsync(source, snapshot, sourceTable, ct))
                await target.WriteAsync(targetTable, rows, ct);
            var count = await SqliteCopySource.CountAsync(source, snapshot, sourceTable.Name, ct);
            copied.Add(new CopiedTable(sourceTable.Name, count));
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {sourceTable.Name,-28} {count,10:N0} rows {Stopwatch.GetElapsedTime(tableStarted).TotalSeconds,6:0.0} s"));
        }

        foreach (var (sourceTable, targetTable) in pairs.Where(pair => pair.Source.SelfReferences.Count > 0))
            await SetSelfReferencesAsync(source, snapshot, sourceTable, targetTable, target, ct);

        copied.Add(await QueueStatusCountsCopy.RecountAsync(target, progress, ct));

        // Verified inside the transaction: a mismatch rolls everything back.
        foreach (var table in copied)
        {
            var written = await target.CountAsync(table.Name, ct);
            if (written != table.Rows)
                throw new CopyRefusedException($"Table '{table.Name}': {table.Rows} rows in the source but {written} in the target; nothing was committed.");
        }

        var (keysWritten, keysTo) = await WriteKeysAsync(request, targetOptions, target, keys, ct);
        await target.CommitAsync(ct);
        return new CopyReport(copied, keys.Count, keysWritten, keysTo, Stopwatch.GetElapsedTime(started));
    }

    private static string ScriptName(string script) => script[(script.LastIndexOf('.', script.Length - 5) + 1)..];

    private static DatabaseOptions SourceOptions(string from)
    {
        var builder = new SqliteConnectionStringBuilder(from);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
            throw new CopyRefusedException("--from must name a SQLite database file (\"Data Source=/data/lexheller.db\").");
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        if (!File.Exists(builder.DataSource))
            throw new CopyRefusedException($"The source database '{builder.DataSource}' does not exist.");
        // Read and write (never created): a WAL database is read through its shared-memory file.
        builder.Mode = SqliteOpenMode.ReadWrite;
        builder.Pooling = false;
        return new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = builder.ConnectionString };
    }

    private static DatabaseOptions TargetOptions(CopyRequest request, DatabaseOptions source)
    {
        if (request.ToProvider != DatabaseProvider.Sqlite)
            return new DatabaseOptions { Provider = request.ToProvider, ConnectionString = request.To };

        var builder = new SqliteConnectionStringBuilder(request.To);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
            throw new CopyRefusedException("--to must name a SQLite database file when --to-provider is sqlite.");
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        if (builder.DataSource == new SqliteConnectionStringBuilder(source.ConnectionString).DataSource)
            throw new CopyRefusedException("The source and the target are the same file.");
        return new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = builder.ConnectionString };
    }

    private DatabaseMigrator Migrator(DatabaseOptions options)
    {
        IDbConnectionFactory factory = options.Provider == DatabaseProvider.Sqlite ? new SqliteConnectionFactory(options) : new SqlServerConnectionFactory(options);
        // Migration 0006 seals contacts stored in the clear before schema 5: a target that has any is not empty.
        return new DatabaseMigrator(options, factory, codeMigrations, new RefusingDataProtection(), loggers, loggers.CreateLogger<DatabaseMigrator>());
    }

    private static async Task<CopyTarget> OpenTargetAsync(DatabaseOptions options, CancellationToken ct) =>
        options.Provider == DatabaseProvider.Sqlite
            ? await SqliteCopyTarget.OpenAsync(new SqliteConnectionFactory(options), ct)
            : await SqlServerCopyTarget.OpenAsync(new SqlServerConnectionFactory(options), ct);

    private static async Task RefuseUnlessEmptyAsync(CopyTarget target, IEnumerable<string> tables, CancellationToken ct)
    {
        var occupied = new List<string>();
        foreach (var table in tables.Where(CopySchema.CountsAsData).Order(StringComparer.Ordinal))
        {
            if (await target.CountAsync(table, ct) is var rows and > 0)
                occupied.Add($"{table} ({rows})");
        }

        if (occupied.Count > 0)
            throw new CopyRefusedException($"The target already holds data: {string.Join(", ", occupied)}. The copy only goes into an empty database.");
    }

    /// <summary>Each source table with the target's columns in the source's order; refuses when the two schemas differ.</summary>
    private static List<(CopyTable Source, CopyTable Target)> Pair(IReadOnlyList<CopyTable> sourceTables, Dictionary<string, CopyTable> targetTables)
    {
        var differences = new List<string>();
        var pairs = new List<(CopyTable, CopyTable)>();
        foreach (var table in sourceTables)
        {
            if (!targetTables.TryGetValue(table.Name, out var targetTable))
            {
                differences.Add($"table {table.Name} is missing in the target");
                continue;
            }

            var targetColumns = targetTable.Columns.ToDictionary(column => column.Name, StringComparer.Ordinal);
            differences.AddRange(table.Columns.Where(column => !targetColumns.ContainsKey(column.Name)).Select(column => $"{table.Name}.{column.Name} is missing in the target"));
            differences.AddRange(targetTable.Columns.Where(column => table.Columns.All(c => c.Name != column.Name)).Select(column => $"{table.Name}.{column.Name} is missing in the source"));
            pairs.Add((table, targetTable with { Columns = [.. table.Columns.Where(column => targetColumns.ContainsKey(column.Name)).Select(column => targetColumns[column.Name])] }));
        }

        differences.AddRange(targetTables.Keys.Where(name => sourceTables.All(table => table.Name != name)).Select(name => $"table {name} is missing in the source"));
        return differences.Count == 0
            ? pairs
            : throw new CopyRefusedException($"The source's and the target's schemas differ: {string.Join("; ", differences)}.");
    }

    private static async Task SetSelfReferencesAsync(SqliteConnection source, SqliteTransaction snapshot, CopyTable sourceTable, CopyTable targetTable, CopyTarget target, CancellationToken ct)
    {
        var key = targetTable.Columns.Where(column => column.IsKey).ToList() is [var single]
            ? single
            : throw new CopyRefusedException($"Table '{sourceTable.Name}' refers to itself but has no one-column key; the copy cannot link its rows.");
        foreach (var name in sourceTable.SelfReferences)
        {
            var column = targetTable.Columns.Single(c => c.Name == name);
            foreach (var (keyValue, value) in await SqliteCopySource.LinksAsync(source, snapshot, sourceTable.Name, key.Name, name, ct))
                await target.SetAsync(sourceTable.Name, key, column, keyValue, value, ct);
        }
    }

    private async Task<(int Written, string Where)> WriteKeysAsync(CopyRequest request, DatabaseOptions targetOptions, CopyTarget target, IReadOnlyList<KeyRingElement> keys, CancellationToken ct)
    {
        var directory = request.ToKeys ?? (targetOptions.Provider == DatabaseProvider.Sqlite ? KeyRingCopy.DirectoryBeside(targetOptions.ConnectionString) : null);
        if (directory is not null)
            return (KeyRingCopy.WriteDirectory(Path.GetFullPath(directory), keys), Path.GetFullPath(directory));

        var (connection, transaction) = target.Session;
        return (await KeyRingCopy.WriteTableAsync(connection, transaction, keys, time.GetUtcNow(), ct), $"the target's {CopySchema.KeyRingTable} table");
    }

    /// <summary>A key ring that must never be used: the target's migration has nothing to seal when it is empty.</summary>
    private sealed class RefusingDataProtection : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => this;

        public byte[] Protect(byte[] plaintext) =>
            throw new CopyRefusedException("The target holds reporter contacts stored in the clear (before schema 5): it is not empty.");

        public byte[] Unprotect(byte[] protectedData) => Protect(protectedData);
    }
}

/// <summary>Reads from the SQLite source, inside the copy's snapshot. SQLite only.</summary>
public static class SqliteCopySource
{
    private const string ProtectedRows = """
        SELECT (SELECT COUNT(*) FROM reporter_contacts WHERE sealed_contact IS NOT NULL)
             + (SELECT COUNT(*) FROM idempotency_records)
        """;

    private const string KeysInTable = "SELECT friendly_name AS FriendlyName, xml AS Xml FROM data_protection_keys ORDER BY created_at, friendly_name";

    public static Task<long> ProtectedRowsAsync(SqliteConnection connection, SqliteTransaction snapshot, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(ProtectedRows, transaction: snapshot, cancellationToken: ct));

    public static async Task<IReadOnlyList<KeyRingElement>> KeysInTableAsync(SqliteConnection connection, SqliteTransaction snapshot, CancellationToken ct) =>
        [.. await connection.QueryAsync<KeyRingElement>(new CommandDefinition(KeysInTable, transaction: snapshot, cancellationToken: ct))];

    /// <summary>The table's rows in its column order; a column pointing at the table itself reads as NULL (set in a second pass).</summary>
    public static async Task<DbDataReader> ReadAsync(SqliteConnection connection, SqliteTransaction snapshot, CopyTable table, CancellationToken ct)
    {
        var columns = table.Columns.Select(column => table.SelfReferences.Contains(column.Name) ? $"NULL AS {column.Name}" : column.Name);
        var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {CopySchema.Checked(table.Name)}";
        return await command.ExecuteReaderAsync(ct);
    }

    public static Task<long> CountAsync(SqliteConnection connection, SqliteTransaction snapshot, string table, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {CopySchema.Checked(table)}", transaction: snapshot, cancellationToken: ct));

    public static async Task<IReadOnlyList<(object Key, object Value)>> LinksAsync(SqliteConnection connection, SqliteTransaction snapshot, string table, string key, string column, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT {CopySchema.Checked(key)}, {CopySchema.Checked(column)} FROM {CopySchema.Checked(table)} WHERE {column} IS NOT NULL";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var links = new List<(object, object)>();
        while (await reader.ReadAsync(ct))
            links.Add((reader.GetValue(0), reader.GetValue(1)));
        return links;
    }
}
