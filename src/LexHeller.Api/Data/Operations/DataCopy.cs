using System.Diagnostics;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data.Operations;

/// <summary>What to copy where. Key directories default to <c>keys/</c> beside a SQLite file; on SQL Server, to the database.</summary>
public sealed record CopyRequest(string From, string? FromKeys, DatabaseProvider ToProvider, string To, string? ToKeys, int BatchSize = CopyRequest.DefaultBatchSize)
{
    /// <summary>
    /// Rows per transaction on the target. Azure SQL Database governs the log: a transaction that uses too much of it
    /// is ended with error 40552 ("excessive transaction log space usage. Try modifying fewer rows in a single
    /// transaction", Azure SQL Database resource limits: https://learn.microsoft.com/azure/azure-sql/database/resource-limits-logical-server),
    /// and the log rate of the small service objectives is a few MB/s (https://learn.microsoft.com/azure/azure-sql/database/resource-limits-vcore-single-databases).
    /// 5,000 rows, and never more than <see cref="BatchBytes"/>, keep each transaction to a few MB of log on every tier.
    /// </summary>
    public const int DefaultBatchSize = 5_000;

    public const int MaxBatchSize = 100_000;

    /// <summary>A batch also ends at about 8 MB of values (reports carry up to 10,000 characters of text each).</summary>
    public const long BatchBytes = 8L * 1024 * 1024;
}

/// <summary>A copied table: its rows in the source, and how many of them an interrupted run had committed before this one.</summary>
public sealed record CopiedTable(string Name, long Rows, long AlreadyThere = 0);

public sealed record CopyReport(IReadOnlyList<CopiedTable> Tables, int Keys, int KeysWritten, string KeysWrittenTo, TimeSpan Elapsed, int Batches = 0, bool Resumed = false);

/// <summary>The source does not fit the target: every offending row, found before anything was written.</summary>
public sealed class CopyPreflightException(PreflightReport report) : Exception(report.Describe())
{
    public PreflightReport Report { get; } = report;
}

