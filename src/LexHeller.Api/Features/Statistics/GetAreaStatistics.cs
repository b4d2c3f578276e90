using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Features.Insight;
using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Domain.Insight;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

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
        ORDER BY name, code
        """;

    public const string CountsByAreaAndCategory = $"""
        SELECT r.area_id, r.effective_category AS category, COUNT(*) AS count
        FROM reports r
        WHERE r.association_id = @AssociationId
          AND r.event_date >= @From AND r.event_date <= @To
          AND (@AreaId IS NULL OR r.area_id = @AreaId)
          AND {CountedReports.Condition}
        GROUP BY r.area_id, r.effective_category
        """;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var filter = await ResolvedFilter.ResolveAsync(session, callerContext.Caller, query, time, cancellationToken);
            var connection = await session.ConnectionAsync(cancellationToken);
            var areas = (await connection.QueryAsync<AreaRecord>(new CommandDefinition(
                Areas, filter.Arguments, session.Transaction, cancellationToken: cancellationToken))).ToList();
            var counts = (await connection.QueryAsync<Row>(new CommandDefinition(
                    CountsByAreaAndCategory, filter.Arguments, session.Transaction, cancellationToken: cancellationToken)))
                .ToDictionary(row => (row.AreaId, row.Category), row => row.Count);
            var categories = await StatisticsCategories.ListAsync(session, counts.Keys.Select(key => key.Category).ToHashSet(), cancellationToken);

            var threshold = filter.Threshold;
            var table = new int[areas.Count, categories.Count];
            for (var row = 0; row < areas.Count; row++)
            {
                for (var column = 0; column < categories.Count; column++)
                    table[row, column] = counts.GetValueOrDefault((areas[row].Id, categories[column].Code));
            }

            var withheld = Protect(table, threshold);
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

    /// <summary>
    /// Areas × categories with the areas' totals and the grand total, as published, and the categories' totals too:
    /// this table does not show them, but the category table of the same filter does (its row totals), so an attacker
    /// has them. They and the grand total are withheld exactly as there (<see cref="StatisticsSuppression"/>).
    /// </summary>
    public static ProtectedTable Protect(int[,] table, int threshold)
    {
        int rows = table.GetLength(0), columns = table.GetLength(1);
        var categoryTotals = StatisticsSuppression.CategoryTotals(
            [.. Enumerable.Range(0, columns).Select(column => Enumerable.Range(0, rows).Sum(row => table[row, column]))], threshold);
        return TableSuppression.Protect(table, threshold, TableMargins.All,
            StatisticsSuppression.Pinned(categoryTotals, rows, columns, categoriesAreRows: false));
    }

    public static async Task<Ok<Response>> Endpoint(string? associationCode, string? areaCode, DateOnly? from, DateOnly? to,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(associationCode, areaCode, from, to), cancellationToken));

    private sealed class AreaRecord
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
    }

    private sealed class Row
    {
        public Guid AreaId { get; init; }
        public string Category { get; init; } = "";
        public int Count { get; init; }
    }
}
