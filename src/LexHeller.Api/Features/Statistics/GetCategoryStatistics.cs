using Dapper;
using FluentValidation;
using LexHeller.Api.Data;
using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Domain;
using LexHeller.Domain.Insight;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LexHeller.Api.Features.Statistics;

/// <summary>
/// Reports per category (the category in force) and period of event dates. The database counts per
/// category and month in one GROUP BY over ix_reports_insight; quarters and years are summed up from
/// the months here. Every period of the filter is listed, empty ones with zero.
/// </summary>
public static class GetCategoryStatistics
{
    public sealed record Query(string? AssociationCode, string? AreaCode, DateOnly? From, DateOnly? To, string? Interval)
        : IQuery<Response>, IStatisticsFilter;

    public sealed record CategoryRow(string Code, string Label, IReadOnlyList<CountCell> Counts, CountCell Total);

    /// <summary><c>counts</c> of each category and <c>totals</c> follow <c>periods</c>, one per period.</summary>
    public sealed record Response(
        FilterEcho Filter,
        Interval Interval,
        IReadOnlyList<string> Periods,
        IReadOnlyList<CategoryRow> Categories,
        IReadOnlyList<CountCell> Totals,
        CountCell Total);

    public sealed class Validator : StatisticsFilterValidator<Query>
    {
        public Validator(TimeProvider time) : base(time) =>
            RuleFor(query => query.Interval).Must(interval => interval is null || Codes.TryParse<Interval>(interval, out _))
                .WithMessage($"interval must be one of: {string.Join(", ", Codes.All<Interval>())}.");
    }

    /// <summary>The month key stands as <c>r.event_month</c>, a name T-SQL parses, and is swapped for the dialect's expression.</summary>
    public const string EventMonth = "r.event_month";

    public const string CountsByCategoryAndMonth = """
        SELECT r.effective_category AS category, r.event_month AS month, COUNT(*) AS count
        FROM reports r
        WHERE r.association_id = @AssociationId
          AND r.event_date >= @From AND r.event_date <= @To
          AND (@AreaId IS NULL OR r.area_id = @AreaId)
          AND (r.resolution IS NULL OR r.resolution NOT IN ('duplicate', 'forwarded'))
        GROUP BY r.effective_category, r.event_month
        """;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var filter = await ResolvedFilter.ResolveAsync(session, callerContext.Caller, query, time, cancellationToken);
            var interval = query.Interval is null ? Interval.Month : Codes.Parse<Interval>(query.Interval);
            var connection = await session.ConnectionAsync(cancellationToken);
            var sql = CountsByCategoryAndMonth.Replace(EventMonth, session.Dialect.MonthOf("r.event_date"), StringComparison.Ordinal);
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, filter.Arguments, session.Transaction, cancellationToken: cancellationToken));

            var counts = new Dictionary<(string Category, string Period), int>();
            foreach (var row in rows)
            {
                var key = (row.Category, Domain.Insight.Periods.KeyOfMonth(row.Month, interval));
                counts[key] = counts.GetValueOrDefault(key) + row.Count;
            }

            var periods = Domain.Insight.Periods.Between(filter.From, filter.To, interval);
            var categories = await StatisticsCategories.ListAsync(session, counts.Keys.Select(key => key.Category).ToHashSet(), cancellationToken);
            var threshold = filter.Threshold;
            return new Response(
                filter.Echo,
                interval,
                periods,
                [.. categories.Select(category => new CategoryRow(category.Code, category.Label,
                    [.. periods.Select(period => CountCell.Of(counts.GetValueOrDefault((category.Code, period)), threshold))],
                    CountCell.Of(periods.Sum(period => counts.GetValueOrDefault((category.Code, period))), threshold)))],
                [.. periods.Select(period => CountCell.Of(counts.Where(pair => pair.Key.Period == period).Sum(pair => pair.Value), threshold))],
                CountCell.Of(counts.Values.Sum(), threshold));
        }
    }

    public static async Task<Ok<Response>> Endpoint(string? associationCode, string? areaCode, DateOnly? from, DateOnly? to, string? interval,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(associationCode, areaCode, from, to, interval), cancellationToken));

    private sealed class Row
    {
        public string Category { get; init; } = "";
        public string Month { get; init; } = "";
        public int Count { get; init; }
    }
}
