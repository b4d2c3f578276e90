namespace LexHeller.Domain.Lifecycle;

/// <summary>The outcome of asking the lifecycle whether an action may happen now.</summary>
public sealed record TransitionDecision(
    bool IsAllowed,
    ReportStatus From,
    ReportStatus To,
    IReadOnlyList<ReportAction> AllowedActions,
    string? Refusal)
{
    public void ThrowIfRefused()
    {
        if (!IsAllowed)
            throw new IllegalTransitionException(this);
    }
}

public sealed class IllegalTransitionException(TransitionDecision decision) : Exception(decision.Refusal)
{
    public TransitionDecision Decision { get; } = decision;
}

/// <summary>
/// The one state machine of a report (docs/domain.md#lifecycle):
/// <code>
/// received ─triage→ in-triage ─refer→ referred ─(all answered)→ answered ─close→ closed
/// in-triage | answered ─request-info→ needs-info ─clarified | withdraw-question→ in-triage
/// received | in-triage ─close (resolved-locally | not-actionable | out-of-scope | duplicate | forwarded)→ closed
/// needs-info ─close (an early resolution, once the question has gone unanswered long enough)→ closed
/// referred ─withdraw-referral→ referred ─(none open, one answered)→ answered | ─return-to-group→ in-triage
/// referred ─close (any resolution; the open referrals become unanswered)→ closed
/// closed ─reopen→ in-triage
/// </code>
/// Referring again while referred (a second party) keeps the report referred. Notes may be added in
/// every state; a summary may be published once the report has been answered. No state is a dead end:
/// a report waiting for the reporter or for a party can always be closed (<see cref="WaitingStates"/>).
/// </summary>
public static class ReportLifecycle
{
    /// <summary>The resolutions that need no answer from a party: allowed before a referral.</summary>
    public static readonly IReadOnlySet<Resolution> EarlyResolutions = new HashSet<Resolution>
    {
        Resolution.ResolvedLocally, Resolution.NotActionable, Resolution.OutOfScope, Resolution.Duplicate, Resolution.Forwarded,
    };

    /// <summary>The states where the report waits for someone outside the steering group: each has a way to close.</summary>
    public static readonly IReadOnlySet<ReportStatus> WaitingStates = new HashSet<ReportStatus> { ReportStatus.NeedsInfo, ReportStatus.Referred };

    private static readonly Dictionary<(ReportStatus, ReportAction), ReportStatus> Transitions = new()
    {
        [(ReportStatus.Received, ReportAction.Triage)] = ReportStatus.InTriage,
        [(ReportStatus.Received, ReportAction.Close)] = ReportStatus.Closed,
        [(ReportStatus.Received, ReportAction.AddNote)] = ReportStatus.Received,
        [(ReportStatus.InTriage, ReportAction.RequestInformation)] = ReportStatus.NeedsInfo,
        [(ReportStatus.InTriage, ReportAction.Refer)] = ReportStatus.Referred,
        [(ReportStatus.InTriage, ReportAction.Close)] = ReportStatus.Closed,
        [(ReportStatus.InTriage, ReportAction.AddNote)] = ReportStatus.InTriage,
        [(ReportStatus.NeedsInfo, ReportAction.Clarify)] = ReportStatus.InTriage,
        [(ReportStatus.NeedsInfo, ReportAction.WithdrawQuestion)] = ReportStatus.InTriage,
        [(ReportStatus.NeedsInfo, ReportAction.Close)] = ReportStatus.Closed,
        [(ReportStatus.NeedsInfo, ReportAction.AddNote)] = ReportStatus.NeedsInfo,
        [(ReportStatus.Referred, ReportAction.Refer)] = ReportStatus.Referred,
        [(ReportStatus.Referred, ReportAction.WithdrawReferral)] = ReportStatus.Referred,
        [(ReportStatus.Referred, ReportAction.ReceiveAllAnswers)] = ReportStatus.Answered,
        [(ReportStatus.Referred, ReportAction.ReturnToGroup)] = ReportStatus.InTriage,
        [(ReportStatus.Referred, ReportAction.Close)] = ReportStatus.Closed,
        [(ReportStatus.Referred, ReportAction.AddNote)] = ReportStatus.Referred,
        [(ReportStatus.Answered, ReportAction.RequestInformation)] = ReportStatus.NeedsInfo,
        [(ReportStatus.Answered, ReportAction.Refer)] = ReportStatus.Referred,
        [(ReportStatus.Answered, ReportAction.Close)] = ReportStatus.Closed,
        [(ReportStatus.Answered, ReportAction.Publish)] = ReportStatus.Answered,
        [(ReportStatus.Answered, ReportAction.AddNote)] = ReportStatus.Answered,
        [(ReportStatus.Closed, ReportAction.Reopen)] = ReportStatus.InTriage,
        [(ReportStatus.Closed, ReportAction.Publish)] = ReportStatus.Closed,
        [(ReportStatus.Closed, ReportAction.AddNote)] = ReportStatus.Closed,
    };

