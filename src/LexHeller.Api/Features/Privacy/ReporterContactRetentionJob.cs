using Dapper;
using LexHeller.Api.Data.Resilience;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure.Jobs;

namespace LexHeller.Api.Features.Privacy;

/// <summary>
/// Purges a reporter's contact <see cref="RetentionOptions.ReporterContactMonthsAfterClosure"/> months
/// after the report was closed (a reopened report is not closed, so its contact stays). The sealed
/// value is removed and the row kept as a tombstone with the time of the purge; each purge is logged
/// in the contact's access log and as a <c>reporter-contact-purged</c> event in the report's history,
/// in one transaction per report.
/// </summary>
public sealed class ReporterContactRetentionJob(
    IServiceScopeFactory scopes,
    DatabaseResilience resilience,
    RetentionOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ReporterContactRetentionJob> logger) : PeriodicJob(time, lifetime, logger)
{
    public const string Actor = "system:retention";
    private const int BatchSize = 200;

    // One batch, the oldest closures first (ROW_NUMBER: the same statement on both engines).
    private const string SelectDue = """
        SELECT report_id
        FROM (
            SELECT c.report_id, ROW_NUMBER() OVER (ORDER BY r.closed_at, c.report_id) AS position
            FROM reporter_contacts c
            JOIN reports r ON r.id = c.report_id
            WHERE c.purged_at IS NULL AND r.status = 'closed' AND r.closed_at <= @ClosedBefore
        ) due
        WHERE position <= @BatchSize
        ORDER BY position
        """;

    // Checked again in the update: the report may have been reopened since it was selected.
    private const string Purge = """
        UPDATE reporter_contacts SET sealed_contact = NULL, sealed_receipt_token = NULL, has_email = 0, purged_at = @Now
        WHERE report_id = @ReportId AND purged_at IS NULL
          AND EXISTS (SELECT 1 FROM reports r WHERE r.id = @ReportId AND r.status = 'closed' AND r.closed_at <= @ClosedBefore)
        """;

    protected override TimeSpan Interval => options.Interval;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var closedBefore = options.PurgeClosedBefore(now);
        List<Guid> due;
        // The read is run again after a transient fault; each purge's transaction is not (a failed one is
        // tried on the next pass, where its conditional update keeps it single).
        due = await resilience.ExecuteAsync("ReporterContactRetentionJob.SelectDue", async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            return (await session.QueryAsync<Guid>(SelectDue, new { ClosedBefore = closedBefore, BatchSize },
                ct)).AsList();
        }, cancellationToken);

        var purged = 0;
        foreach (var reportId in due)
        {
            if (await PurgeAsync(reportId, closedBefore, cancellationToken))
                purged++;
        }

        if (purged > 0)
            Logger.LogInformation("Purged the reporter contact of {Count} reports closed on or before {ClosedBefore}", purged, closedBefore);
        return due.Count == BatchSize;
    }

    private async Task<bool> PurgeAsync(Guid reportId, DateTimeOffset closedBefore, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = Time.GetUtcNow();
        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            // The report first: a reopening being committed is waited for, and the purge's check then sees it.
            // Without the lock, READ_COMMITTED_SNAPSHOT would read the report as last committed, still closed.
            await TransactionLocks.ReportAsync(session, reportId, cancellationToken);
            var changed = await session.ExecuteAsync(Purge,
                new { ReportId = reportId, ClosedBefore = closedBefore, Now = now }, cancellationToken);
            if (changed != 1)
            {
                await session.RollbackAsync();
                return false;
            }

            await ReporterContacts.LogAsync(session, reportId, ReporterContacts.ActionPurged, Actor,
                "retention", now, cancellationToken);
            await ReportEvents.AppendAsync(session, reportId, ReportEvents.ReporterContactPurged, Actor, null, null,
                $"Purged {options.ReporterContactMonthsAfterClosure} months after closure.", now, cancellationToken);
            await session.CommitAsync(cancellationToken);
            Logger.LogInformation("Purged the reporter contact of report {ReportId}", reportId);
            return true;
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }
}
