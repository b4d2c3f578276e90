using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dapper;

namespace LexHeller.Api.Data;

/// <summary>
/// The request's one connection and, for commands, its one transaction (begun and committed by
/// the transaction behavior). Every statement goes through this class's methods, which run it on the
/// connection and in the transaction that are current (on SQLite, the writer turn's while a transaction is
/// open), so that no statement can run beside the request's transaction by mistake.
/// <list type="bullet">
/// <item>Reads (<c>Query…</c>, <see cref="ScalarAsync"/>) run in the open transaction, or on the session's
/// connection when there is none (a query).</item>
/// <item>Writes (<see cref="ExecuteAsync"/>, <see cref="ExecuteScalarAsync"/>) run only in an open transaction
/// and are refused without one (<see cref="InvalidOperationException"/>): a write outside it would not be
/// rolled back with it and, on SQLite, would not take the writer turn (ADR 12).</item>
/// <item>A write that must happen without a request's transaction (a background job's bookkeeping, an API
/// key's last use) says so: <see cref="ExecuteOutsideTransactionAsync"/>. A read that must leave a trace
/// (an audit record of what it disclosed) writes it in a transaction of its own:
/// <see cref="InTransactionAsync"/> (ADR 12, amendment of issue 17).</item>
/// </list>
/// </summary>
public sealed class DbSession(IDbConnectionFactory factory, ISqlDialect dialect) : IAsyncDisposable
{
    private DbConnection? _connection;
    private Activity? _sessionActivity;
    private Activity? _transactionActivity;
    private IWriterTurn? _writerTurn;

    // The writer turn's connection while a transaction runs on it, else null.
    private DbConnection? _transactionConnection;

    // Set when a commit or rollback threw: the writer turn's connection is then closed, not used again.
    private bool _discardConnection;

    public ISqlDialect Dialect => dialect;

    public DbTransaction? Transaction { get; private set; }

    /// <summary>True when the last commit threw: its outcome is unknown, for it may have landed before the fault.</summary>
    public bool CommitFailed { get; private set; }

    /// <summary>Set while a retrying caller owns the session's work, so that nested work is not retried on its own.</summary>
    public bool InRetryScope { get; set; }

