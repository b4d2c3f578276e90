using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace LexHeller.Testing.Faults;

/// <summary>
/// Decorates the service's real connection factory (SQLite, a real database): a connection opened during
/// an HTTP request (or any, see <see cref="FaultSource.RequestsOnly"/>) is wrapped so that <see cref="FaultSource"/> can throw at its open, its commands and its
/// commit; otherwise every call goes through to the real connection, command and transaction.
/// </summary>
public sealed class FaultInjectingConnectionFactory(IDbConnectionFactory inner, FaultSource faults, IHttpContextAccessor http) : IDbConnectionFactory
{
    public DatabaseProvider Provider => inner.Provider;

    // The real factory's writer turn, so that transactions under injected faults queue as they do in the service,
    // on the turn's connection, wrapped like any other so that faults strike its commands and commit.
    public async ValueTask<IWriterTurn?> EnterWriterAsync(CancellationToken cancellationToken)
    {
        var turn = await inner.EnterWriterAsync(cancellationToken);
        if (turn?.Connection is not { } connection || (http.HttpContext is null && faults.RequestsOnly))
            return turn;
        return new FaultyTurn(turn, new FaultyConnection(connection, faults, ownsInner: false));
    }

    private sealed class FaultyTurn(IWriterTurn inner, DbConnection connection) : IWriterTurn
    {
        public DbConnection? Connection => connection;
        public void Dispose() => inner.Dispose();
        public void Discard() => inner.Discard();
    }

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (http.HttpContext is null && faults.RequestsOnly)
            return await inner.OpenAsync(cancellationToken);

        faults.Strike(FaultPoint.Open);
        return new FaultyConnection(await inner.OpenAsync(cancellationToken), faults);
    }

    [SuppressMessage("Security", "CA2100", Justification = "The command text is the service's own, passed through.")]
    private sealed class FaultyConnection(DbConnection inner, FaultSource faults, bool ownsInner = true) : DbConnection
    {
        [AllowNull]
        public override string ConnectionString
        {
            get => inner.ConnectionString;
            set => inner.ConnectionString = value;
        }

        public override string Database => inner.Database;
        public override string DataSource => inner.DataSource;
        public override string ServerVersion => inner.ServerVersion;
        public override ConnectionState State => inner.State;

        public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);
        public override void Close() => inner.Close();
        public override void Open() => inner.Open();

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
            new FaultyTransaction(inner.BeginTransaction(isolationLevel), this, faults);

        protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
            new FaultyTransaction(await inner.BeginTransactionAsync(isolationLevel, cancellationToken), this, faults);

        protected override DbCommand CreateDbCommand() => new FaultyCommand(inner.CreateCommand(), this, faults);

        protected override void Dispose(bool disposing)
        {
            if (disposing && ownsInner)
                inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            if (ownsInner)
                await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private sealed class FaultyTransaction(DbTransaction inner, DbConnection connection, FaultSource faults) : DbTransaction
    {
        public DbTransaction Inner => inner;
        public override IsolationLevel IsolationLevel => inner.IsolationLevel;
        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
            faults.Strike(FaultPoint.BeforeCommit);
            inner.Commit();
            faults.Strike(FaultPoint.AfterCommit);
        }

        public override async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            faults.Strike(FaultPoint.BeforeCommit);
            await inner.CommitAsync(cancellationToken);
            faults.Strike(FaultPoint.AfterCommit);
        }

        public override void Rollback() => inner.Rollback();
        public override Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    [SuppressMessage("Security", "CA2100", Justification = "The command text is the service's own, passed through.")]
    private sealed class FaultyCommand(DbCommand inner, DbConnection connection, FaultSource faults) : DbCommand
    {
        private DbTransaction? _transaction;

        [AllowNull]
        public override string CommandText
        {
            get => inner.CommandText;
            set => inner.CommandText = value;
        }

        public override int CommandTimeout
        {
            get => inner.CommandTimeout;
            set => inner.CommandTimeout = value;
        }

        public override CommandType CommandType
        {
            get => inner.CommandType;
            set => inner.CommandType = value;
        }

        public override bool DesignTimeVisible
        {
            get => inner.DesignTimeVisible;
            set => inner.DesignTimeVisible = value;
        }

        public override UpdateRowSource UpdatedRowSource
        {
            get => inner.UpdatedRowSource;
            set => inner.UpdatedRowSource = value;
        }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set { }
        }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => _transaction;
            set
            {
                _transaction = value;
                inner.Transaction = value is FaultyTransaction faulty ? faulty.Inner : value;
            }
        }

        public override void Cancel() => inner.Cancel();
        public override void Prepare() => inner.Prepare();
        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        public override int ExecuteNonQuery()
        {
            faults.Strike(FaultPoint.Command, CommandText);
            return inner.ExecuteNonQuery();
        }

        public override object? ExecuteScalar()
        {
            faults.Strike(FaultPoint.Command, CommandText);
            return inner.ExecuteScalar();
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            faults.Strike(FaultPoint.Command, CommandText);
            return inner.ExecuteReader(behavior);
        }

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        {
            faults.Strike(FaultPoint.Command, CommandText);
            return inner.ExecuteNonQueryAsync(cancellationToken);
        }

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
        {
            faults.Strike(FaultPoint.Command, CommandText);
            return inner.ExecuteScalarAsync(cancellationToken);
        }

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            faults.Strike(FaultPoint.Command, CommandText);
            return await inner.ExecuteReaderAsync(behavior, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
