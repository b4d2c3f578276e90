namespace LexHeller.Api.Data;

/// <summary>A process's turn to write (<see cref="IDbConnectionFactory.EnterWriterAsync"/>); disposing it ends the turn.</summary>
public interface IWriterTurn : IDisposable
{
    /// <summary>
    /// The open connection the turn's transaction runs on, which the turn owns (never dispose it); null when the
    /// transaction uses the session's own connection.
    /// </summary>
    DbConnection? Connection { get; }

    /// <summary>Ends the turn and closes its connection, whose state a failed commit or rollback left unknown.</summary>
    void Discard();
}
