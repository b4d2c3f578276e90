using LexHeller.Api.Features.AggregateAccess;

namespace LexHeller.Api.Features.Patterns;

/// <summary>One report behind a pattern, as triagers see it.</summary>
public sealed record PatternReport(Guid Id, string Reference, DateOnly EventDate, ReportStatus Status);

/// <summary>A report behind a pattern with the queue it is in, which decides who may see it.</summary>
public sealed record QueuedPatternReport(PatternReport Report, Guid? QueueId);

/// <summary>
/// Which reports count towards a pattern: the association's reports with an event date in the
/// window, under their category in force, naming at least one involved party kind, and not closed as
/// a duplicate (the surviving report counts) or as forwarded (the receiving association's copy counts).
/// </summary>
public static class PatternReports
{
    /// <summary>The filter shared by every pattern query; binds @AssociationId, @From and @To.</summary>
    public const string Counted = $"""
        r.association_id = @AssociationId
        AND r.event_date >= @From AND r.event_date <= @To
        AND {CountedReports.Condition}
        AND r.involved_party_kinds <> ''
        """;

    private const string OfOnePattern = $"""
        SELECT r.id, r.reference, r.event_date, r.status, r.queue_id
        FROM reports r
        WHERE {Counted}
          AND r.effective_category = @Category AND r.involved_party_kinds = @PartyKinds
        ORDER BY r.event_date, r.reference
        """;

    /// <summary>The reports of one (category, party kinds) pattern in <paramref name="window"/>, oldest event first.</summary>
    public static async Task<IReadOnlyList<QueuedPatternReport>> OfAsync(DbSession session, Guid associationId, string category, string partyKinds,
        DateSpan window, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<Row>(OfOnePattern, new
        {
            AssociationId = associationId,
            From = window.First,
            To = window.Last,
            Category = category,
            PartyKinds = partyKinds,
        }, cancellationToken);
        return [.. rows.Select(row => new QueuedPatternReport(row.ToReport(), row.QueueId))];
    }

    internal sealed class Row
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public string Status { get; init; } = "";
        public Guid? QueueId { get; init; }
        public string Category { get; init; } = "";
        public string PartyKinds { get; init; } = "";

        public PatternReport ToReport() => new(Id, Reference, EventDate, Codes.Parse<ReportStatus>(Status));
    }
}
