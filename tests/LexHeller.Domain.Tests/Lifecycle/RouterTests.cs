namespace LexHeller.Domain.Tests.Lifecycle;

public sealed class RouterTests
{
    private static readonly Guid Nassjo = Guid.NewGuid();
    private static readonly Guid Aneby = Guid.NewGuid();
    private static readonly Guid Beredning = Guid.NewGuid();
    private static readonly Guid LsgNassjo = Guid.NewGuid();
    private static readonly Guid LsgAneby = Guid.NewGuid();
    private static readonly Guid Neighbour = Guid.NewGuid();

    private static readonly RoutingRule Default = Rule(queue: Beredning);
    private static readonly RoutingRule NassjoArea = Rule(area: Nassjo, queue: LsgNassjo);
    private static readonly RoutingRule AnebyArea = Rule(area: Aneby, queue: LsgAneby);
    private static readonly RoutingRule AnebyHealthcare = Rule(area: Aneby, kind: PartyKind.Region, forward: Neighbour);
    private static readonly RoutingRule[] Rules = [Default, NassjoArea, AnebyArea, AnebyHealthcare];

    [Fact]
    public void The_default_rule_takes_what_nothing_more_specific_claims() =>
        Assert.Same(Default, Router.Choose(Rules, Report(Guid.NewGuid(), PartyKind.Municipality)));

    [Fact]
    public void An_area_rule_beats_the_default() =>
        Assert.Same(NassjoArea, Router.Choose(Rules, Report(Nassjo, PartyKind.SocialInsurance)));

    [Fact]
    public void Area_and_party_kind_beat_area_alone() =>
        Assert.Same(AnebyHealthcare, Router.Choose(Rules, Report(Aneby, PartyKind.SocialInsurance, PartyKind.Region)));

    [Fact]
    public void A_rule_on_a_party_kind_matches_when_any_involved_party_is_of_that_kind() =>
        Assert.Same(AnebyArea, Router.Choose(Rules, Report(Aneby, PartyKind.SocialInsurance)));

    [Fact]
    public void Among_equally_specific_rules_the_lower_priority_number_wins()
    {
        var category = Rule(category: "catch-22", queue: Beredning, priority: 10);
        var area = Rule(area: Nassjo, queue: LsgNassjo, priority: 20);

        Assert.Same(category, Router.Choose([area, category], Report(Nassjo, PartyKind.Region)));
    }

    [Fact]
    public void Without_any_matching_rule_there_is_no_route() =>
        Assert.Null(Router.Choose([NassjoArea], Report(Aneby, PartyKind.Region)));

    private static RoutedReport Report(Guid area, params PartyKind[] kinds) => new(area, kinds.ToHashSet(), "catch-22");

    private static RoutingRule Rule(Guid? area = null, PartyKind? kind = null, string? category = null, Guid? queue = null, Guid? forward = null, int priority = 100) =>
        new(Guid.NewGuid(), area, kind, category, queue, forward, priority);
}
