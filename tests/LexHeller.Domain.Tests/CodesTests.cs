using System.Globalization;

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

public sealed class CanonicalCodeTests
{
    [Theory]
    [InlineData("handover", "handover")]
    [InlineData("Handover", "handover")]
    [InlineData(" handover ", "handover")]
    [InlineData("HANDOVER\t", "handover")]
    [InlineData("\u00a0Social-Insurance\n", "social-insurance")]
    [InlineData("Nässjö", "nässjö")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void A_code_is_trimmed_and_lower_cased(string typed, string canonical) =>
        Assert.Equal(canonical, Codes.Canonical(typed));

    [Fact]
    public void Null_stays_null() => Assert.Null(Codes.Canonical(null));

    [Theory]
    [InlineData("handover")]
    [InlineData(" Handover ")]
    [InlineData("HANDOVER")]
    public void The_canonical_form_is_canonical_again(string typed) =>
        Assert.Equal(Codes.Canonical(typed), Codes.Canonical(Codes.Canonical(typed)));

    [Fact]
    public void Lower_casing_does_not_depend_on_the_current_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            // In Turkish, "I".ToLower() is a dotless ı: a code must not change with the server's culture.
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("tr-TR");
            Assert.Equal("information", Codes.Canonical("INFORMATION"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Every_enum_code_is_already_canonical()
    {
        foreach (var code in Codes.All<PartyKind>().Concat(Codes.All<ReportStatus>()).Concat(Codes.All<Resolution>()))
            Assert.Equal(code, Codes.Canonical(code));
    }
}
