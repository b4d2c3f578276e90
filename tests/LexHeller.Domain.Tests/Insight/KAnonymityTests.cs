namespace LexHeller.Domain.Tests.Insight;

public sealed class KAnonymityTests
{
    [Theory]
    [InlineData(DatePrecision.Day, "2026-02-28")]
    [InlineData(DatePrecision.Month, "2026-02")]
    [InlineData(DatePrecision.Quarter, "2026-Q1")]
    [InlineData(DatePrecision.Year, "2026")]
    public void A_date_is_given_to_the_levels_precision(DatePrecision dates, string expected)
    {
        Assert.Equal(expected, new Generalisation(dates, false).Date(new DateOnly(2026, 2, 28)));
        Assert.Null(new Generalisation(dates, false).Date((DateOnly?)null));
    }

    [Theory]
    [InlineData(DatePrecision.Day, 0, "0")]
    [InlineData(DatePrecision.Day, 47, "47")]
    [InlineData(DatePrecision.Month, 0, "0-29")]
    [InlineData(DatePrecision.Month, 47, "30-59")]
    [InlineData(DatePrecision.Quarter, 47, "0-89")]
    [InlineData(DatePrecision.Quarter, 90, "90-179")]
    [InlineData(DatePrecision.Year, 400, "365-729")]
    public void Days_between_dates_are_exact_to_the_day_and_in_bands_beside_coarser_dates(DatePrecision dates, int days, string expected)
    {
        Assert.Equal(expected, new Generalisation(dates, true).Days(days));
        Assert.Null(new Generalisation(dates, true).Days(null));
    }

    [Fact]
    public void The_levels_run_from_day_and_area_to_year_and_the_whole_association()
    {
        Assert.Equal(
            [(DatePrecision.Day, false), (DatePrecision.Day, true), (DatePrecision.Month, false), (DatePrecision.Month, true),
             (DatePrecision.Quarter, false), (DatePrecision.Quarter, true), (DatePrecision.Year, false), (DatePrecision.Year, true)],
            Generalisation.FinestFirst.Select(level => (level.Dates, level.WholeAssociation)));
    }

    [Fact]
    public void The_finest_level_that_leaves_out_at_most_five_percent_is_chosen_and_its_left_out_rows_counted()
    {
        // Day and area: 10 rows alone of 100; day, association: 4 of 100 (within 5 %); coarser: none.
        IEnumerable<int> Sizes(Generalisation level) => level switch
        {
            { Dates: DatePrecision.Day, WholeAssociation: false } => [.. Enumerable.Repeat(1, 10), 90],
            { Dates: DatePrecision.Day } => [2, 2, 96],
            _ => [100],
        };

        Assert.Equal((new Generalisation(DatePrecision.Day, true), 4), KAnonymity.Choose(Sizes, 3));
    }

    [Fact]
    public void When_every_level_leaves_out_too_many_the_one_leaving_out_fewest_is_chosen_the_finer_of_equals()
    {
        IEnumerable<int> Sizes(Generalisation level) => level.Dates switch
        {
            DatePrecision.Day => [1, 1, 1, 1, 1],
            DatePrecision.Month => [2, 3],
            _ => [2, 3],
        };

        Assert.Equal((new Generalisation(DatePrecision.Month, false), 2), KAnonymity.Choose(Sizes, 3));
    }

    [Fact]
    public void With_k_of_one_nothing_is_left_out_and_days_stay()
    {
        Assert.Equal((new Generalisation(DatePrecision.Day, false), 0), KAnonymity.Choose(_ => [1, 1, 1], 1));
    }

    [Theory]
    [InlineData(DatePrecision.Day)]
    [InlineData(DatePrecision.Month)]
    [InlineData(DatePrecision.Quarter)]
    [InlineData(DatePrecision.Year)]
    public void Periods_and_bands_are_equal_exactly_when_the_texts_the_file_shows_are(DatePrecision dates)
    {
        var level = new Generalisation(dates, false);
        var days = Enumerable.Range(0, 3 * 366).Select(offset => new DateOnly(2023, 11, 1).AddDays(offset)).ToList();
        foreach (var (first, second) in days.Zip(days.Skip(1)).Concat(days.Zip(days.Skip(45))).Concat(days.Zip(days.Skip(100))))
            Assert.Equal(level.Date(first) == level.Date(second), level.Period(first) == level.Period(second));

        var spans = Enumerable.Range(-5, 1200).ToList();
        foreach (var (first, second) in spans.Zip(spans.Skip(1)).Concat(spans.Zip(spans.Skip(29))).Concat(spans.Zip(spans.Skip(364))))
            Assert.Equal(level.Days(first) == level.Days(second), level.BandStart(first) == level.BandStart(second));
        Assert.Null(level.Period((DateOnly?)null));
        Assert.Null(level.BandStart(null));
    }
}
