namespace LexHeller.Domain.Tests.Lifecycle;

public sealed class ReportLifecycleTests
{
    /// <summary>The state machine of docs/domain.md#lifecycle, written out as the expected outcome of every (state, action) pair.</summary>
    private static readonly Dictionary<(ReportStatus, ReportAction), ReportStatus> Expected = new()
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

    public static TheoryData<ReportStatus, ReportAction> EveryPair() =>
        [.. from status in Enum.GetValues<ReportStatus>()
            from action in Enum.GetValues<ReportAction>()
            select new TheoryDataRow<ReportStatus, ReportAction>(status, action)];

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_state_and_action_pair_is_either_allowed_or_refused_with_the_allowed_actions(ReportStatus status, ReportAction action)
    {
        var resolution = status == ReportStatus.Answered ? Resolution.Answered : Resolution.ResolvedLocally;

        var decision = ReportLifecycle.Decide(status, action, action == ReportAction.Close ? resolution : null);

        var expectedActions = Enum.GetValues<ReportAction>().Where(a => Expected.ContainsKey((status, a))).ToList();
        Assert.Equal(expectedActions, decision.AllowedActions);
        if (Expected.TryGetValue((status, action), out var to))
        {
            Assert.True(decision.IsAllowed);
            Assert.Equal(to, decision.To);
            Assert.Null(decision.Refusal);
        }
        else
        {
            Assert.False(decision.IsAllowed);
            Assert.Equal(status, decision.To);
            Assert.Contains(Codes.Of(status), decision.Refusal, StringComparison.Ordinal);
            var refused = Assert.Throws<IllegalTransitionException>(decision.ThrowIfRefused);
            Assert.Same(decision, refused.Decision);
        }
    }

    [Fact]
    public void Every_state_has_a_way_on()
    {
        foreach (var status in Enum.GetValues<ReportStatus>())
            Assert.Contains(ReportLifecycle.AllowedActions(status), action => ReportLifecycle.ChangesState(action));
    }

    [Fact]
    public void A_report_waiting_for_the_reporter_or_for_a_party_can_always_be_closed_and_taken_back_to_the_group()
    {
        Assert.Equal([ReportStatus.NeedsInfo, ReportStatus.Referred], ReportLifecycle.WaitingStates.Order());
        foreach (var status in ReportLifecycle.WaitingStates)
        {
            Assert.Contains(ReportAction.Close, ReportLifecycle.AllowedActions(status));
            Assert.True(ReportLifecycle.Decide(status, ReportAction.Close, Resolution.NotActionable).IsAllowed);
        }

        Assert.Equal(ReportStatus.InTriage, ReportLifecycle.Decide(ReportStatus.NeedsInfo, ReportAction.WithdrawQuestion).To);
        Assert.Equal(ReportStatus.InTriage, ReportLifecycle.Decide(ReportStatus.Referred, ReportAction.ReturnToGroup).To);
    }

    [Fact]
    public void A_referred_report_closes_with_any_resolution()
    {
        foreach (var resolution in Enum.GetValues<Resolution>())
            Assert.True(ReportLifecycle.Decide(ReportStatus.Referred, ReportAction.Close, resolution).IsAllowed);

        Assert.False(ReportLifecycle.Decide(ReportStatus.Referred, ReportAction.Close).IsAllowed);
    }

    [Theory]
    [InlineData(2, 0, false, null)]
    [InlineData(1, 1, true, null)]
    [InlineData(0, 1, false, ReportAction.ReceiveAllAnswers)]
    [InlineData(0, 0, false, ReportAction.ReturnToGroup)]
    [InlineData(0, 1, true, ReportAction.ReturnToGroup)]
    [InlineData(0, 0, true, ReportAction.ReturnToGroup)]
    public void A_referral_that_ends_unanswered_moves_the_report_only_when_it_was_the_last_open_one(
        int stillOpen, int answered, bool declinedByParty, ReportAction? expected)
    {
        Assert.Equal(expected, ReportLifecycle.AfterReferralEnded(stillOpen, answered, declinedByParty));
    }

    [Theory]
    [InlineData(29, false)]
    [InlineData(30, true)]
    [InlineData(45, true)]
    public void A_question_to_the_reporter_allows_closing_once_it_has_gone_unanswered_for_the_configured_days(int daysSilent, bool allowed)
    {
        var asked = new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

        Assert.Equal(allowed, ReportLifecycle.SilenceAllowsClosing(asked, asked.AddDays(daysSilent), 30));
        Assert.False(ReportLifecycle.SilenceAllowsClosing(asked, asked.AddDays(30).AddSeconds(-1), 30));
    }

    [Theory]
    [InlineData(ReportStatus.Received)]
    [InlineData(ReportStatus.InTriage)]
    [InlineData(ReportStatus.NeedsInfo)]
    public void Before_an_answer_only_the_early_resolutions_close_a_report(ReportStatus status)
    {
        foreach (var resolution in Enum.GetValues<Resolution>())
        {
            var decision = ReportLifecycle.Decide(status, ReportAction.Close, resolution);
            Assert.Equal(ReportLifecycle.EarlyResolutions.Contains(resolution), decision.IsAllowed);
        }

        Assert.False(ReportLifecycle.Decide(status, ReportAction.Close, Resolution.Answered).IsAllowed);
        Assert.False(ReportLifecycle.Decide(status, ReportAction.Close, Resolution.StructuralFollowUp).IsAllowed);
    }

    [Fact]
    public void An_answered_report_closes_with_any_resolution_but_never_without_one()
    {
        foreach (var resolution in Enum.GetValues<Resolution>())
            Assert.True(ReportLifecycle.Decide(ReportStatus.Answered, ReportAction.Close, resolution).IsAllowed);

        Assert.False(ReportLifecycle.Decide(ReportStatus.Answered, ReportAction.Close).IsAllowed);
    }

    [Fact]
    public void The_happy_path_of_the_diagram_leads_from_received_to_closed_and_back()
    {
        var status = ReportStatus.Received;
        foreach (var action in new[] { ReportAction.Triage, ReportAction.Refer, ReportAction.Refer, ReportAction.ReceiveAllAnswers })
            status = ReportLifecycle.Decide(status, action).To;
        status = ReportLifecycle.Decide(status, ReportAction.Close, Resolution.Answered).To;
        Assert.Equal(ReportStatus.Closed, status);

        Assert.Equal(ReportStatus.InTriage, ReportLifecycle.Decide(status, ReportAction.Reopen).To);
    }
}
