using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data;

/// <summary>The few statements where SQLite and SQL Server differ. Everything else is shared SQL.</summary>
public interface ISqlDialect
{
    /// <summary>
    /// Increments and returns the reference counter for (<c>@AssociationId</c>, <c>@Year</c>),
    /// creating it at 1. Runs inside the submitting transaction, so a rollback leaves no gap.
    /// </summary>
    string NextReferenceSequence { get; }

    bool IsUniqueViolation(DbException exception);

    /// <summary>Appended after an <c>ORDER BY</c>: keep the first <c>@Take</c> rows.</summary>
    string TakeRows { get; }

    /// <summary>
    /// Takes the update lock on the report <c>@Id</c> until the transaction ends (see <see cref="TransactionLocks"/>);
    /// null where a write transaction already excludes every other (SQLite).
    /// </summary>
    string? LockReport { get; }

    /// <summary>
    /// Takes an exclusive lock on the name <c>@Resource</c> until the transaction ends, waiting at most
    /// <c>@TimeoutMs</c>; answers 0 or more when it was granted (see <see cref="TransactionLocks"/>). Null where a
    /// write transaction already excludes every other (SQLite).
    /// </summary>
    string? LockResource { get; }
}

public sealed class SqliteDialect : ISqlDialect
{
    public string NextReferenceSequence => """
        INSERT INTO reference_counters (association_id, year, last_value)
        VALUES (@AssociationId, @Year, 1)
        ON CONFLICT (association_id, year) DO UPDATE SET last_value = last_value + 1
        RETURNING last_value;
        """;

    public string TakeRows => "LIMIT @Take";

    // Every SQLite write transaction begins IMMEDIATE: it holds the database's write lock from its first statement,
    // so write transactions never overlap, whichever process runs them, and there is nothing more to lock (no statement
    // is sent: these locks are taken on every submission that completes a pattern check).
    public string? LockReport => null;

    public string? LockResource => null;

    // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };
}

public sealed class SqlServerDialect : ISqlDialect
{
    public string NextReferenceSequence => """
        MERGE reference_counters WITH (HOLDLOCK) AS target
        USING (SELECT @AssociationId AS association_id, @Year AS year) AS source
            ON target.association_id = source.association_id AND target.year = source.year
        WHEN MATCHED THEN UPDATE SET last_value = target.last_value + 1
        WHEN NOT MATCHED THEN INSERT (association_id, year, last_value) VALUES (source.association_id, source.year, 1)
        OUTPUT inserted.last_value;
        """;

    public string TakeRows => "OFFSET 0 ROWS FETCH NEXT @Take ROWS ONLY";

    // A locking read: under READ_COMMITTED_SNAPSHOT it waits for a transaction changing the row and reads the row as
    // committed, and UPDLOCK keeps the row's U lock to the end of the transaction, so a second transaction taking the
    // same lock waits until this one has committed and then sees its changes.
    public string? LockReport => "SELECT id FROM reports WITH (UPDLOCK, ROWLOCK) WHERE id = @Id";

    // sp_getapplock owned by the transaction: released by its commit or rollback. Its return value is 0 (granted) or
    // 1 (granted after waiting); -1 timed out, -2 cancelled, -3 chosen as a deadlock victim, -999 a parameter error.
    public string? LockResource => """
        DECLARE @Granted INT;
        EXEC @Granted = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @TimeoutMs;
        SELECT @Granted;
        """;

    // 2627: violation of a PRIMARY KEY or UNIQUE constraint; 2601: duplicate key in a unique index.
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqlException { Number: 2627 or 2601 };
}
