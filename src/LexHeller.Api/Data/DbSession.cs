using System.Data.Common;
using System.Diagnostics;

namespace LexHeller.Api.Data;

/// <summary>
/// The request's one connection and, for commands, its one transaction (begun and committed by
/// the transaction behavior). Handlers pass <see cref="Transaction"/> to every Dapper call.
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
    /// The connection to use now: while a transaction is open, the one it runs on (the writer turn's, for SQLite),
    /// so take it after <see cref="BeginTransactionAsync"/> and do not keep it past the transaction's end.
    /// </summary>
    public async ValueTask<DbConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_transactionConnection is not null)
            return _transactionConnection;
        if (_connection is not null)
            return _connection;
        _sessionActivity ??= DataTelemetry.StartSession(factory.Provider);
        return _connection = await factory.OpenAsync(cancellationToken);
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
