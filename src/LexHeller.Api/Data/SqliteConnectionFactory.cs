using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data;

/// <summary>
/// SQLite in WAL mode with <c>synchronous=FULL</c>: a commit is on disk before the service answers,
/// so a 201 means the report survives a crash or power loss. Foreign keys are enforced.
/// </summary>
public sealed class SqliteConnectionFactory : IDbConnectionFactory, IDisposable
{
    // busy_timeout: a writer that finds the file locked (the outbox dispatcher, the background jobs, an API
    // key's last use: writes outside the writer turn below) waits in SQLite's own handler, which tries again
    // after 1, 2, 5, 10… ms, rather than in Microsoft.Data.Sqlite's, which sleeps 150 ms between tries.
    private const string PerConnectionPragmas = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";

    /// <summary>SQLite's busy code, which a writer that waited in vain gets, as from SQLite itself.</summary>
    private const int SqliteBusy = 5;

    private readonly string _connectionString;

    // SQLite writes one transaction at a time. Left to SQLite, a writer that finds the file locked is told
    // SQLITE_BUSY and Microsoft.Data.Sqlite sleeps (150 ms a round, blocking its thread) before it tries
    // again, so under load most of a request's time was spent asleep while the file stood idle. The
    // service's writers therefore queue here, in order and without sleeping, for their turn.
    private readonly SemaphoreSlim _writer = new(1, 1);

    // The turn's transactions all run on this one connection (opened at the first turn, kept open). Each SQLite
    // connection has its own page cache, which a commit by any other connection makes it throw away: with every
    // request writing on whichever pooled connection it got, each transaction began by reading its pages from
    // the file again. Guarded by _writer.
    private SqliteConnection? _writerConnection;
    private bool _disposed;

    public SqliteConnectionFactory(DatabaseOptions options)
    {
        _connectionString = PooledConnectionString(options.ConnectionString);
        DataSource = new SqliteConnectionStringBuilder(_connectionString).DataSource;
    }

    /// <summary>The connection string the service's connections (and their pool) use for a configured one.</summary>
    public static string PooledConnectionString(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString)
        {
            // Writers wait for each other (BEGIN IMMEDIATE) instead of failing with SQLITE_BUSY.
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string DataSource { get; }

    public async ValueTask<IWriterTurn?> EnterWriterAsync(CancellationToken cancellationToken)
    {
        // As long as SQLite itself would have let a writer wait (DefaultTimeout above).
        if (!await _writer.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken))
            throw new SqliteException("database is locked: another transaction of this process held the write turn for 30 s", SqliteBusy);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _writerConnection ??= (SqliteConnection)await OpenAsync(cancellationToken);
            return new WriterTurn(this, _writerConnection);
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    private sealed class WriterTurn(SqliteConnectionFactory factory, SqliteConnection connection) : IWriterTurn
    {
        private SqliteConnectionFactory? _factory = factory;

        public DbConnection? Connection => _factory is null ? null : connection;

        public void Dispose() => Interlocked.Exchange(ref _factory, null)?._writer.Release();

        public void Discard()
        {
            if (Interlocked.Exchange(ref _factory, null) is not { } owner)
                return;
            try
            {
                owner._writerConnection = null;
                connection.Dispose();
            }
            finally
            {
                owner._writer.Release();
            }
        }
    }

    /// <summary>Closes the writer connection, once no turn holds it (a turn still held after 30 s keeps it).</summary>
    public void Dispose()
    {
        if (!_writer.Wait(TimeSpan.FromSeconds(30)))
            return;
        try
        {
            _disposed = true;
            _writerConnection?.Dispose();
            _writerConnection = null;
        }
        finally
        {
            _writer.Release();
        }
    }

    // The pool hands out the same SQLite connections again, and they keep their settings: the pragmas are
    // set once per underlying connection (its handle), not on every open (a statement on every request).
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Set = new();

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Registered on every open (a call into SQLite, no statement): Microsoft.Data.Sqlite keeps a collation
        // with the connection object, and a pooled handle is handed out under a new one.
        SwedishCollation.Register(connection);
        if (connection.Handle is { } handle && Configured.TryGetValue(handle, out _))
            return connection;

        await using var command = connection.CreateCommand();
        command.CommandText = PerConnectionPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (connection.Handle is { } configured)
            Configured.AddOrUpdate(configured, Set);
        return connection;
    }

    /// <summary>Rewrites the file (VACUUM), so that deleted data no longer lingers in free pages, and empties the WAL.</summary>
    public void Compact()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    /// <summary>WAL is a property of the database file: set once, before the first migration.</summary>
    public void EnsureDatabaseFile()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);

        // Not from the pool: this connection read the schema before the migrations made it, and a pooled
        // copy handed to the demo seed afterwards could answer from that empty schema ('no such table').
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }
}
