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

    public ISqlDialect Dialect => dialect;

    public DbTransaction? Transaction { get; private set; }

    public async ValueTask<DbConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
            return _connection;
        _sessionActivity ??= DataTelemetry.StartSession(factory.Provider);
        return _connection = await factory.OpenAsync(cancellationToken);
    }

    public async ValueTask<DbTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
    {
        if (Transaction is not null)
            throw new InvalidOperationException("A transaction is already open in this session.");

        var connection = await ConnectionAsync(cancellationToken);
        _transactionActivity = DataTelemetry.StartTransaction(factory.Provider);
        Transaction = await connection.BeginTransactionAsync(cancellationToken);
        return Transaction;
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        var transaction = Transaction ?? throw new InvalidOperationException("No transaction is open.");
        await transaction.CommitAsync(cancellationToken);
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
        finally
        {
            await EndTransactionAsync("rollback");
        }
    }

    private async ValueTask EndTransactionAsync(string outcome)
    {
        if (Transaction is not null)
            await Transaction.DisposeAsync();
        Transaction = null;
        DataTelemetry.End(_transactionActivity, outcome);
        _transactionActivity = null;
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        _sessionActivity?.Dispose();
    }
}