/// <summary>
/// Copies every row of a SQLite database, and its Data Protection key ring, into an empty database
/// (SQL Server, or a new SQLite file) of the same schema version:
/// <list type="number">
/// <item>the target is migrated, and its catalog read (<see cref="TargetLimits"/>);</item>
/// <item>the preflight (<see cref="CopyPreflight"/>) checks every row of the source against the target's limits and stops
/// with every offending row named, before any row is written;</item>
/// <item>the tables are written in foreign-key order, from one consistent read of the source, in batches: each batch
/// its own transaction on the target, small enough for Azure SQL's log (<see cref="CopyRequest.DefaultBatchSize"/>);</item>
/// <item>a last transaction checks that each table's row count matches the source's, writes the key ring and removes
/// the resume marker.</item>
/// </list>
/// An interrupted copy resumes: the marker on the target (<see cref="CopySchema.ResumeTable"/>) holds the source's
/// fingerprint, each table's rows are read in rowid order, and a committed batch is a prefix of that order, so a run
/// that finds k rows of a table on the target goes on from row k+1. A source that changed since the first run (another
/// fingerprint) is refused: a copy never mixes two states of the source.
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
        var marker = await target.ReadResumeMarkerAsync(ct);
        if (marker is null)
            await RefuseUnlessEmptyAsync(target, targetTables.Keys, ct);
        var pairs = Pair(CopySchema.InInsertionOrder(sourceTables), targetTables);

        // Before anything is written: every row of the source against the target's limits.
        await progress.WriteLineAsync("Checking every row of the source against the target's limits ...");
        var preflight = await CopyPreflight.RunAsync(source, snapshot, pairs, await target.ReadLimitsAsync(ct), target.Convert, ct);
        foreach (var note in preflight.Notes)
            await progress.WriteLineAsync($"  note: {note}");
        if (preflight.Offences.Count > 0)
            throw new CopyPreflightException(preflight);
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {preflight.Rows:N0} rows in {preflight.Tables} tables fit the target (source fingerprint {preflight.Fingerprint[..16]})."));

        if (marker is null)
        {
            await target.InTransactionAsync(async () =>
            {
                // The source's file, for a DBA who finds the marker; never its connection string (it could hold a password).
                var sourceFile = new SqliteConnectionStringBuilder(sourceOptions.ConnectionString).DataSource;
                await target.WriteResumeMarkerAsync(new CopyResumeMarker(preflight.Fingerprint, sourceFile.Length > 1000 ? sourceFile[^1000..] : sourceFile,
                    time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ct);
                // Last created first: a later seeded table refers to an earlier one.
                foreach (var seeded in CopySchema.SeededTables.Reverse())
                    await target.DeleteAllAsync(seeded, ct);
            }, ct);
        }
        else if (marker.Fingerprint != preflight.Fingerprint)
        {
            throw new CopyRefusedException(
                $"An interrupted copy into this target began at {marker.StartedAt} from another state of the source: the source has changed since "
                + "(other rows, or other values), and the copy does not mix two states of it. Empty the target (drop and create the database, "
                + "or delete the file) and copy again, with the service stopped.");
        }
        else
        {
            await progress.WriteLineAsync($"Resuming the copy begun at {marker.StartedAt}: the source is unchanged since.");
        }

        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Copying in batches of at most {request.BatchSize:N0} rows, each its own transaction:"));
        var copied = new List<CopiedTable>();
        var batches = 0;
        foreach (var (sourceTable, targetTable) in pairs.Where(pair => pair.Source.Name != CopySchema.KeyRingTable && !QueueStatusCountsCopy.IsDerived(pair.Source.Name)))
        {
            var (table, tableBatches) = await CopyTableAsync(source, snapshot, sourceTable, targetTable, target, request.BatchSize, progress, ct);
            copied.Add(table);
            batches += tableBatches;
        }

        foreach (var (sourceTable, targetTable) in pairs.Where(pair => pair.Source.SelfReferences.Count > 0))
            batches += await SetSelfReferencesAsync(source, snapshot, sourceTable, targetTable, target, request.BatchSize, progress, ct);

        var (keysWritten, keysTo) = (0, "");
        await target.InTransactionAsync(async () =>
        {
            // Table-specific steps that derive rows on the target from the copied ones belong here, before the counts:
            // the counts per queue and status, which the target's triggers kept while the reports went in (on SQLite; SQL
            // Server's bulk copy fires none), and which an interrupted run may have left half-counted.
            copied.Add(await QueueStatusCountsCopy.RecountAsync(target, progress, ct));

            // Verified inside the last transaction: a mismatch leaves the marker, and the operator is told.
            foreach (var table in copied)
            {
                var written = await target.CountAsync(table.Name, ct);
                if (written != table.Rows)
                    throw new CopyRefusedException($"Table '{table.Name}': {table.Rows} rows in the source but {written} in the target; the copy is not complete.");
            }

            (keysWritten, keysTo) = await WriteKeysAsync(request, targetOptions, target, keys, ct);
            await target.DropResumeMarkerAsync(ct);
        }, ct);
        return new CopyReport(copied, keys.Count, keysWritten, keysTo, Stopwatch.GetElapsedTime(started), batches, marker is not null);
    }

    /// <summary>
    /// One table, in batches: rows the target already holds (a prefix of the source's rowid order, committed by an
    /// interrupted run) are skipped, after checking that the last of them is there; the rest go in batch by batch.
    /// </summary>
    private static async Task<(CopiedTable Table, int Batches)> CopyTableAsync(
        SqliteConnection source, SqliteTransaction snapshot, CopyTable sourceTable, CopyTable targetTable, CopyTarget target, int batchSize, TextWriter progress, CancellationToken ct)
    {
        var tableStarted = Stopwatch.GetTimestamp();
        var total = await SqliteCopySource.CountAsync(source, snapshot, sourceTable.Name, ct);
        var already = await target.CountAsync(targetTable.Name, ct);
        if (already > total)
            throw new CopyRefusedException($"Table '{targetTable.Name}' holds {already} rows in the target but {total} in the source: the target was changed after the copy began. Empty it and copy again.");
        if (already > 0)
            await RefuseUnlessPrefixAsync(source, snapshot, sourceTable, targetTable, target, already, ct);

        var batches = 0;
        var done = already;
        if (already < total)
        {
            await using var rows = await SqliteCopySource.ReadAsync(source, snapshot, sourceTable, already, ct);
            var batch = new List<object[]>(Math.Min(batchSize, (int)Math.Min(int.MaxValue, total - already)));
            long bytes = 0;
            while (true)
            {
                var more = await rows.ReadAsync(ct);
                if (more)
                {
                    var values = new object[targetTable.Columns.Count];
                    rows.GetValues(values);
                    batch.Add(values);
                    bytes += values.Sum(value => value switch { string text => 2L * text.Length, byte[] data => data.Length, _ => 8L });
                }

                if (batch.Count > 0 && (!more || batch.Count >= batchSize || bytes >= CopyRequest.BatchBytes))
                {
                    await target.InTransactionAsync(() => target.WriteAsync(targetTable, batch, ct), ct);
                    batches++;
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {targetTable.Name,-28} batch {batches,4}: rows {done + 1:N0}-{done + batch.Count:N0} of {total:N0}"));
                    done += batch.Count;
                    batch.Clear();
                    bytes = 0;
                    // Stopping between batches (Ctrl+C) leaves only committed batches: the next run goes on from here.
                    ct.ThrowIfCancellationRequested();
                }

                if (!more)
                    break;
            }
        }

        var state = already == total && total > 0 ? " (copied by an earlier run)" : already > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({already:N0} copied by an earlier run)") : "";
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {targetTable.Name,-28} {total,10:N0} rows {Stopwatch.GetElapsedTime(tableStarted).TotalSeconds,6:0.0} s{state}"));
        return (new CopiedTable(sourceTable.Name, total, already), batches);
    }

    /// <summary>The rows on the target must be the first ones of the source's order: the last of them is looked up by its key.</summary>
    private static async Task RefuseUnlessPrefixAsync(
        SqliteConnection source, SqliteTransaction snapshot, CopyTable sourceTable, CopyTable targetTable, CopyTarget target, long already, CancellationToken ct)
    {
        var key = targetTable.Columns.Where(column => column.IsKey).ToList();
        if (key.Count == 0)
            return;
        var last = await SqliteCopySource.KeyAtAsync(source, snapshot, sourceTable.Name, [.. key.Select(column => column.Name)], already - 1, ct);
        if (!await target.HoldsAsync(targetTable.Name, key, last, ct))
            throw new CopyRefusedException(
                $"Table '{targetTable.Name}' in the target holds {already} rows, but not the first {already} of the source: it was written by something else than this copy. Empty the target and copy again.");
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

    /// <summary>Second pass, in batches: setting a column to the same value again is harmless, so a resumed copy simply sets them all.</summary>
    private static async Task<int> SetSelfReferencesAsync(
        SqliteConnection source, SqliteTransaction snapshot, CopyTable sourceTable, CopyTable targetTable, CopyTarget target, int batchSize, TextWriter progress, CancellationToken ct)
    {
        var key = targetTable.Columns.Where(column => column.IsKey).ToList() is [var single]
            ? single
            : throw new CopyRefusedException($"Table '{sourceTable.Name}' refers to itself but has no one-column key; the copy cannot link its rows.");
        var batches = 0;
        foreach (var name in sourceTable.SelfReferences)
        {
            var column = targetTable.Columns.Single(c => c.Name == name);
            foreach (var chunk in (await SqliteCopySource.LinksAsync(source, snapshot, sourceTable.Name, key.Name, name, ct)).Chunk(batchSize))
            {
                await target.InTransactionAsync(async () =>
                {
                    foreach (var (keyValue, value) in chunk)
                        await target.SetAsync(sourceTable.Name, key, column, keyValue, value, ct);
                }, ct);
                batches++;
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {sourceTable.Name,-28} {name}: {chunk.Length:N0} link(s) set"));
                ct.ThrowIfCancellationRequested();
            }
        }

        return batches;
    }

    private async Task<(int Written, string Where)> WriteKeysAsync(CopyRequest request, DatabaseOptions targetOptions, CopyTarget target, IReadOnlyList<KeyRingElement> keys, CancellationToken ct)
    {
        var directory = request.ToKeys ?? (targetOptions.Provider == DatabaseProvider.Sqlite ? KeyRingCopy.DirectoryBeside(targetOptions.ConnectionString) : null);
        if (directory is not null)
            return (KeyRingCopy.WriteDirectory(Path.GetFullPath(directory), keys), Path.GetFullPath(directory));

        var (connection, transaction) = target.Session;
        return (await KeyRingCopy.WriteTableAsync(connection, transaction!, keys, time.GetUtcNow(), ct), $"the target's {CopySchema.KeyRingTable} table");
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

    /// <summary>
    /// The table's rows in its column order, in rowid order from row <paramref name="skip"/>+1 (the preflight reads the
    /// same order); a column pointing at the table itself reads as NULL (set in a second pass). Every table has a rowid
    /// (none is WITHOUT ROWID); rowids stay as they are while the source is unchanged, which its fingerprint proves.
    /// </summary>
    public static async Task<DbDataReader> ReadAsync(SqliteConnection connection, SqliteTransaction snapshot, CopyTable table, long skip, CancellationToken ct)
    {
        var columns = table.Columns.Select(column => table.SelfReferences.Contains(column.Name) ? $"NULL AS {column.Name}" : column.Name);
        var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {CopySchema.Checked(table.Name)} ORDER BY rowid LIMIT -1 OFFSET @Skip";
        command.Parameters.AddWithValue("@Skip", skip);
        return await command.ExecuteReaderAsync(ct);
    }

    /// <summary>The key values of the row at <paramref name="position"/> (0-based) in rowid order.</summary>
    public static async Task<IReadOnlyList<object>> KeyAtAsync(SqliteConnection connection, SqliteTransaction snapshot, string table, IReadOnlyList<string> key, long position, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT {string.Join(", ", key.Select(CopySchema.Checked))} FROM {CopySchema.Checked(table)} ORDER BY rowid LIMIT 1 OFFSET @Position";
        command.Parameters.AddWithValue("@Position", position);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            throw new CopyRefusedException($"Table '{table}' has no row {position + 1} in the source.");
        var values = new object[key.Count];
        reader.GetValues(values);
        return values;
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
