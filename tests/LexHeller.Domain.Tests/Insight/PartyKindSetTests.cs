namespace LexHeller.Domain.Tests.Insight;

public sealed class PartyKindSetTests
{
    [Fact]
    public void The_key_lists_each_kind_once_in_a_fixed_order_whatever_the_parties_order()
    {
        var key = PartyKindSet.KeyOf([PartyKind.SocialInsurance, PartyKind.Municipality, PartyKind.SocialInsurance]);

        Assert.Equal("municipality,social-insurance", key);
        Assert.Equal(key, PartyKindSet.KeyOf([PartyKind.Municipality, PartyKind.SocialInsurance]));
    }

    [Fact]
    public void A_key_reads_back_into_its_kinds()
    {
        Assert.True(PartyKindSet.TryParse("region,employment-service", out var kinds));
        Assert.Equal([PartyKind.Region, PartyKind.EmploymentService], kinds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("county")]
    [InlineData("region,region")]
    [InlineData("employment-service,region")]
    [InlineData("region, municipality")]
    public void A_key_that_is_not_canonical_is_refused(string key) =>
        Assert.False(PartyKindSet.TryParse(key, out _));
}
