namespace LexHeller.Domain.Tests.Reports;

public sealed class ReportReferenceTests
{
    [Theory]
    [InlineData(2026, 1, "LH-2026-00001")]
    [InlineData(2026, 42, "LH-2026-00042")]
    [InlineData(2027, 99_999, "LH-2027-99999")]
    public void References_have_the_form_LH_year_and_five_digits(int year, int sequence, string expected) =>
        Assert.Equal(expected, ReportReference.Create(year, sequence).ToString());

    [Theory]
    [InlineData(2026, 0)]
    [InlineData(2026, 100_000)]
    [InlineData(1999, 1)]
    public void Sequences_outside_the_five_digits_are_refused(int year, int sequence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportReference.Create(year, sequence));
}
