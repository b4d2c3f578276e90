namespace LexHeller.Domain.Lifecycle;

/// <summary>
/// A routing rule (data, never code): which reports of an association go to which queue, or are
/// forwarded to another association. An empty criterion matches anything.
/// </summary>
public sealed record RoutingRule(
    Guid Id,
    Guid? AreaId,
    PartyKind? PartyKind,
    string? Category,
    Guid? QueueId,
    Guid? ForwardToAssociationId,
    int Priority)
{
    /// <summary>How many criteria the rule names: the more, the more specific.</summary>
    public int Specificity => (AreaId is null ? 0 : 1) + (PartyKind is null ? 0 : 1) + (Category is null ? 0 : 1);

    public bool Matches(RoutedReport report) =>
        (AreaId is null || AreaId == report.AreaId)
        && (PartyKind is null || report.InvolvedPartyKinds.Contains(PartyKind.Value))
        && (Category is null || Category == report.Category);
}

/// <summary>What routing looks at: the area, the kinds of the involved parties and the category.</summary>
public sealed record RoutedReport(Guid AreaId, IReadOnlySet<PartyKind> InvolvedPartyKinds, string Category);

public static class Router
{
    /// <summary>
    /// The rule that decides: the most specific match, then the lowest priority number, then the
    /// lowest id (so the choice never depends on storage order). Null when nothing matches.
    /// </summary>
    public static RoutingRule? Choose(IEnumerable<RoutingRule> rules, RoutedReport report) =>
        rules.Where(rule => rule.Matches(report))
            .OrderByDescending(rule => rule.Specificity)
            .ThenBy(rule => rule.Priority)
            .ThenBy(rule => rule.Id)
            .FirstOrDefault();
}