    /// <summary>
    /// The connection to use now: while a transaction is open, the one it runs on (the writer turn's, for SQLite).
    /// Taken anew for each statement and never handed out, so that none can outlive the transaction it belongs to.
    /// </summary>
    private async ValueTask<DbConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_transactionConnection is not null)
            return _transactionConnection;
        if (_connection is not null)
            return _connection;
        _sessionActivity ??= DataTelemetry.StartSession(factory.Provider);
        return _connection = await factory.OpenAsync(cancellationToken);
    }

    /// <summary>Rows of a read, buffered.</summary>
    public async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args, CancellationToken cancellationToken) =>
        await (await ConnectionAsync(cancellationToken)).QueryAsync<T>(Command(sql, args, cancellationToken));

    /// <summary>The one row of a read; throws when there is none or more than one.</summary>
    public async Task<T> QuerySingleAsync<T>(string sql, object? args, CancellationToken cancellationToken) =>
        await (await ConnectionAsync(cancellationToken)).QuerySingleAsync<T>(Command(sql, args, cancellationToken));

    /// <summary>The one row of a read, or default when there is none; throws when there is more than one.</summary>
    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args, CancellationToken cancellationToken) =>
        await (await ConnectionAsync(cancellationToken)).QuerySingleOrDefaultAsync<T>(Command(sql, args, cancellationToken));

    /// <summary>The first row of a read, or default when there is none.</summary>
    public async Task<T?> QueryFirstOrDefaultAsync<T>(string sql, object? args, CancellationToken cancellationToken) =>
        await (await ConnectionAsync(cancellationToken)).QueryFirstOrDefaultAsync<T>(Command(sql, args, cancellationToken));

    /// <summary>Several result sets of one read; dispose the reader before the next statement.</summary>
    public async Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? args, CancellationToken cancellationToken) =>
        await (await ConnectionAsync(cancellationToken)).QueryMultipleAsync(Command(sql, args, cancellationToken));

    /// <summary>Rows of a read, one at a time as they come (large results: the exports and statistics).</summary>
    public async IAsyncEnumerable<T> QueryUnbufferedAsync<T>(string sql, object? args, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<T>(sql, args, Transaction).WithCancellation(cancellationToken))
            yield return row;
    }

    /// <summary>A data reader over a read, for callers that parse rows themselves (<c>GetRowParser</c>); dispose it before the next statement.</summary>
    public async Task<DbDataReader> QueryReaderAsync(string sql, object? args, CancellationToken cancellationToken) =>
        await (await ConnectionAsync(cancellationToken)).ExecuteReaderAsync(Command(sql, args, cancellationToken));

    /// <summary>The first column of the first row of a read (a count, an id), or default.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, object? args, CancellationToken cancellationToken) =>
        await (await ConnectionAsync(cancellationToken)).ExecuteScalarAsync<T>(Command(sql, args, cancellationToken));

    /// <summary>A write in the open transaction; the number of rows it changed. Refused when no transaction is open.</summary>
    public async Task<int> ExecuteAsync(string sql, object? args, CancellationToken cancellationToken)
    {
        RequireTransaction();
        return await (await ConnectionAsync(cancellationToken)).ExecuteAsync(Command(sql, args, cancellationToken));
    }

    /// <summary>A write that returns a value (a sequence's next number), in the open transaction. Refused when no transaction is open.</summary>
    public async Task<T?> ExecuteScalarAsync<T>(string sql, object? args, CancellationToken cancellationToken)
    {
        RequireTransaction();
        return await (await ConnectionAsync(cancellationToken)).ExecuteScalarAsync<T>(Command(sql, args, cancellationToken));
    }

    /// <summary>
    /// A write that is meant to run without a request's transaction, committed on its own: a background job's
    /// bookkeeping (the outbox dispatcher's claims and marks), an API key's last use. On SQLite it does not take
    /// the writer turn and waits for the file's lock in SQLite's busy handler (ADR 12). Refused while a
    /// transaction is open, since the write would then not be part of it.
    /// </summary>
    public async Task<int> ExecuteOutsideTransactionAsync(string sql, object? args, CancellationToken cancellationToken)
    {
        if (Transaction is not null)
            throw new InvalidOperationException("A transaction is open in this session: write in it (ExecuteAsync), not beside it.");
        return await (await ConnectionAsync(cancellationToken)).ExecuteAsync(Command(sql, args, cancellationToken));
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the open transaction, or else in a transaction of its own that is committed
    /// before this returns (rolled back if the work throws). For the one write a read may make: the audit record of
    /// what it disclosed, which must be stored before the answer leaves (ADR 12, amendment of issue 17).
    /// </summary>
    public async Task InTransactionAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        if (Transaction is not null)
        {
            await work(cancellationToken);
            return;
        }

        await BeginTransactionAsync(cancellationToken);
        try
        {
            await work(cancellationToken);
            await CommitAsync(cancellationToken);
        }
        catch
        {
            await RollbackAsync();
            throw;
        }
    }

    private CommandDefinition Command(string sql, object? args, CancellationToken cancellationToken) =>
        new(sql, args, Transaction, cancellationToken: cancellationToken);

    private void RequireTransaction()
    {
        if (Transaction is null)
        {
            throw new InvalidOperationException(
                "A write needs the session's transaction (a command's, or one begun with BeginTransactionAsync); none is open. "
                + "A write meant to run without one uses ExecuteOutsideTransactionAsync.");
        }
    }

    public async ValueTask<DbTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
    {
        if (Transaction is not null)
            throw new InvalidOperationException("A transaction is already open in this session.");

        CommitFailed = false;
        // Started before the wait for the turn, so that a session's span shows how long it queued to write.
        _sessionActivity ??= DataTelemetry.StartSession(factory.Provider);
        // The turn is held until the transaction ends (EndTransactionAsync), whatever its outcome.
        _writerTurn = await factory.EnterWriterAsync(cancellationToken);
        try
        {
            var connection = _writerTurn?.Connection ?? await ConnectionAsync(cancellationToken);
            _transactionActivity = DataTelemetry.StartTransaction(factory.Provider);
            Transaction = await connection.BeginTransactionAsync(cancellationToken);
            _transactionConnection = _writerTurn?.Connection;
        }
        catch
        {
            await EndTransactionAsync("rollback");
            throw;
        }

        return Transaction;
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        var transaction = Transaction ?? throw new InvalidOperationException("No transaction is open.");
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            CommitFailed = true;
            _discardConnection = true;
            throw;
        }
        await EndTransactionAsync("commit");
    }

    public async ValueTask RollbackAsync()
    {
        if (Transaction is null)
            return;

        try
        {
            await Transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            // Already gone: the server rolled it back (a deadlock victim), the connection broke, or a commit
            // failed half-way. Disposing it rolls back whatever is left; the fault that led here is the one to
            // report, not this. The writer turn's connection is not used again.
            _discardConnection = true;
        }
        finally
        {
            await EndTransactionAsync("rollback");
        }
    }

    /// <summary>
    /// Rolls back and closes the connection, so that the next use opens a new one: after a transient fault
    /// the old one may be broken. Work that is run again starts from a clean session.
    /// </summary>
    public async ValueTask ResetAsync()
    {
        await RollbackAsync();
        CommitFailed = false;
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private async ValueTask EndTransactionAsync(string outcome)
    {
        try
        {
            if (Transaction is not null)
                await Transaction.DisposeAsync();
        }
        finally
        {
            Transaction = null;
            _transactionConnection = null;
            DataTelemetry.End(_transactionActivity, outcome);
            _transactionActivity = null;
            if (_discardConnection)
                _writerTurn?.Discard();
            else
                _writerTurn?.Dispose();
            _writerTurn = null;
            _discardConnection = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        _sessionActivity?.Dispose();
    }
}
