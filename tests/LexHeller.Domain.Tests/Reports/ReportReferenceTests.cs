namespace LexHeller.Domain.Tests.Reports;

public sealed class ReportReferenceTests
{
    [Theory]
    [InlineData("LH", 2026, 1, "LH-2026-00001")]
    [InlineData("LH", 2026, 42, "LH-2026-00042")]
    [InlineData("HL", 2027, 99_999, "HL-2027-99999")]
    [InlineData("SFH2", 2026, 7, "SFH2-2026-00007")]
    [InlineData("ABCDEF", 2026, 100, "ABCDEF-2026-00100")]
    public void References_have_the_form_prefix_year_and_five_digits(string prefix, int year, int sequence, string expected) =>
        Assert.Equal(expected, ReportReference.Create(prefix, year, sequence).ToString());

    [Theory]
    [InlineData(2026, 0)]
    [InlineData(2026, 100_000)]
    [InlineData(1999, 1)]
    [InlineData(10_000, 1)]
    public void Sequences_outside_the_five_digits_and_years_outside_four_are_refused(int year, int sequence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportReference.Create("LH", year, sequence));

    [Theory]
    [InlineData("L")]
    [InlineData("ABCDEFG")]
    [InlineData("lh")]
    [InlineData("LH-")]
    [InlineData("LÖ")]
    [InlineData(" LH")]
    [InlineData("LH\n")]
    [InlineData("")]
    [InlineData("811218")]
    public void A_prefix_that_is_not_two_to_six_capital_letters_or_digits_is_refused(string prefix)
    {
        Assert.False(ReportReference.IsValidPrefix(prefix));
        Assert.Throws<ArgumentException>(() => ReportReference.Create(prefix, 2026, 1));
    }
}
