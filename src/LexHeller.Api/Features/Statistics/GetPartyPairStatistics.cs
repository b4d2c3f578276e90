using LexHeller.Api.Features.AggregateAccess;

namespace LexHeller.Api.Features.Statistics;

/// <summary>
/// The matrix reporter party kind × involved party kind. A report counts once in its reporter's row
/// for each distinct kind among its involved parties: one that involves two municipalities and the
/// region counts once under municipality and once under region. So a row's cells may add up to more
/// than the row's total, which counts reports. The database groups by reporter party and the report's
/// canonical set of involved kinds, both in ix_reports_statistics (a join to parties would cost a lookup
/// per report); parties become kinds and the sets are split here.
/// </summary>
public static class GetPartyPairStatistics
{
    public sealed record Query(string? AssociationCode, string? AreaCode, DateOnly? From, DateOnly? To) : IQuery<Response>, IStatisticsFilter;

    public sealed record Cell(PartyKind ReporterKind, PartyKind InvolvedKind, CountCell Count);

    public sealed record RowTotal(PartyKind ReporterKind, CountCell Reports);

    /// <summary><c>cells</c> hold every pair of <c>kinds</c>, reporter kind first, in the order of <c>kinds</c>.</summary>
    public sealed record Response(FilterEcho Filter, IReadOnlyList<PartyKind> Kinds, IReadOnlyList<Cell> Cells, IReadOnlyList<RowTotal> ReporterTotals, CountCell Total) : IStatisticsResponse;

    public sealed class Validator(TimeProvider time) : StatisticsFilterValidator<Query>(time);

    // Every association's: a forwarded copy keeps the reporter's party from the association that forwarded it.
    private const string PartyKinds = "SELECT id, kind FROM parties";

    public const string CountsByReporterPartyAndInvolvedKinds = $"""
        SELECT r.reporter_party_id, r.involved_party_kinds, COUNT(*) AS count
        FROM reports r
        WHERE {ResolvedFilter.Condition}
        GROUP BY r.reporter_party_id, r.involved_party_kinds
        """;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var filter = await ResolvedFilter.ResolveAsync(session, callerContext.Caller, query, time, cancellationToken);
            var rows = await session.QueryAsync<Row>(
                CountsByReporterPartyAndInvolvedKinds, filter.Arguments, cancellationToken);
            var kindOfParty = (await session.QueryAsync<PartyRow>(
                    PartyKinds, null, cancellationToken))
                .ToDictionary(party => party.Id, party => Codes.Parse<PartyKind>(party.Kind));

            var pairs = new Dictionary<(PartyKind Reporter, PartyKind Involved), int>();
            var reporters = new Dictionary<PartyKind, int>();
            foreach (var row in rows)
            {
                var reporter = kindOfParty[row.ReporterPartyId];
                reporters[reporter] = reporters.GetValueOrDefault(reporter) + row.Count;
                // A report filed before its involved kinds were recorded has an empty set: it counts in the row total only.
                if (!PartyKindSet.TryParse(row.InvolvedPartyKinds, out var involvedKinds))
                    continue;
                foreach (var involved in involvedKinds)
                    pairs[(reporter, involved)] = pairs.GetValueOrDefault((reporter, involved)) + row.Count;
            }

            var kinds = Enum.GetValues<PartyKind>();
            var threshold = filter.Threshold;
            var table = new int[kinds.Length, kinds.Length];
            for (var row = 0; row < kinds.Length; row++)
            {
                for (var column = 0; column < kinds.Length; column++)
                    table[row, column] = pairs.GetValueOrDefault((kinds[row], kinds[column]));
            }

            var totals = kinds.Select(reporter => reporters.GetValueOrDefault(reporter)).ToArray();
            var (cells, reporterTotals) = Protect(table, totals, threshold);
            return new Response(
                filter.Echo,
                kinds,
                [.. kinds.SelectMany((reporter, row) => kinds.Select((involved, column) =>
                    new Cell(reporter, involved, CountCell.Of(table[row, column], cells[row, column]))))],
                [.. kinds.Select((reporter, row) => new RowTotal(reporter, StatisticsSuppression.Cell(totals[row], reporterTotals[row])))],
                StatisticsSuppression.Cell(totals.Sum(), reporterTotals[^1]));
        }
    }

    /// <summary>
    /// The pairs are not a sum: a report counts once for each kind it involves, so a row's cells add up to at least
    /// its total (every report involves one kind or more), and each cell is at most the total. That inequality is
    /// what can give a small count away: a row of 5 reports whose only shown cell is 3 leaves a withheld count of at
    /// least 2, and so exactly 2 when the threshold is 3. Where an attacker who knows which withheld counts are small
    /// could pin one down so, the row's smallest shown count is withheld as well (its upper bound, the row's total,
    /// absorbs the difference); where the row has none, its total is withheld. The totals (a sum: they add up to the
    /// grand total) are then protected as a line (<see cref="TableSuppression.ProtectLine"/>), the grand total withheld
    /// only when small, as in every table.
    /// </summary>
    public static (bool[,] Cells, IReadOnlyList<Withholding> Totals) Protect(int[,] table, IReadOnlyList<int> totals, int threshold)
    {
        int rows = table.GetLength(0), columns = table.GetLength(1);
        var cells = new bool[rows, columns];
        var totalWithheld = new Dictionary<int, bool> { [rows] = SmallCounts.IsSuppressed(totals.Sum(), threshold) };
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
                cells[row, column] = SmallCounts.IsSuppressed(table[row, column], threshold);
            while (Pinned(table, cells, row, totals[row], threshold))
            {
                var complement = Enumerable.Range(0, columns).Where(column => !cells[row, column] && table[row, column] > 0)
                    .OrderBy(column => table[row, column]).Cast<int?>().FirstOrDefault();
                if (complement is not { } column)
                {
                    totalWithheld[row] = true;
                    break;
                }

                cells[row, column] = true;
            }
        }

        return (cells, TableSuppression.ProtectLine(totals, threshold, totalWithheld));
    }

    /// <summary>Whether a withheld count of the row has one value only, given Σ cells ≥ total, each ≤ total, small ones below the threshold.</summary>
    private static bool Pinned(int[,] table, bool[,] cells, int row, int total, int threshold)
    {
        var columns = table.GetLength(1);
        var withheld = Enumerable.Range(0, columns).Where(column => cells[row, column]).ToList();
        var shown = Enumerable.Range(0, columns).Where(column => !cells[row, column]).Sum(column => table[row, column]);
        int High(int column) => SmallCounts.IsSuppressed(table[row, column], threshold) ? Math.Min(threshold - 1, total) : total;
        return withheld.Any(column =>
            Math.Max(1, total - shown - withheld.Where(other => other != column).Sum(High)) >= High(column));
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder statistics) =>
        statistics.MapGet("/party-pairs", Endpoint)
            .WithName("GetPartyPairStatistics")
            .WithSummary("Reports per reporter party kind × involved party kind")
            .WithDescription("A report counts once in its reporter's party kind's row for each distinct kind among its involved parties, "
                + "so a row's cells may add up to more than its total, which counts reports. " + StatisticsEndpoints.Filters + StatisticsEndpoints.Suppression);

    public static async Task<Ok<Response>> Endpoint(string? associationCode, string? areaCode, DateOnly? from, DateOnly? to,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(associationCode, areaCode, from, to), cancellationToken));

    private sealed class Row
    {
        public Guid ReporterPartyId { get; init; }
        public string InvolvedPartyKinds { get; init; } = "";
        public int Count { get; init; }
    }

    private sealed class PartyRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
    }
}
