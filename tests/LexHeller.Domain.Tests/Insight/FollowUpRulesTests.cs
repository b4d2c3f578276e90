namespace LexHeller.Domain.Tests.Insight;

public sealed class FollowUpRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Done_needs_a_written_outcome(string? outcome) =>
        Assert.False(FollowUpRules.HasRequiredOutcome(FollowUpStatus.Done, outcome));

    [Fact]
    public void Done_with_an_outcome_is_allowed() =>
        Assert.True(FollowUpRules.HasRequiredOutcome(FollowUpStatus.Done, "Rutinen för överlämning är ändrad."));

    [Theory]
    [InlineData(FollowUpStatus.Open)]
    [InlineData(FollowUpStatus.InProgress)]
    public void Open_and_in_progress_need_no_outcome(FollowUpStatus status) =>
        Assert.True(FollowUpRules.HasRequiredOutcome(status, null));

    [Fact]
    public void Only_a_follow_up_that_is_not_done_takes_new_reports()
    {
        Assert.True(FollowUpRules.TakesReports(FollowUpStatus.Open));
        Assert.True(FollowUpRules.TakesReports(FollowUpStatus.InProgress));
        Assert.False(FollowUpRules.TakesReports(FollowUpStatus.Done));
    }

    [Fact]
    public void Statuses_travel_as_kebab_case_codes() =>
        Assert.Equal(["open", "in-progress", "done"], Enum.GetValues<FollowUpStatus>().Select(Codes.Of));
}
