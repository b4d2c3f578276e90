namespace LexHeller.Api.Features.Referrals;

/// <summary>
/// How a referral stands (referrals.status, docs/domain.md#referrals): open until the party answers; or ended without
/// an answer — withdrawn by the steering group, declined by the party ("not ours"), or left unanswered when the group
/// closed the report while it was still open.
/// </summary>
public static class ReferralStatuses
{
    public const string Open = "open";
    public const string Answered = "answered";
    public const string Withdrawn = "withdrawn";
    public const string Declined = "declined";
    public const string Unanswered = "unanswered";

    public static readonly IReadOnlyList<string> All = [Open, Answered, Withdrawn, Declined, Unanswered];

    /// <summary>
    /// The referrals of a report still open and answered, read after the report's lock is taken
    /// (<see cref="TransactionLocks.ReportAsync"/>) so that two parties ending the last two at once cannot both miss the other.
    /// </summary>
    public const string CountsOfReport = """
        SELECT COALESCE(SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0) AS open_count,
               COALESCE(SUM(CASE WHEN status = 'answered' THEN 1 ELSE 0 END), 0) AS answered_count
        FROM referrals WHERE report_id = @ReportId
        """;

    public sealed class Counts
    {
        public int OpenCount { get; init; }
        public int AnsweredCount { get; init; }
    }
}
