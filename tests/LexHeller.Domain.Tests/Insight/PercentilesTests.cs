namespace LexHeller.Domain.Tests.Insight;

public sealed class PercentilesTests
{
    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_value_whatever_the_order() =>
        Assert.Equal(3, Percentiles.Median([9, 1, 3, 7, 2]));

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two() =>
        Assert.Equal(4.5, Percentiles.Median([1, 3, 6, 10]));

    [Fact]
    public void The_90th_percentile_interpolates_between_the_closest_ranks_as_excel_percentile_inc_does()
    {
        // PERCENTILE.INC({0;1;2;3;10}; 0.9) = 7.2: position 0.9 × 4 = 3.6, so 3 + 0.6 × (10 − 3).
        Assert.Equal(7.2, Percentiles.Percentile90([0, 1, 2, 3, 10]), precision: 10);
        // Ten values 1…10: position 8.1, so 9 + 0.1 × 1.
        Assert.Equal(9.1, Percentiles.Percentile90([.. Enumerable.Range(1, 10).Select(i => (double)i)]), precision: 10);
    }

    [Fact]
    public void One_value_is_every_percentile_of_itself()
    {
        Assert.Equal(4, Percentiles.Median([4]));
        Assert.Equal(4, Percentiles.Percentile90([4]));
    }

    [Fact]
    public void No_values_have_no_percentile() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Median([]));
}
