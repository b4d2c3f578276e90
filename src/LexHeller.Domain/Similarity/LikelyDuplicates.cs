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
/// <remarks>
/// Of the reports in the window under the same or a related category, only the
/// <see cref="NearestPerSide"/> filed closest before the report and the <see cref="NearestPerSide"/>
/// filed closest after it are compared. An association files hundreds of reports a year, of which a
/// same-or-related category takes at most a third, so the bound bites only above about 1,200 reports a
/// year (a third of them in one category group, 100 of them on one side of a report within 90 days); it
/// keeps the triage page fast when an association (or a benchmark) files a hundred times that — then
/// the window is in effect shorter than <see cref="Window"/>, and reports further away are not compared.
/// </remarks>
public static class LikelyDuplicates
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(90);

    /// <summary>
    /// How many reports of the same or a related category are compared on each side of the report in
    /// time (the nearest before it, the nearest after it; ties in time broken by id).
    /// </summary>
    public const int NearestPerSide = 100;

    public const int DefaultLimit = 10;

    public static IReadOnlyList<LikelyDuplicate> Find(ComparedReport report, IEnumerable<ComparedReport> others, int limit = DefaultLimit)
    {
        var profile = TextSimilarity.Profile(report.Text);
        var found = new List<(LikelyDuplicate Duplicate, TimeSpan Apart)>();
        foreach (var other in Nearest(report, others))
        {
            var apart = (other.CreatedAt - report.CreatedAt).Duration();
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

    /// <summary>
    /// The reports that are compared with <paramref name="report"/>: of the same association, within
    /// <see cref="Window"/>, under the same or a related category, and among the
    /// <see cref="NearestPerSide"/> nearest in time on their side (filed at or before it, or after it).
    /// </summary>
    public static IReadOnlyList<ComparedReport> Nearest(ComparedReport report, IEnumerable<ComparedReport> others)
    {
        var narrowed = others.Where(other => other.Id != report.Id && other.AssociationId == report.AssociationId
                && (other.CreatedAt - report.CreatedAt).Duration() <= Window
                && CategoryRelations.Match(report.Category, other.Category) is not null)
            .ToList();
        var before = narrowed.Where(other => other.CreatedAt <= report.CreatedAt)
            .OrderByDescending(other => other.CreatedAt).ThenByDescending(other => other.Id).Take(NearestPerSide);
        var after = narrowed.Where(other => other.CreatedAt > report.CreatedAt)
            .OrderBy(other => other.CreatedAt).ThenBy(other => other.Id).Take(NearestPerSide);
        return [.. before, .. after];
    }
}
