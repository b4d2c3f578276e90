using System.Security.Cryptography;

namespace LexHeller.Api.Data;

/// <summary>
/// Locks that a transaction takes before it decides something from rows that another transaction may be changing
/// at the same time. Under READ_COMMITTED_SNAPSHOT (SQL Server's isolation model here, ADR 14) a read does not wait
/// for a writer: it sees the rows as last committed. Two transactions that each read what the other is changing and
/// then write can therefore both act on a state that never existed together (write skew): both delete one of the last
/// two default routing rules, both answer the last-but-one referral and neither sees the report answered. A lock
/// taken first makes the second transaction wait until the first has committed; its next statement then sees the
/// first one's changes. Taken first, and always in the order report, then named resource, they cannot deadlock
/// each other.
/// <para>
/// On SQLite every write transaction begins IMMEDIATE and holds the database's write lock, so write transactions
/// never overlap and these statements lock nothing more (<see cref="SqliteDialect"/>).
/// </para>
/// </summary>
public static class TransactionLocks
{
    /// <summary>How long a lock on a name is waited for; less than the command timeout, so the wait ends first.</summary>
    public const int ResourceTimeoutMs = 20_000;

    // sp_getapplock's @Resource is NVARCHAR(255).
    private const int MaxResourceLength = 255;

    /// <summary>
    /// Locks the report's row to the end of the transaction: every change of a report that first reads other rows
    /// of it (its referrals, its contact) to decide takes this lock first.
    /// </summary>
    public static async Task ReportAsync(DbSession session, Guid reportId, CancellationToken cancellationToken)
    {
        RequireTransaction(session);
        if (session.Dialect.LockReport is { } sql)
            await session.ExecuteScalarAsync<Guid?>(sql, new { Id = reportId }, cancellationToken);
    }

    /// <summary>
    /// Locks a name to the end of the transaction, for a decision over rows that have no single row to lock (the
    /// association's default routing rules; the reports of a pattern, including those not yet in it). A lock not
    /// granted in <see cref="ResourceTimeoutMs"/> is a <see cref="TimeoutException"/>, which the database's retry
    /// policy treats as transient.
    /// </summary>
    public static async Task ResourceAsync(DbSession session, string resource, CancellationToken cancellationToken)
    {
        RequireTransaction(session);
        if (session.Dialect.LockResource is not { } sql)
            return;
        var name = Name(resource);
        var granted = await session.ExecuteScalarAsync<int>(sql,
            new { Resource = name, TimeoutMs = ResourceTimeoutMs }, cancellationToken);
        if (granted < 0)
            throw new TimeoutException($"The lock '{name}' was not granted (sp_getapplock answered {granted}).");
    }

    // Checked on both engines, so that a lock taken outside a transaction fails on SQLite as it would on SQL Server.
    private static void RequireTransaction(DbSession session)
    {
        if (session.Transaction is null)
            throw new InvalidOperationException("A transaction lock needs the session's transaction; none is open.");
    }

    /// <summary>The name as given when it fits sp_getapplock's 255 characters; otherwise its start and a hash of the whole.</summary>
    public static string Name(string resource)
    {
        if (resource.Length <= MaxResourceLength)
            return resource;
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(resource)));
        return string.Concat(resource.AsSpan(0, MaxResourceLength - hash.Length - 1), "#", hash);
    }
}
