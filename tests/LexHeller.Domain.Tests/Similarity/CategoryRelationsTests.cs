using LexHeller.Domain.Similarity;

namespace LexHeller.Domain.Tests.Similarity;

public sealed class CategoryRelationsTests
{
    /// <summary>The failure-category taxonomy of docs/domain.md#taxonomy.</summary>
    private static readonly string[] Taxonomy =
    [
        "conflicting-rules", "catch-22", "unreachable", "handover", "information", "responsibility-gap",
        "resources", "participation", "organisational-change", "knowledge", "waiting-time", "other",
    ];

    [Theory]
    [InlineData("catch-22", "conflicting-rules")]
    [InlineData("catch-22", "responsibility-gap")]
    [InlineData("handover", "information")]
    [InlineData("unreachable", "participation")]
    [InlineData("organisational-change", "knowledge")]
    [InlineData("resources", "waiting-time")]
    public void Neighbouring_categories_are_related_both_ways(string first, string second)
    {
        Assert.Equal(CategoryMatch.Related, CategoryRelations.Match(first, second));
        Assert.Equal(CategoryMatch.Related, CategoryRelations.Match(second, first));
    }

    [Fact]
    public void The_relation_is_symmetric_over_the_whole_taxonomy()
    {
        foreach (var first in Taxonomy)
        {
            foreach (var second in Taxonomy)
                Assert.Equal(CategoryRelations.Match(first, second), CategoryRelations.Match(second, first));
        }
    }

    [Fact]
    public void Every_category_is_the_same_as_itself_even_one_an_administrator_added()
    {
        foreach (var code in Taxonomy.Append("housing"))
            Assert.Equal(CategoryMatch.Same, CategoryRelations.Match(code, code));
    }

    [Fact]
    public void Relations_do_not_chain() =>
        Assert.Null(CategoryRelations.Match("conflicting-rules", "responsibility-gap"));

    [Fact]
    public void Other_is_related_to_nothing_but_itself() =>
        Assert.All(Taxonomy.Where(code => code != "other"), code => Assert.Null(CategoryRelations.Match("other", code)));

    [Fact]
    public void Every_related_code_is_a_taxonomy_code_and_every_pair_says_why() =>
        Assert.All(CategoryRelations.Pairs, pair =>
        {
            Assert.Contains(pair.First, Taxonomy);
            Assert.Contains(pair.Second, Taxonomy);
            Assert.NotEqual(pair.First, pair.Second);
            Assert.False(string.IsNullOrWhiteSpace(pair.Why));
        });
}
