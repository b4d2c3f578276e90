using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Referrals;

/// <summary>
/// A referral that ends without an answer — withdrawn by the steering group or declined by the party — and where the
/// report goes then (<see cref="ReportLifecycle.AfterReferralEnded"/>). The caller has taken the report's lock
/// (<see cref="TransactionLocks.ReportAsync"/>) first, so the referrals counted here are not changing underneath.
/// </summary>
public static class ReferralEndings
{
    private const string End = """
        UPDATE referrals SET status = @Status, ended_at = @Now, end_reason = @Reason, suggested_responsible = @SuggestedResponsible
        WHERE id = @Id AND status = 'open'
        """;

    /// <summary>Ends an open referral; false when it was not open any more (answered or ended by someone else first).</summary>
    public static async Task<bool> EndAsync(DbSession session, Guid referralId, string status, string reason, string? suggestedResponsible,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(End, new { Id = referralId, Status = status, Reason = reason, SuggestedResponsible = suggestedResponsible, Now = now },
            cancellationToken) == 1;

    /// <summary>Moves the report on when the ended referral was its last open one; returns the report as it is now.</summary>
    public static async Task<ReportSnapshot> MoveReportAsync(DbSession session, ReportSnapshot report, bool declinedByParty,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await session.QuerySingleAsync<ReferralStatuses.Counts>(ReferralStatuses.CountsOfReport, new { ReportId = report.Id }, cancellationToken);
        var next = ReportLifecycle.AfterReferralEnded(counts.OpenCount, counts.AnsweredCount, declinedByParty);
        if (next is not { } action || !ReportLifecycle.Decide(report.Status, action).IsAllowed)
            return report;

        return action == ReportAction.ReceiveAllAnswers
            ? await ReportTransitions.ApplyAsync(session, report, action, null, ReportEvents.Answered,
                "system:referrals", "Every referral left open has been answered.", now, cancellationToken)
            : await ReportTransitions.ApplyAsync(session, report, action, null, ReportEvents.ReturnedToGroup,
                "system:referrals", "No referral is open: the report is back with the steering group.", now, cancellationToken);
    }
}
