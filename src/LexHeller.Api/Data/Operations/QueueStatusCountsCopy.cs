using System.Diagnostics;
using Dapper;

namespace LexHeller.Api.Data.Operations;

/// <summary>
/// The copy and queue_status_counts (migration 0019): the counts are derived from reports, kept by triggers
/// on reports, so the copy does not carry their rows but counts them again from the copied reports, on the
/// target, inside the copy's transaction. Copying them as rows would count twice on a SQLite target, whose
/// triggers already count each report the copy inserts (SQL Server's bulk copy fires no trigger, so there
/// the table would be right, and on SQLite doubled). Counting again is right on both engines, whether the
/// triggers fired or not, and however the reports were written (in one go, in batches, resumed).
/// </summary>
public static class QueueStatusCountsCopy
{
    public const string Table = "queue_status_counts";

    private const string Recount = """
        DELETE FROM queue_status_counts;
        INSERT INTO queue_status_counts (queue_id, status, report_count)
        SELECT queue_id, status, COUNT(*) FROM reports WHERE queue_id IS NOT NULL GROUP BY queue_id, status;
        """;

    /// <summary>Whether the copy leaves the table's rows to <see cref="RecountAsync"/>.</summary>
    public static bool IsDerived(string table) => string.Equals(table, Table, StringComparison.Ordinal);

    /// <summary>Counts the target's reports per queue and status into the table, replacing what the triggers wrote; prints one progress line.</summary>
    public static async Task<CopiedTable> RecountAsync(CopyTarget target, TextWriter progress, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var (connection, transaction) = target.Session;
        await connection.ExecuteAsync(new CommandDefinition(Recount, transaction: transaction, cancellationToken: ct));
        var rows = await target.CountAsync(Table, ct);
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {Table,-28} {rows,10:N0} rows {Stopwatch.GetElapsedTime(started).TotalSeconds,6:0.0} s (counted again from the copied reports)"));
        return new CopiedTable(Table, rows);
    }
}
