namespace LexHeller.Domain.Insight;

/// <summary>Where a structural follow-up stands.</summary>
public enum FollowUpStatus
{
    Open,
    InProgress,
    Done,
}

/// <summary>
/// What may change on a structural follow-up. Any status may follow any other (work starts, ends,
/// or is taken up again when the outcome fell short), but a follow-up is <c>done</c> only with a
/// written outcome, and a done follow-up takes no new reports: reopen it first.
/// </summary>
public static class FollowUpRules
{
    public const string OutcomeRequired = "A done follow-up needs an outcome: say what came of it.";
    public const string DoneTakesNoReports = "A done follow-up takes no new reports; set its status back to open or in-progress first.";

    /// <summary>Whether the follow-up may end in <paramref name="status"/> with <paramref name="outcome"/> as its outcome.</summary>
    public static bool HasRequiredOutcome(FollowUpStatus status, string? outcome) =>
        status != FollowUpStatus.Done || !string.IsNullOrWhiteSpace(outcome);

    /// <summary>Whether reports may be linked to a follow-up that will be in <paramref name="status"/>.</summary>
    public static bool TakesReports(FollowUpStatus status) => status != FollowUpStatus.Done;
}
