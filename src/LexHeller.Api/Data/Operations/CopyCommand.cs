using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data.Operations;

/// <summary>The <c>copy</c> command: a SQLite database and its key ring into an empty SQL Server (or SQLite) database.</summary>
public static class CopyCommand
{
    public const string Name = "copy";

    public const string Usage = """
        Usage: dotnet LexHeller.Api.dll copy --from <sqlite-connection-string> --to <connection-string>
                   [--to-provider sqlserver|sqlite] [--from-keys <directory>] [--to-keys <directory>] [--batch-size <rows>]

        Copies every row of a SQLite database, and its Data Protection key ring, into an empty database.
        The target is migrated to this version's schema first. Then every row of the source is checked
        against the target's limits (column lengths, NOT NULL, unique keys under the target's collation,
        checks, foreign keys): if any row would fail, every such row is listed and nothing is written.
        The tables are written in foreign-key order in batches, each its own transaction, and the copy
        ends when each table's row count matches the source's. An interrupted copy (Ctrl+C, a lost
        connection) resumes where it stopped when run again with the same arguments, provided the source
        has not changed since; a changed source is refused. Stop the service first: a copy is one state
        of the source, and what the service writes after that is not copied.

          --from         the SQLite source, e.g. "Data Source=/data/lexheller.db"; migrated to this version
          --to           the target: an empty SQL Server database ("Server=...;Database=lexheller;...",
                         created when missing), or a new SQLite file with --to-provider sqlite
          --to-provider  sqlserver (default) or sqlite
          --from-keys    the source's key ring directory (default: keys/ beside the source file)
          --to-keys      write the key ring to this directory (default: the target's data_protection_keys
                         table on SQL Server, keys/ beside the file on SQLite)
          --batch-size   rows per transaction on the target (default 5000, at most 100000; a batch also
                         ends at about 8 MB of values, so that Azure SQL's transaction log holds it)

        Exit codes: 0 copied and verified; 1 refused or failed (run again to resume a copy that had begun);
        2 wrong arguments.
        """;

    private static readonly string[] ValueOptions = ["from", "from-keys", "to", "to-provider", "to-keys", "batch-size"];
    private static readonly string[] FlagOptions = ["help"];

    public static CommandArguments Arguments(IReadOnlyList<string> arguments) => CommandArguments.Parse(arguments, ValueOptions, FlagOptions);

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var parsed = Arguments(arguments);
        if (parsed.Flags.Contains("help"))
        {
            await output.WriteLineAsync(Usage);
            return CommandExitCodes.Done;
        }

        var (request, problems) = Request(parsed);
        if (request is null)
        {
            await error.WriteLineAsync($"copy: {string.Join(" ", problems)}{Environment.NewLine}{Environment.NewLine}{Usage}");
            return CommandExitCodes.Usage;
        }

        try
        {
            await output.WriteLineAsync($"Copying {request.From} into {request.ToProvider.ToString().ToLowerInvariant()} ...");
            var copy = new DataCopy(services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<TimeProvider>(), services.GetServices<CodeMigration>());
            var report = await copy.RunAsync(request, output, ct);
            var already = report.Tables.Sum(table => table.AlreadyThere);
            var resumed = report.Resumed ? string.Create(CultureInfo.InvariantCulture, $"; resumed, {already:N0} rows were copied by an earlier run") : "";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Copied {report.Tables.Sum(table => table.Rows):N0} rows in {report.Tables.Count} tables in {report.Elapsed.TotalSeconds:0.0} s ({report.Batches:N0} batches{resumed}); every table's row count matches the source."));
            await output.WriteLineAsync($"Key ring: {report.Keys} key(s) read, {report.KeysWritten} written to {report.KeysWrittenTo}.");
            return CommandExitCodes.Done;
        }
        catch (CopyPreflightException preflight)
        {
            await error.WriteLineAsync($"copy refused: {preflight.Message}");
            return CommandExitCodes.Failed;
        }
        catch (CopyRefusedException refused)
        {
            await error.WriteLineAsync($"copy refused: {refused.Message}");
            return CommandExitCodes.Failed;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The operator needs the cause, not a stack trace; the batch in progress was rolled back.
            var cause = exception.InnerException is { } inner ? $"{exception.Message} {inner.Message}" : exception.Message;
            await error.WriteLineAsync($"copy failed: {cause} The batches committed before stay; run the same command again to resume.");
            return CommandExitCodes.Failed;
        }
    }

    private static (CopyRequest? Request, List<string> Problems) Request(CommandArguments parsed)
    {
        var problems = new List<string>(parsed.Errors);
        problems.AddRange(parsed.Positionals.Select(value => $"Unexpected argument '{value}'."));
        if (parsed["from"] is null)
            problems.Add("--from is required.");
        if (parsed["to"] is null)
            problems.Add("--to is required.");

        var provider = parsed["to-provider"]?.Trim().ToUpperInvariant() switch
        {
            null or "SQLSERVER" or "MSSQL" => DatabaseProvider.SqlServer,
            "SQLITE" => DatabaseProvider.Sqlite,
            _ => (DatabaseProvider?)null,
        };
        if (provider is null)
            problems.Add($"--to-provider '{parsed["to-provider"]}' is not supported; use sqlserver or sqlite.");

        if (parsed["from"] is { } from && !IsConnectionString(from, DatabaseProvider.Sqlite))
            problems.Add("--from is not a SQLite connection string (\"Data Source=/data/lexheller.db\").");
        if (parsed["to"] is { } to && provider is { } target && !IsConnectionString(to, target))
            problems.Add($"--to is not a {(target == DatabaseProvider.Sqlite ? "SQLite" : "SQL Server")} connection string.");

        var batchSize = CopyRequest.DefaultBatchSize;
        if (parsed["batch-size"] is { } size
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out batchSize) || batchSize is < 1 or > CopyRequest.MaxBatchSize))
            problems.Add($"--batch-size '{size}' is not a number of rows from 1 to {CopyRequest.MaxBatchSize}.");

        return problems.Count > 0
            ? (null, problems)
            : (new CopyRequest(parsed["from"]!, parsed["from-keys"], provider!.Value, parsed["to"]!, parsed["to-keys"], batchSize), problems);
    }

    private static bool IsConnectionString(string value, DatabaseProvider provider)
    {
        try
        {
            return provider == DatabaseProvider.Sqlite
                ? !string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(value).DataSource)
                : !string.IsNullOrWhiteSpace(new SqlConnectionStringBuilder(value).DataSource);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or KeyNotFoundException)
        {
            return false;
        }
    }
}
