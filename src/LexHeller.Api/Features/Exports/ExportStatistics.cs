using LexHeller.Api.Features.Statistics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LexHeller.Api.Features.Exports;

/// <summary>
/// One statistics table as a file: in JSON the statistics endpoint's answer as it is (withheld counts
/// null with <c>suppressed: true</c>), in CSV a table with <c>..</c> where a count is withheld (small, or
/// withheld so that a small one cannot be worked out from the totals: the endpoint's own suppression). The tables are small (at most categories × periods), so they are
/// computed first and then written.
/// </summary>
public static class ExportStatistics
{
    public enum Table
    {
        Categories,
        PartyPairs,
        LeadTimes,
        Areas,
    }

    public sealed record Query(string? Table, string? AssociationCode, string? AreaCode, DateOnly? From, DateOnly? To, string? Interval,
        string? Format, string? Delimiter) : IQuery<Export>, IExportRequest;

    public sealed record Export(ExportLayout Layout, Table Table, IStatisticsResponse Statistics);

    public sealed class Validator : ExportRequestValidator<Query>
    {
        public Validator(TimeProvider time) : base(time)
        {
            RuleFor(query => query.Table).NotEmpty().Must(table => Codes.TryParse<Table>(table, out _))
                .WithMessage($"table must be one of: {string.Join(", ", Codes.All<Table>())}.");
            RuleFor(query => query.Interval).Must(interval => interval is null || Codes.TryParse<Interval>(interval, out _))
                .WithMessage($"interval must be one of: {string.Join(", ", Codes.All<Interval>())}.");
        }
    }

    /// <summary>Sends the table's own statistics query, so access, filters and suppression are exactly the endpoint's.</summary>
    public sealed class Handler(ISender sender) : IQueryHandler<Query, Export>
    {
        public async ValueTask<Export> Handle(Query query, CancellationToken cancellationToken)
        {
            var table = Codes.Parse<Table>(query.Table!);
            var layout = ExportLayout.Of(query);
            IStatisticsResponse statistics = table switch
            {
                Table.Categories => await sender.Send(
                    new GetCategoryStatistics.Query(query.AssociationCode, query.AreaCode, query.From, query.To, query.Interval), cancellationToken),
                Table.PartyPairs => await sender.Send(new GetPartyPairStatistics.Query(query.AssociationCode, query.AreaCode, query.From, query.To), cancellationToken),
                Table.LeadTimes => await sender.Send(new GetLeadTimes.Query(query.AssociationCode, query.AreaCode, query.From, query.To), cancellationToken),
                _ => await sender.Send(new GetAreaStatistics.Query(query.AssociationCode, query.AreaCode, query.From, query.To), cancellationToken),
            };
            return new Export(layout, table, statistics);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder exports) =>
        exports.MapGet("/statistics", Endpoint)
            .WithName("ExportStatistics")
            .WithSummary("A statistics table as CSV or JSON")
            .WithDescription("table: categories (with interval month, quarter or year), party-pairs, lead-times or areas. JSON is the statistics "
                + "endpoint's answer (a withheld count is null with suppressed: true); CSV writes a withheld count as .. "
                + "and decimals with a comma when the delimiter is a semicolon. CSV columns — categories: category; label; one per period; "
                + "total, then a total row. party-pairs: reporterPartyKind; one per involved party kind; reports, then a total row. lead-times: "
                + "measure (days-to-referral, days-to-answer, days-to-closure, answered-in-time); reports; medianDays; percentile90Days; "
                + "answeredInTime; share. areas: area; areaName; one per category code; total, then a total row. " + ExportsEndpoints.Common)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: "application/json");

    public static async Task<IResult> Endpoint(string? table, string? associationCode, string? areaCode, DateOnly? from, DateOnly? to,
        string? interval, string? format, string? delimiter, IMediator mediator, CancellationToken cancellationToken) =>
        new Written(await mediator.Send(new Query(table, associationCode, areaCode, from, to, interval, format, delimiter), cancellationToken));

    private sealed class Written(Export export) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var cancellationToken = httpContext.RequestAborted;
            response.ContentType = export.Layout.ContentType;
            response.Headers.ContentDisposition = export.Layout.ContentDisposition(Codes.Of(export.Table), export.Statistics.Filter);
            if (export.Layout.Format == ExportFormat.Json)
            {
                var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
                await System.Text.Json.JsonSerializer.SerializeAsync(response.Body, export.Statistics, export.Statistics.GetType(), options, cancellationToken);
                return;
            }

            await using var csv = new CsvWriter(response.Body, export.Layout.DelimiterCharacter);
            await csv.WriteByteOrderMarkAsync(cancellationToken);
            foreach (var row in Rows(export.Statistics, export.Layout))
                await csv.WriteRowAsync(row, cancellationToken);
        }
    }

    /// <summary>The table as CSV rows, header first.</summary>
    public static IEnumerable<IEnumerable<string?>> Rows(IStatisticsResponse statistics, ExportLayout layout)
    {
        string Count(CountCell cell) => cell.Suppressed ? SmallCounts.WithheldText : ExportText.Integer(cell.Value) ?? "";
        string? Number(double? value) => value is { } number ? layout.Number(number) : null;

        switch (statistics)
        {
            case GetCategoryStatistics.Response categories:
                yield return ["category", "label", .. categories.Periods, "total"];
                foreach (var row in categories.Categories)
                    yield return [row.Code, row.Label, .. row.Counts.Select(Count), Count(row.Total)];
                yield return ["total", "", .. categories.Totals.Select(Count), Count(categories.Total)];
                break;
            case GetPartyPairStatistics.Response pairs:
                yield return ["reporterPartyKind", .. pairs.Kinds.Select(Codes.Of), "reports"];
                foreach (var reporter in pairs.ReporterTotals)
                    yield return [Codes.Of(reporter.ReporterKind), .. pairs.Cells.Where(cell => cell.ReporterKind == reporter.ReporterKind).Select(cell => Count(cell.Count)),
                        Count(reporter.Reports)];
                yield return ["total", .. pairs.Kinds.Select(_ => ""), Count(pairs.Total)];
                break;
            case GetLeadTimes.Response leadTimes:
                yield return ["measure", "reports", "medianDays", "percentile90Days", "answeredInTime", "share"];
                foreach (var milestone in leadTimes.Milestones)
                    yield return [$"days-to-{Codes.Of(milestone.Milestone)}", Count(milestone.Reports), Number(milestone.MedianDays), Number(milestone.Percentile90Days), null, null];
                var inTime = leadTimes.AnsweredInTime;
                yield return ["answered-in-time", Count(inTime.Referrals), null, null, Count(inTime.AnsweredInTime), Number(inTime.Share)];
                break;
            case GetAreaStatistics.Response areas:
                yield return ["area", "areaName", .. areas.Categories.Select(category => category.Code), "total"];
                foreach (var area in areas.Areas)
                    yield return [area.Code, area.Name, .. area.Counts.Select(Count), Count(area.Total)];
                yield return ["total", "", .. areas.Categories.Select(_ => ""), Count(areas.Total)];
                break;
            default:
                throw new ArgumentException($"No CSV layout for {statistics.GetType().Name}.", nameof(statistics));
        }
    }
}
