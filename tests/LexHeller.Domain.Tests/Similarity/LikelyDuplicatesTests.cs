using LexHeller.Domain.Similarity;

namespace LexHeller.Domain.Tests.Similarity;

public sealed class LikelyDuplicatesTests
{
    private static readonly Guid Hoglandet = Guid.NewGuid();
    private static readonly Guid Neighbour = Guid.NewGuid();
    private static readonly DateTimeOffset Filed = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly string IntygText = TextSimilarityTests.FixtureTexts()[0];

    private static readonly ComparedReport Report = Compared("conflicting-rules", [PartyKind.Region, PartyKind.SocialInsurance],
        TextSimilarityTests.NearDuplicateOfFirstFixture);

    [Fact]
    public void The_retold_report_ranks_first_with_its_reasons()
    {
        var retold = Compared("conflicting-rules", [PartyKind.SocialInsurance, PartyKind.Region], IntygText);
        var sameCategoryOtherStory = Compared("conflicting-rules", [PartyKind.SocialInsurance], TextSimilarityTests.FixtureTexts()[8]);

        var found = LikelyDuplicates.Find(Report, [sameCategoryOtherStory, retold]);

        Assert.Equal([retold.Id, sameCategoryOtherStory.Id], found.Select(duplicate => duplicate.Id));
        Assert.Equal(CategoryMatch.Same, found[0].Category);
        Assert.Equal([PartyKind.Region, PartyKind.SocialInsurance], found[0].SharedPartyKinds);
        Assert.Equal([PartyKind.SocialInsurance], found[1].SharedPartyKinds);
        Assert.True(found[0].Score > found[1].Score);
    }

    [Fact]
    public void A_related_category_counts_and_says_so()
    {
        var catch22 = Compared("catch-22", [PartyKind.SocialInsurance], IntygText);

        var found = Assert.Single(LikelyDuplicates.Find(Report, [catch22]));

        Assert.Equal(CategoryMatch.Related, found.Category);
    }

    [Fact]
    public void Reports_that_only_read_alike_are_left_out()
    {
        ComparedReport[] others =
        [
            Report,
            Compared("waiting-time", [PartyKind.SocialInsurance], IntygText),
            Compared("conflicting-rules", [PartyKind.EmploymentService, PartyKind.Municipality], IntygText),
            Compared("conflicting-rules", [PartyKind.Region], IntygText) with { AssociationId = Neighbour },
        ];

        Assert.Empty(LikelyDuplicates.Find(Report, others));
    }

    [Fact]
    public void The_window_is_ninety_days_either_side()
    {
        var edgeBefore = Compared("conflicting-rules", [PartyKind.Region], IntygText) with { CreatedAt = Filed - LikelyDuplicates.Window };
        var edgeAfter = Compared("conflicting-rules", [PartyKind.Region], IntygText) with { CreatedAt = Filed + LikelyDuplicates.Window };
        var tooEarly = edgeBefore with { Id = Guid.NewGuid(), CreatedAt = edgeBefore.CreatedAt.AddSeconds(-1) };
        var tooLate = edgeAfter with { Id = Guid.NewGuid(), CreatedAt = edgeAfter.CreatedAt.AddSeconds(1) };

        var found = LikelyDuplicates.Find(Report, [tooEarly, edgeBefore, edgeAfter, tooLate]);

        Assert.Equal(TimeSpan.FromDays(90), LikelyDuplicates.Window);
        Assert.Equal(new[] { edgeBefore.Id, edgeAfter.Id }.Order(), found.Select(duplicate => duplicate.Id).Order());
    }

    [Fact]
    public void Equally_alike_reports_rank_by_closeness_in_time_and_the_limit_holds()
    {
        var others = Enumerable.Range(1, 15)
            .Select(days => Compared("conflicting-rules", [PartyKind.Region], IntygText) with { CreatedAt = Filed.AddDays(-days) })
            .Reverse()
            .ToList();

        var found = LikelyDuplicates.Find(Report, others);

        Assert.Equal(LikelyDuplicates.DefaultLimit, found.Count);
        Assert.Equal(others.AsEnumerable().Reverse().Take(10).Select(other => other.Id), found.Select(duplicate => duplicate.Id));
    }

    [Fact]
    public void Only_the_nearest_of_the_same_or_a_related_category_on_each_side_are_compared()
    {
        // More candidates than the bound on both sides, each a minute further away; a nearer report of
        // an unrelated category takes no place, and a report filed at the same time counts as before.
        var count = LikelyDuplicates.NearestPerSide + 5;
        var earlier = Enumerable.Range(0, count)
            .Select(minutes => Compared(minutes % 2 == 0 ? "conflicting-rules" : "catch-22", [PartyKind.Region], IntygText) with { CreatedAt = Filed.AddMinutes(-minutes) })
            .ToList();
        var later = Enumerable.Range(1, count)
            .Select(minutes => Compared("conflicting-rules", [PartyKind.Region], IntygText) with { CreatedAt = Filed.AddMinutes(minutes) })
            .ToList();
        var unrelated = Compared("waiting-time", [PartyKind.Region], IntygText) with { CreatedAt = Filed.AddSeconds(-1) };
        ComparedReport[] others = [.. later, unrelated, .. earlier];

        var compared = LikelyDuplicates.Nearest(Report, others);
        var found = LikelyDuplicates.Find(Report, others, limit: int.MaxValue);

        var nearest = earlier.Take(LikelyDuplicates.NearestPerSide).Concat(later.Take(LikelyDuplicates.NearestPerSide)).Select(other => other.Id).Order();
        Assert.Equal(nearest, compared.Select(other => other.Id).Order());
        Assert.Equal(nearest, found.Select(duplicate => duplicate.Id).Order());
        Assert.True(LikelyDuplicates.NearestPerSide >= 100, "The bound must not bite at a real association's volume (hundreds of reports a year, at most a third in one category group).");
    }

    [Fact]
    public void The_categories_compared_are_the_same_and_the_related_ones()
    {
        Assert.Equal(["catch-22", "conflicting-rules", "responsibility-gap"], CategoryRelations.SameOrRelated("catch-22"));
        Assert.Equal(["other"], CategoryRelations.SameOrRelated("other"));
        foreach (var code in CategoryRelations.Pairs.SelectMany(pair => new[] { pair.First, pair.Second }).Append("other"))
            Assert.All(CategoryRelations.SameOrRelated(code), related => Assert.NotNull(CategoryRelations.Match(code, related)));
    }

    private static ComparedReport Compared(string category, PartyKind[] kinds, string text) =>
        new(Guid.NewGuid(), Hoglandet, Filed, category, kinds.ToHashSet(), text);
}
