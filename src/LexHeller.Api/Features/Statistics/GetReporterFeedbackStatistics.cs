using LexHeller.Api.Features.AggregateAccess;
using LexHeller.Api.Features.Receipts;

namespace LexHeller.Api.Features.Statistics;

/// <summary>
/// Whether it helped, as the reporters said (issue 20, point 5): over the closed reports of the filter, how the reporter
/// answered "Ledde svaret till en förbättring?" for the report's current closure, per category and per party the report
/// was referred to (a report referred to two parties counts under both). Each line is the closed reports split into
/// yes, partly, no, don't know and not answered, with the closed reports as its total; the line is protected as the
/// other statistics' lines are (<see cref="TableSuppression.ProtectLine"/>: a small count, and whatever would give it
/// away, is withheld). The share helped is (yes + partly) / (yes + partly + no): "don't know" and no answer are not
/// judged. It is withheld when any of the three counts it is made of is.
/// </summary>
public static class GetReporterFeedbackStatistics
{
    public sealed record Query(string? AssociationCode, string? AreaCode, DateOnly? From, DateOnly? To) : IQuery<Response>, IStatisticsFilter;

    /// <summary>One line: a category (<c>key</c> its code) or a party (<c>key</c> its id), and the closed reports' answers.</summary>
    public sealed record Line(string Key, string Label, CountCell Closed, CountCell Yes, CountCell Partly, CountCell No, CountCell Unknown,
        CountCell NotAnswered, double? ShareHelped, bool Suppressed);

    public sealed record Response(FilterEcho Filter, IReadOnlyList<Line> Categories, IReadOnlyList<Line> Parties) : IStatisticsResponse;

    public sealed class Validator(TimeProvider time) : StatisticsFilterValidator<Query>(time);

    public const string ByCategory = $"""
        SELECT COALESCE(r.category, r.suggested_category) AS line_key, b.helped, COUNT(*) AS count
        FROM reports r
        LEFT JOIN reporter_feedback b ON b.report_id = r.id AND b.closed_at = r.closed_at
        WHERE {ResolvedFilter.Condition}
          AND r.status = 'closed'
        GROUP BY COALESCE(r.category, r.suggested_category), b.helped
        """;

    // The association's parties against its closed reports, each pair only when the party was asked to answer the report.
    public const string ByParty = $"""
        SELECT p.id AS party_id, p.name AS label, b.helped, COUNT(*) AS count
        FROM reports r
        JOIN parties p ON p.association_id = r.association_id
        LEFT JOIN reporter_feedback b ON b.report_id = r.id AND b.closed_at = r.closed_at
        WHERE {ResolvedFilter.Condition}
          AND r.status = 'closed'
          AND EXISTS (SELECT 1 FROM referrals f WHERE f.report_id = r.id AND f.party_id = p.id)
        GROUP BY p.id, p.name, b.helped
        """;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var filter = await ResolvedFilter.ResolveAsync(session, callerContext.Caller, query, time, cancellationToken);
            var byCategory = (await session.QueryAsync<Row>(ByCategory, filter.Arguments, cancellationToken)).ToList();
            var byParty = (await session.QueryAsync<PartyRow>(ByParty, filter.Arguments, cancellationToken)).ToList();
            var categories = await StatisticsCategories.ListAsync(session, filter.Scope.AssociationId,
                byCategory.Select(row => row.LineKey).ToHashSet(StringComparer.Ordinal), cancellationToken);

            var threshold = filter.Threshold;
            return new Response(
                filter.Echo,
                [.. categories.Select(category => Measure(category.Code, category.Label, byCategory.Where(row => row.LineKey == category.Code), threshold))],
                [.. byParty.GroupBy(row => (row.PartyId, row.Label)).OrderBy(party => party.Key.Label, StringComparer.Create(Swedish.Culture, false))
                    .Select(party => Measure(party.Key.PartyId.ToString(), party.Key.Label, party.Select(row => new Row { Helped = row.Helped, Count = row.Count }), threshold))]);
        }
    }

    /// <summary>One line, protected: yes, partly, no, don't know, not answered, and the closed reports as their total.</summary>
    public static Line Measure(string key, string label, IEnumerable<Row> rows, int threshold)
    {
        var counts = new int[5];
        foreach (var row in rows)
            counts[IndexOf(row.Helped)] += row.Count;
        var withheld = TableSuppression.ProtectLine(counts, threshold);
        var cells = counts.Select((count, index) => StatisticsSuppression.Cell(count, withheld[index])).ToArray();
        var closed = StatisticsSuppression.Cell(counts.Sum(), withheld[^1]);
        int yes = counts[0], partly = counts[1], no = counts[2];
        var suppressed = cells[0].Suppressed || cells[1].Suppressed || cells[2].Suppressed;
        double? share = suppressed || yes + partly + no == 0 ? null : Math.Round((double)(yes + partly) / (yes + partly + no), 3);
        return new Line(key, label, closed, cells[0], cells[1], cells[2], cells[3], cells[4], share, suppressed);
    }

    private static int IndexOf(string? helped) => helped is null ? 4 : Codes.Parse<ReporterHelped>(helped) switch
    {
        ReporterHelped.Yes => 0,
        ReporterHelped.Partly => 1,
        ReporterHelped.No => 2,
        _ => 3,
    };

    public static RouteHandlerBuilder Map(RouteGroupBuilder statistics) =>
        statistics.MapGet("/reporter-feedback", Endpoint)
            .WithName("GetReporterFeedbackStatistics")
            .WithSummary("Whether it helped, as the reporters said: per category and per party")
            .WithDescription("Over the closed reports of the filter: the reporters' answers to \"Ledde svaret till en förbättring?\" for the "
                + "current closure (yes, partly, no, unknown = don't know, notAnswered), per category and per party the report was referred to "
                + "(a report referred to two parties counts under both); closed is each line's total. shareHelped = (yes + partly) / "
                + "(yes + partly + no), null when withheld or when nobody judged. "
                + StatisticsEndpoints.Filters + StatisticsEndpoints.Suppression);

    public static async Task<Ok<Response>> Endpoint(string? associationCode, string? areaCode, DateOnly? from, DateOnly? to,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(associationCode, areaCode, from, to), cancellationToken));

    public sealed class Row
    {
        public string LineKey { get; init; } = "";
        public string? Helped { get; init; }
        public int Count { get; init; }
    }

    private sealed class PartyRow
    {
        public Guid PartyId { get; init; }
        public string Label { get; init; } = "";
        public string? Helped { get; init; }
        public int Count { get; init; }
    }
}
