namespace LexHeller.Domain.Similarity;

/// <summary>Whether two reports' failure categories are the same or related.</summary>
public enum CategoryMatch
{
    Same,
    Related,
}

/// <summary>
/// Which failure categories of the taxonomy (docs/domain.md#taxonomy) describe neighbouring sides of one failure,
/// so that a report filed under one may well duplicate a report filed under the other. The relation
/// is symmetric and deliberately not transitive; a code it does not name (<c>other</c>, or a category
/// an administrator added) is related only to itself.
/// </summary>
public static class CategoryRelations
{
    /// <summary>The related pairs, each with why a reporter might file the same failure under either.</summary>
    public static IReadOnlyList<(string First, string Second, string Why)> Pairs { get; } =
    [
        ("catch-22", "conflicting-rules", "a catch-22 is usually two parties' rules or assessments that do not fit together"),
        ("catch-22", "responsibility-gap", "when each requirement waits for another party, nobody owns the question"),
        ("handover", "information", "a handover fails when documentation is missing or consent blocks the exchange"),
        ("unreachable", "participation", "a party that cannot be reached and one that does not take part look the same from outside"),
        ("organisational-change", "knowledge", "after reorganisation or turnover, new staff do not know the other parties' missions"),
        ("resources", "waiting-time", "long handling times are often capacity gaps seen from the other side"),
    ];

    private static readonly ILookup<string, string> Related = Pairs
        .SelectMany(pair => new[] { (pair.First, pair.Second), (First: pair.Second, Second: pair.First) })
        .ToLookup(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);

    /// <summary>
    /// The code itself and every code related to it: the categories a report of this one is compared
    /// with (<see cref="Match"/> is not null exactly for these), so that a store can narrow to them.
    /// </summary>
    public static IReadOnlyList<string> SameOrRelated(string code) => [code, .. Related[code].Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Same, related, or null when the categories have nothing to do with each other.</summary>
    public static CategoryMatch? Match(string first, string second) =>
        string.Equals(first, second, StringComparison.Ordinal) ? CategoryMatch.Same
        : Related[first].Contains(second, StringComparer.Ordinal) ? CategoryMatch.Related
        : null;
}
