namespace LexHeller.Domain.Tests;

public sealed class CodesTests
{
    [Theory]
    [InlineData(PartyKind.SocialInsurance, "social-insurance")]
    [InlineData(PartyKind.EmploymentService, "employment-service")]
    [InlineData(PartyKind.Region, "region")]
    public void Enum_values_travel_as_kebab_case_codes(PartyKind kind, string code)
    {
        Assert.Equal(code, Codes.Of(kind));
        Assert.Equal(kind, Codes.Parse<PartyKind>(code));
    }

    [Fact]
    public void Every_status_code_parses_back_to_its_status()
    {
        foreach (var status in Enum.GetValues<ReportStatus>())
            Assert.Equal(status, Codes.Parse<ReportStatus>(Codes.Of(status)));
    }

    [Theory]
    [InlineData("SocialInsurance")]
    [InlineData("social_insurance")]
    [InlineData("")]
    public void Anything_but_the_exact_code_is_refused(string code) =>
        Assert.False(Codes.TryParse<PartyKind>(code, out _));
}
