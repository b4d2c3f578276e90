using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data.Operations;

/// <summary>The <c>backup</c> command: a consistent copy of the configured SQLite database, taken while the service runs.</summary>
public static class BackupCommand
{
    public const string Name = "backup";

    public const string Usage = """
        Usage: dotnet LexHeller.Api.dll backup <destination-file> [--overwrite]

        Copies the configured SQLite database (ConnectionStrings:LexHeller) while the service runs, with
        SQLite's online backup API: one consistent snapshot, written as a standalone file (journal mode
        DELETE, no -wal file) and checked with PRAGMA integrity_check. The Data Protection key ring is
        copied to keys/ beside the destination: keep it with the backup, or the sealed reporter contacts
        and stored idempotent answers in it cannot be opened. On SQL Server, use BACKUP DATABASE.

          --overwrite    replace the destination when it exists

        Exit codes: 0 backed up and checked; 1 refused or failed; 2 wrong arguments.
        """;

    private static readonly string[] FlagOptions = ["overwrite", "help"];

    public static CommandArguments Arguments(IReadOnlyList<string> arguments) => CommandArguments.Parse(arguments, [], FlagOptions);

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var parsed = Arguments(arguments);
        if (parsed.Flags.Contains("help"))
        {
            await output.WriteLineAsync(Usage);
            return CommandExitCodes.Done;
        }

        if (parsed.Positionals is not [var destination])
        {
            await error.WriteLineAsync($"backup: give one destination file.{Environment.NewLine}{Environment.NewLine}{Usage}");
            return CommandExitCodes.Usage;
        }

        var database = services.GetRequiredService<DatabaseOptions>();
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            await error.WriteLineAsync("backup refused: the configured database is SQL Server; back it up with SQL Server's BACKUP DATABASE "
                + "(its key ring is in the data_protection_keys table, so it is in that backup).");
            return CommandExitCodes.Failed;
        }

        var keysDirectory = services.GetRequiredService<IConfiguration>()[$"{DataProtectionSettings.Section}:{nameof(DataProtectionSettings.KeysDirectory)}"];
        try
        {
            var report = await SqliteBackup.RunAsync(database.ConnectionString,
                string.IsNullOrWhiteSpace(keysDirectory) ? KeyRingCopy.DirectoryBeside(database.ConnectionString) : keysDirectory,
                destination, parsed.Flags.Contains("overwrite"), ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Backed up {report.Source} to {report.Destination} ({report.Bytes / 1024.0 / 1024.0:0.0} MB, integrity ok) in {report.Elapsed.TotalSeconds:0.0} s."));
            await output.WriteLineAsync(report.Keys == 0
                ? "WARNING: no Data Protection key ring was found to copy; the sealed reporter contacts in this backup cannot be opened without it."
                : $"Key ring: {report.Keys} key(s) in {report.KeysDirectory} ({report.KeysWritten} new). KEEP THIS DIRECTORY WITH THE BACKUP: "
                  + "without it the sealed reporter contacts in the backup cannot be opened.");
            return CommandExitCodes.Done;
        }
        catch (CopyRefusedException refused)
        {
            await error.WriteLineAsync($"backup refused: {refused.Message}");
            return CommandExitCodes.Failed;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"backup failed: {exception.Message}");
            return CommandExitCodes.Failed;
        }
    }
}

public sealed record BackupReport(string Source, string Destination, long Bytes, int Keys, int KeysWritten, string KeysDirectory, TimeSpan Elapsed);

/// <summary>SQLite's online backup (sqlite3_backup, all pages in one step under one read transaction). SQLite only.</summary>
public static class SqliteBackup
{
    public static async Task<BackupReport> RunAsync(string connectionString, string keysDirectory, string destination, bool overwrite, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 };
        source.DataSource = Path.GetFullPath(source.DataSource);
        destination = Path.GetFullPath(destination);
        if (!File.Exists(source.DataSource))
            throw new CopyRefusedException($"The database '{source.DataSource}' does not exist.");
        if (destination == source.DataSource)
            throw new CopyRefusedException("The destination is the database itself.");
        if (File.Exists(destination) && !overwrite)
            throw new CopyRefusedException($"'{destination}' exists; give --overwrite to replace it.");

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        // Written beside the destination and moved into place only once it is checked.
        var partial = destination + ".partial";
        File.Delete(partial);
        try
        {
            await using (var from = new SqliteConnection(source.ConnectionString))
            await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ConnectionString))
            {
                await from.OpenAsync(ct);
                await to.OpenAsync(ct);
                from.BackupDatabase(to);
                // The copy inherits WAL from the source: a standalone file needs no -wal beside it.
                var mode = await to.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode = DELETE", cancellationToken: ct));
                var integrity = await to.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA integrity_check", cancellationToken: ct));
                if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase) || integrity != "ok")
                    throw new CopyRefusedException($"The copy did not check out (journal mode {mode}, integrity: {integrity}); it was not kept.");
            }

            File.Move(partial, destination, overwrite);
        }
        finally
        {
            File.Delete(partial);
        }

        var keys = KeyRingCopy.ReadDirectory(keysDirectory);
        var backupKeys = Path.Combine(Path.GetDirectoryName(destination)!, "keys");
        var written = Path.GetFullPath(keysDirectory) == backupKeys ? 0 : KeyRingCopy.WriteDirectory(backupKeys, keys);
        return new BackupReport(source.DataSource, destination, new FileInfo(destination).Length, keys.Count, written, backupKeys, Stopwatch.GetElapsedTime(started));
    }
}
