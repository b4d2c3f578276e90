namespace LexHeller.Domain.Tests.Insight;

public sealed class PatternWindowTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void The_current_window_ends_today_and_holds_exactly_its_number_of_days()
    {
        var window = new PatternWindow(Today, 180);

        Assert.Equal(new DateOnly(2026, 5, 29), window.Current.First);
        Assert.Equal(Today, window.Current.Last);
        Assert.Equal(180, window.Current.Last.DayNumber - window.Current.First.DayNumber + 1);
        Assert.True(window.Current.Contains(window.Current.First));
        Assert.False(window.Current.Contains(window.Current.First.AddDays(-1)));
        Assert.False(window.Current.Contains(Today.AddDays(1)));
    }

    [Fact]
    public void The_previous_window_is_as_long_and_ends_the_day_before_the_current_one_begins()
    {
        var window = new PatternWindow(Today, 7);

        Assert.Equal(new DateOnly(2026, 11, 18), window.Current.First);
        Assert.Equal(new DateOnly(2026, 11, 17), window.Previous.Last);
        Assert.Equal(new DateOnly(2026, 11, 11), window.Previous.First);
    }

    [Fact]
    public void A_one_day_window_is_today_alone()
    {
        var window = new PatternWindow(Today, 1);

        Assert.Equal(new DateSpan(Today, Today), window.Current);
        Assert.Equal(new DateSpan(Today.AddDays(-1), Today.AddDays(-1)), window.Previous);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(731)]
    public void A_window_outside_one_to_730_days_is_refused(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatternWindow(Today, days));

    [Theory]
    [InlineData(4, 3, PatternTrend.Rising)]
    [InlineData(3, 4, PatternTrend.Falling)]
    [InlineData(3, 3, PatternTrend.Steady)]
    [InlineData(3, 0, PatternTrend.Rising)]
    public void The_trend_compares_the_current_count_with_the_previous_one(int current, int previous, PatternTrend expected) =>
        Assert.Equal(expected, PatternWindow.TrendOf(current, previous));

    [Fact]
    public void A_pattern_never_detected_is_new() =>
        Assert.True(new PatternWindow(Today, 180).IsNew(null));

    [Fact]
    public void A_pattern_detected_within_the_window_before_is_not_new()
    {
        var window = new PatternWindow(Today, 180);

        Assert.False(window.IsNew(Today));
        Assert.False(window.IsNew(Today.AddDays(-1)));
        Assert.False(window.IsNew(Today.AddDays(-180)));
    }

    [Fact]
    public void A_pattern_last_detected_more_than_a_window_ago_is_new_again() =>
        Assert.True(new PatternWindow(Today, 180).IsNew(Today.AddDays(-181)));
}
