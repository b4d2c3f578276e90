namespace LexHeller.Domain.Tests.Insight;

public sealed class SmallCountsTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(4, 5)]
    public void A_count_above_zero_and_below_the_threshold_is_suppressed(int count, int threshold)
    {
        Assert.True(SmallCounts.IsSuppressed(count, threshold));
        Assert.Null(SmallCounts.Shown(count, threshold));
        Assert.Equal(SmallCounts.WithheldText, SmallCounts.CsvText(count, threshold));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 3)]
    [InlineData(1234, 3)]
    [InlineData(1, 1)]
    public void Zero_and_counts_at_or_above_the_threshold_are_shown(int count, int threshold)
    {
        Assert.False(SmallCounts.IsSuppressed(count, threshold));
        Assert.Equal(count, SmallCounts.Shown(count, threshold));
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), SmallCounts.CsvText(count, threshold));
    }
}
