namespace LexHeller.Domain.Tests.Insight;

public sealed class PatternKeyTests
{
    [Fact]
    public void A_key_names_the_category_and_the_party_kinds_and_reads_back()
    {
        var key = PatternKey.Format("handover", "municipality,social-insurance");

        Assert.Equal("handover~municipality,social-insurance", key);
        Assert.True(PatternKey.TryParse(key, out var category, out var partyKinds));
        Assert.Equal("handover", category);
        Assert.Equal("municipality,social-insurance", partyKinds);
        Assert.Equal(key, Uri.EscapeDataString(key).Replace("%2C", ",", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("handover")]
    [InlineData("handover~")]
    [InlineData("~municipality")]
    [InlineData("Handover~municipality")]
    [InlineData("handover~social-insurance,municipality")]
    [InlineData("handover~municipality~region")]
    [InlineData("handover|municipality")]
    public void A_key_that_is_not_a_category_and_a_canonical_set_is_refused(string? key) =>
        Assert.False(PatternKey.TryParse(key, out _, out _));
}
