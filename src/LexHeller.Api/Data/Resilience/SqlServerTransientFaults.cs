using System.Collections.Frozen;
using Microsoft.Data.SqlClient;

namespace LexHeller.Api.Data.Resilience;

/// <summary>
/// Which database faults are transient: worth running the same work again after a pause. Pure, so
/// that the list can be tested number by number. SQLite's only transient condition (a busy file) is
/// handled by its busy timeout, not here.
/// </summary>
public static class SqlServerTransientFaults
{
    /// <summary>
    /// SQL Server and Azure SQL error numbers that clear by themselves. The baseline is SqlClient's own
    /// list (<c>SqlConfigurableRetryFactory.BaselineTransientErrors</c>, the "Troubleshoot transient
    /// connection errors" page of Azure SQL); the network errors 20, 64, 121 and 11001 come from EF Core's
    /// <c>SqlServerTransientExceptionDetector</c>, and -2 is SqlClient's own timeout.
    /// </summary>
    public static readonly FrozenDictionary<int, string> ErrorNumbers = new Dictionary<int, string>
    {
        [-2] = "timeout: a connection could not be opened, or a command did not finish, in time",
        [20] = "the instance does not support encryption (a connection refused while the server restarts)",
        [64] = "the network name is no longer available (connection dropped during login)",
        [121] = "the semaphore timeout expired (network timeout)",
        [233] = "no process on the other end of the pipe (connection closed during login)",
        [997] = "overlapped I/O in progress (connection closed during login)",
        [1204] = "no LOCK resource can be obtained now",
        [1205] = "chosen as the deadlock victim: the transaction was rolled back",
        // A lock wait longer than SET LOCK_TIMEOUT. The service sets none (it waits without a limit), so
        // this only appears when an administrator sets one: it is contention, like a deadlock, and the whole
        // transaction is rolled back and run again, so the statement it aborted is not half-applied.
        [1222] = "lock request time-out exceeded",
        [4060] = "cannot open the database requested by the login (it is moving or starting)",
        [4221] = "login to a read-secondary failed: the replica is being recycled",
        [10053] = "transport-level error: the connection was aborted by the host",
        [10054] = "transport-level error: the connection was forcibly closed by the remote host",
        [10060] = "a connection attempt timed out",
        [10928] = "a resource limit of the database has been reached",
        [10929] = "the server is too busy to support this request now",
        [11001] = "the host name could not be resolved (DNS)",
        [40143] = "the service encountered an error processing the request",
        [40197] = "the service encountered an error processing the request (reconfiguration or failover)",
        [40501] = "the service is busy",
        [40540] = "the service encountered an error processing the request",
        [40613] = "the database is not currently available (reconfiguration or failover)",
        [42108] = "the SQL pool is paused",
        [42109] = "the SQL pool is warming up",
        [49918] = "not enough resources to process the request",
        [49919] = "too many create or update operations in progress",
        [49920] = "too many operations in progress",
    }.ToFrozenDictionary();

    /// <summary>
    /// True for a <see cref="SqlException"/> any of whose errors has a transient number, and for a
    /// <see cref="TimeoutException"/> (a connection that could not be opened in time). Everything else,
    /// a constraint violation (2627, 547), a syntax error, a refused login, is the same the next time.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqlException sql => sql.Errors.Cast<SqlError>().Any(error => ErrorNumbers.ContainsKey(error.Number)),
        TimeoutException => true,
        _ => false,
    };

    /// <summary>The SQL Server error number for the logs and the metric, or null when it is not a <see cref="SqlException"/>.</summary>
    public static int? ErrorNumber(Exception? exception) => exception is SqlException sql ? sql.Number : null;
}
