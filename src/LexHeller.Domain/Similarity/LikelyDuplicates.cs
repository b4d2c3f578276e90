using LexHeller.Domain.Reports;

namespace LexHeller.Domain.Similarity;

/// <summary>
/// What duplicate detection looks at in a report: its category (the confirmed one, else the
/// suggested), the kinds of its involved parties, and its text (description and consequence).
/// </summary>
public sealed record ComparedReport(
    Guid Id,
    Guid AssociationId,
    DateTimeOffset CreatedAt,
    string Category,
    IReadOnlySet<PartyKind> InvolvedPartyKinds,
    string Text);

/// <summary>A report that may describe the same failure, with how alike it is and why it was considered.</summary>
public sealed record LikelyDuplicate(Guid Id, double Score, CategoryMatch Category, IReadOnlyList<PartyKind> SharedPartyKinds);

/// <summary>
/// Finds the reports that may describe the same failure as another: filed in the same association
/// within <see cref="Window"/> of it, naming at least one involved party of the same kind, under the
/// same or a related category (<see cref="CategoryRelations"/>). They are ranked by how alike their
/// texts are (<see cref="TextSimilarity"/>), then by closeness in time.
/// </summary>
public static class LikelyDuplicates
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(90);

    public const int DefaultLimit = 10;

    public static IReadOnlyList<LikelyDuplicate> Find(ComparedReport report, IEnumerable<ComparedReport> others, int limit = DefaultLimit)
    {
        var profile = TextSimilarity.Profile(report.Text);
        var found = new List<(LikelyDuplicate Duplicate, TimeSpan Apart)>();
        foreach (var other in others)
        {
            var apart = (other.CreatedAt - report.CreatedAt).Duration();
            if (other.Id == report.Id || other.AssociationId != report.AssociationId || apart > Window)
                continue;
            if (CategoryRelations.Match(report.Category, other.Category) is not { } category)
                continue;

            var shared = Enum.GetValues<PartyKind>()
                .Where(kind => report.InvolvedPartyKinds.Contains(kind) && other.InvolvedPartyKinds.Contains(kind))
                .ToList();
            if (shared.Count == 0)
                continue;

            var score = profile.Similarity(TextSimilarity.Profile(other.Text));
            found.Add((new LikelyDuplicate(other.Id, score, category, shared), apart));
        }

        return [.. found
            .OrderByDescending(candidate => candidate.Duplicate.Score)
            .ThenBy(candidate => candidate.Apart)
            .ThenBy(candidate => candidate.Duplicate.Id)
            .Take(limit)
            .Select(candidate => candidate.Duplicate)];
    }
}
