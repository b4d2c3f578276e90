namespace LexHeller.Domain.Tests.Insight;

public sealed class PeriodsTests
{
    [Theory]
    [InlineData(Interval.Month, "2026-11")]
    [InlineData(Interval.Quarter, "2026-Q4")]
    [InlineData(Interval.Year, "2026")]
    public void A_date_belongs_to_its_month_quarter_and_year(Interval interval, string key) =>
        Assert.Equal(key, Periods.KeyOf(new DateOnly(2026, 11, 24), interval));

    [Theory]
    [InlineData(1, "2026-Q1")]
    [InlineData(3, "2026-Q1")]
    [InlineData(4, "2026-Q2")]
    [InlineData(9, "2026-Q3")]
    [InlineData(12, "2026-Q4")]
    public void A_month_rolls_up_into_its_quarter(int month, string quarter) =>
        Assert.Equal(quarter, Periods.KeyOf(new DateOnly(2026, month, 15), Interval.Quarter));

    [Fact]
    public void Every_month_between_from_and_to_is_listed_in_order_across_a_new_year() =>
        Assert.Equal(["2025-11", "2025-12", "2026-01", "2026-02"],
            Periods.Between(new DateOnly(2025, 11, 30), new DateOnly(2026, 2, 1), Interval.Month));

    [Fact]
    public void Quarters_and_years_are_listed_once_each_including_partly_covered_ones()
    {
        Assert.Equal(["2025-Q4", "2026-Q1", "2026-Q2"], Periods.Between(new DateOnly(2025, 12, 15), new DateOnly(2026, 4, 1), Interval.Quarter));
        Assert.Equal(["2024", "2025", "2026"], Periods.Between(new DateOnly(2024, 12, 31), new DateOnly(2026, 1, 1), Interval.Year));
    }

    [Fact]
    public void A_single_day_is_one_period() =>
        Assert.Equal(["2026-11"], Periods.Between(new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 24), Interval.Month));

    [Fact]
    public void A_period_that_ends_before_it_starts_is_refused() =>
        Assert.Throws<ArgumentException>(() => Periods.Between(new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 31), Interval.Month));
}