    /// <summary>Every action the report may take from <paramref name="status"/>, in a stable order.</summary>
    public static IReadOnlyList<ReportAction> AllowedActions(ReportStatus status) =>
        [.. Enum.GetValues<ReportAction>().Where(action => Transitions.ContainsKey((status, action)))];

    /// <summary>Whether <paramref name="action"/> may happen in <paramref name="status"/>, and where it leads.</summary>
    public static TransitionDecision Decide(ReportStatus status, ReportAction action, Resolution? resolution = null)
    {
        var allowed = AllowedActions(status);
        if (!Transitions.TryGetValue((status, action), out var to))
        {
            return new TransitionDecision(false, status, status, allowed,
                $"A report that is {Codes.Of(status)} cannot {Describe(action)}. Allowed: {string.Join(", ", allowed.Select(Codes.Of))}.");
        }

        if (action == ReportAction.Close)
        {
            if (resolution is null)
                return new TransitionDecision(false, status, status, allowed, "Closing needs a resolution.");
            if (status is not (ReportStatus.Answered or ReportStatus.Referred) && !EarlyResolutions.Contains(resolution.Value))
            {
                return new TransitionDecision(false, status, status, allowed,
                    $"A report that is {Codes.Of(status)} cannot be closed as {Codes.Of(resolution.Value)}: that needs an answer first. "
                    + $"Possible now: {string.Join(", ", EarlyResolutions.Select(Codes.Of))}.");
            }
        }

        return new TransitionDecision(true, status, to, allowed, null);
    }

    /// <summary>
    /// Where a report goes when one of its referrals ends without an answer (withdrawn by the group, declined by the
    /// party): nowhere while another is open; answered when the group withdrew it and another party has answered;
    /// back to the group otherwise (a party that says "not ours" hands the question back to the group).
    /// </summary>
    public static ReportAction? AfterReferralEnded(int stillOpen, int answered, bool declinedByParty) =>
        stillOpen > 0 ? null
        : answered > 0 && !declinedByParty ? ReportAction.ReceiveAllAnswers
        : ReportAction.ReturnToGroup;

    /// <summary>
    /// Whether a report waiting for the reporter may be closed: the question has gone unanswered for
    /// <paramref name="silenceDays"/> days (Lifecycle:CloseAfterSilenceDays). Before that, the group withdraws the question first.
    /// </summary>
    public static bool SilenceAllowsClosing(DateTimeOffset askedAt, DateTimeOffset now, int silenceDays) =>
        now - askedAt >= TimeSpan.FromDays(silenceDays);

    /// <summary>Whether the action changes the report's state (as opposed to happening within it).</summary>
    public static bool ChangesState(ReportAction action) => action is not (ReportAction.AddNote or ReportAction.Publish);

    private static string Describe(ReportAction action) => action switch
    {
        ReportAction.Triage => "be triaged",
        ReportAction.RequestInformation => "get a question to the reporter",
        ReportAction.WithdrawQuestion => "have a question to the reporter withdrawn",
        ReportAction.WithdrawReferral => "have a referral withdrawn",
        ReportAction.ReturnToGroup => "return to the steering group",
        ReportAction.Clarify => "take the reporter's clarification",
        ReportAction.Refer => "be referred to a party",
        ReportAction.ReceiveAllAnswers => "become answered",
        ReportAction.Close => "be closed",
        ReportAction.Reopen => "be reopened",
        ReportAction.Publish => "be published",
        _ => "take a note",
    };
}
