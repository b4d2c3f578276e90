using System.Diagnostics;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data;

/// <summary>
/// The lock that one migrator at a time holds, across processes and machines, while it migrates (and, at start-up,
/// while it seeds the demo data): two instances started at once on a pending migration take turns, and the second finds
/// nothing left to do. Disposing it releases it; so does the end of the process.
/// <list type="bullet">
/// <item><b>SQL Server</b>: an application lock (<c>sp_getapplock</c>, resource <see cref="Resource"/>, exclusive, owned
/// by the session) on a connection of its own, outside any transaction, held for the whole migration and released with
/// <c>sp_releaseapplock</c>. The lock lives in the database, so every instance that reaches the database sees it.</item>
/// <item><b>SQLite</b>: a lock file beside the database (<c>lexheller.db.migrations.lock</c>) opened with
/// <see cref="FileShare.None"/>, which .NET turns into an exclusive <c>flock</c> on Unix and a sharing violation on
/// Windows: another process (or thread) that opens it waits and tries again. The file is never deleted (deleting a lock
/// file lets a third process lock a new file while the second still holds the old one).</item>
/// </list>
/// </summary>
public abstract class MigrationLock : IDisposable
{
    /// <summary>The application lock's name on SQL Server (binary-compared, so case matters).</summary>
    public const string Resource = "lexheller-migrations";

    /// <summary>How long a migrator waits for another to finish before it gives up with an error.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public abstract void Dispose();

    /// <summary>The lock for the database <paramref name="options"/> name; waits up to <see cref="Timeout"/> for it.</summary>
    public static MigrationLock Acquire(DatabaseOptions options, ILogger logger) => options.Provider switch
    {
        DatabaseProvider.Sqlite => SqliteMigrationLock.Acquire(options.ConnectionString, logger),
        DatabaseProvider.SqlServer => SqlServerMigrationLock.Acquire(options.ConnectionString, logger),
        _ => throw new InvalidOperationException($"No migration lock for {options.Provider}."),
    };
}

/// <summary>An exclusive lock file beside the SQLite database (see <see cref="MigrationLock"/>).</summary>
public sealed class SqliteMigrationLock : MigrationLock
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private FileStream? _file;

    private SqliteMigrationLock(FileStream? file) => _file = file;

    /// <summary>The lock file of a database file.</summary>
    public static string PathFor(string databasePath) => Path.GetFullPath(databasePath) + ".migrations.lock";

    public static SqliteMigrationLock Acquire(string connectionString, ILogger logger)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        // An in-memory database belongs to one connection of one process: there is no one to wait for.
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return new SqliteMigrationLock(null);

        var path = PathFor(builder.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = Stopwatch.GetTimestamp();
        var waiting = false;
        while (true)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if (waiting)
                    logger.LogInformation("Took the migration lock {LockFile} after {Seconds:F1} s", path, Stopwatch.GetElapsedTime(started).TotalSeconds);
                return new SqliteMigrationLock(file);
            }
            catch (IOException) when (Stopwatch.GetElapsedTime(started) < Timeout)
            {
                if (!waiting)
                    logger.LogInformation("Another process is migrating the database; waiting for the migration lock {LockFile}", path);
                waiting = true;
                Thread.Sleep(RetryDelay);
            }
            catch (IOException exception)
            {
                throw new TimeoutException($"The migration lock {path} was held by another process for more than {Timeout.TotalMinutes} minutes.", exception);
            }
        }
    }

    public override void Dispose() => Interlocked.Exchange(ref _file, null)?.Dispose();
}

/// <summary>An application lock on SQL Server (see <see cref="MigrationLock"/>), held by a connection of its own.</summary>
public sealed class SqlServerMigrationLock : MigrationLock
{
    // Session-owned, so it outlives the transactions DbUp runs each script in; @LockTimeout in milliseconds. The return
    // value: 0 granted at once, 1 granted after waiting for another holder, -1 timed out, -2 cancelled, -3 chosen as a
    // deadlock victim, -999 a parameter or other call error.
    public const string GetAppLock = """
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session',
            @LockTimeout = @TimeoutMilliseconds, @DbPrincipal = 'public';
        SELECT @result;
        """;

    public const string ReleaseAppLock = "EXEC sp_releaseapplock @Resource = @Resource, @LockOwner = 'Session';";

    private const int Attempts = 3;

    private SqlConnection? _connection;

    private SqlServerMigrationLock(SqlConnection connection) => _connection = connection;

    /// <summary>The connection that holds the lock: statements that must run under it and outside a transaction (ALTER DATABASE) run here.</summary>
    public SqlConnection Connection => _connection ?? throw new ObjectDisposedException(nameof(SqlServerMigrationLock));

    public static SqlServerMigrationLock Acquire(string connectionString, ILogger logger)
    {
        // Not from the pool: the session, and with it the lock, must end when this connection is closed.
        var unpooled = new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        for (var attempt = 1; ; attempt++)
        {
            var connection = new SqlConnection(unpooled);
            try
            {
                connection.Open();
                using var command = new SqlCommand(GetAppLock, connection)
                {
                    // The command waits as long as the lock does, and a little longer.
                    CommandTimeout = (int)Timeout.TotalSeconds + 30,
                };
                command.Parameters.Add(new SqlParameter("@Resource", System.Data.SqlDbType.NVarChar, 255) { Value = Resource });
                command.Parameters.Add(new SqlParameter("@TimeoutMilliseconds", System.Data.SqlDbType.Int) { Value = (int)Timeout.TotalMilliseconds });
                var result = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
                switch (result)
                {
                    case 0:
                        return new SqlServerMigrationLock(connection);
                    case 1:
                        logger.LogInformation("Took the migration lock '{Resource}' after another instance released it", Resource);
                        return new SqlServerMigrationLock(connection);
                    case -1:
                        throw new TimeoutException($"The migration lock '{Resource}' was held by another instance for more than {Timeout.TotalMinutes} minutes.");
                    case -3 when attempt < Attempts:
                        logger.LogWarning("The request for the migration lock was chosen as a deadlock victim; asking again");
                        connection.Dispose();
                        continue;
                    default:
                        throw new InvalidOperationException($"sp_getapplock refused the migration lock '{Resource}' (return value {result}).");
                }
            }
            catch (SqlException exception) when (attempt < Attempts)
            {
                // Setting READ_COMMITTED_SNAPSHOT (the holder's first migration) ends the other sessions in the database,
                // this waiting one among them: ask again on a new connection.
                logger.LogWarning(exception, "The connection waiting for the migration lock failed; asking again (attempt {Attempt} of {Attempts})", attempt + 1, Attempts);
                connection.Dispose();
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _connection, null) is not { } connection)
            return;
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                using var command = new SqlCommand(ReleaseAppLock, connection);
                command.Parameters.Add(new SqlParameter("@Resource", System.Data.SqlDbType.NVarChar, 255) { Value = Resource });
                command.ExecuteNonQuery();
            }
        }
        catch (SqlException)
        {
            // The session is ending anyway: closing it below releases the lock.
        }
        finally
        {
            connection.Dispose();
        }
    }
}
