namespace LexHeller.Api.Data;

/// <summary>Opens connections to the configured engine, set up the way the service relies on.</summary>
public interface IDbConnectionFactory
{
    DatabaseProvider Provider { get; }

    ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits for this process's turn to write, before a transaction begins; disposing the result ends the
    /// turn. Null (no turn to wait for) for an engine whose writers do not shut each other out.
    /// </summary>
    ValueTask<IWriterTurn?> EnterWriterAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IWriterTurn?>(null);
}
