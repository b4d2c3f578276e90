using LexHeller.Api.Features.AggregateAccess;

namespace LexHeller.Api.Features.Statistics;

/// <summary>
/// Reports per area and category over the filter's period: every area of the association (in name
/// order), every listed category. With an <c>areaCode</c> filter, only that area.
/// </summary>
public static class GetAreaStatistics
{
    public sealed record Query(string? AssociationCode, string? AreaCode, DateOnly? From, DateOnly? To) : IQuery<Response>, IStatisticsFilter;

    /// <summary><c>counts</c> follow the response's <c>categories</c>, one per category.</summary>
    public sealed record AreaRow(string Code, string Name, IReadOnlyList<CountCell> Counts, CountCell Total);

    public sealed record Response(FilterEcho Filter, IReadOnlyList<CategoryLabel> Categories, IReadOnlyList<AreaRow> Areas, CountCell Total) : IStatisticsResponse;

    public sealed class Validator(TimeProvider time) : StatisticsFilterValidator<Query>(time);

    private const string Areas = """
        SELECT id, code, name FROM areas
        WHERE association_id = @AssociationId AND (@AreaId IS NULL OR id = @AreaId)
        ORDER BY name COLLATE Finnish_Swedish_100_CI_AS, code
        """;

    public const string CountsByAreaAndCategory = $"""
        SELECT r.area_id, r.effective_category AS category, COUNT(*) AS count
        FROM reports r
        WHERE {ResolvedFilter.Condition}
        GROUP BY r.area_id, r.effective_category
        """;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var filter = await ResolvedFilter.ResolveAsync(session, callerContext.Caller, query, time, cancellationToken);
            var areas = (await session.QueryAsync<AreaRecord>(
                Areas, filter.Arguments, cancellationToken)).ToList();
            var shared = await StatisticsSuppression.ReadAsync(session, filter, cancellationToken);
            var counts = shared.ByAreaAndCategory;
            var categories = await StatisticsCategories.ListAsync(session, filter.Scope.AssociationId, counts.Keys.Select(key => key.Category).ToHashSet(), cancellationToken);

            var threshold = filter.Threshold;
            var table = new int[areas.Count, categories.Count];
            for (var row = 0; row < areas.Count; row++)
            {
                for (var column = 0; column < categories.Count; column++)
                    table[row, column] = counts.GetValueOrDefault((areas[row].Id, categories[column].Code));
            }

            var categoryTotals = StatisticsSuppression.CategoryTotals([.. categories.Select(category => category.Code)], [.. areas.Select(area => area.Id)],
                shared, filter.From, filter.To, threshold);
            var withheld = TableSuppression.Protect(table, threshold, TableMargins.All,
                StatisticsSuppression.Pinned(categoryTotals, areas.Count, categories.Count, categoriesAreRows: false));
            var (rows, columns) = (areas.Count, categories.Count);
            return new Response(
                filter.Echo,
                categories,
                [.. areas.Select((area, row) => new AreaRow(area.Code, area.Name,
                    [.. categories.Select((_, column) => StatisticsSuppression.Cell(table[row, column], withheld[row, column]))],
                    StatisticsSuppression.Cell(categories.Select((_, column) => table[row, column]).Sum(), withheld[row, columns])))],
                StatisticsSuppression.Cell(counts.Values.Sum(), withheld[rows, columns]));
        }
    }

    /// <summary>The ids of the filter's areas, in the order of the table's rows.</summary>
    public static async Task<IReadOnlyList<Guid>> AreaIdsAsync(DbSession session, ResolvedFilter filter, CancellationToken cancellationToken)
    {
        return [.. (await session.QueryAsync<AreaRecord>(
            Areas, filter.Arguments, cancellationToken)).Select(area => area.Id)];
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder statistics) =>
        statistics.MapGet("/areas", Endpoint)
            .WithName("GetAreaStatistics")
            .WithSummary("Reports per area and category")
            .WithDescription("Every area of the association (only the filtered one with areaCode) with its counts per category, following categories. "
                + StatisticsEndpoints.Filters + StatisticsEndpoints.Suppression);

    public static async Task<Ok<Response>> Endpoint(string? associationCode, string? areaCode, DateOnly? from, DateOnly? to,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(associationCode, areaCode, from, to), cancellationToken));

    private sealed class AreaRecord
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
    }
}
