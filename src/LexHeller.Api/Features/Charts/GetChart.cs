using System.Diagnostics;
using LexHeller.Api.Features.Statistics;

namespace LexHeller.Api.Features.Charts;

/// <summary>
/// One of the board's charts as SVG or PNG, drawn from the statistics of the same filter (the
/// statistics' own queries, so the figures and their suppression are the same as in the tables).
/// </summary>
public static class GetChart
{
    /// <summary>Charts are for pasting: a browser may keep one for a few minutes, nobody else may.</summary>
    public const string CacheControl = "private, max-age=300";

    public sealed record Query(string Chart, string Format, string? AssociationCode, string? AreaCode, DateOnly? From, DateOnly? To,
        string? Interval, int? Width, int? Height) : IQuery<RenderedChart>, IStatisticsFilter;

    public sealed class Validator : StatisticsFilterValidator<Query>
    {
        public Validator(TimeProvider time) : base(time)
        {
            RuleFor(query => query.Width).InclusiveBetween(ChartRenderer.MinWidth, ChartRenderer.MaxWidth);
            RuleFor(query => query.Height).InclusiveBetween(ChartRenderer.MinHeight, ChartRenderer.MaxHeight);
            RuleFor(query => query.Interval).Must(interval => interval is null || Codes.TryParse<Interval>(interval, out _))
                .WithMessage($"interval must be one of: {string.Join(", ", Codes.All<Interval>())}.");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time, ISender sender)
        : IQueryHandler<Query, RenderedChart>
    {
        private const string AreaName = "SELECT name FROM areas WHERE id = @AreaId";

        public async ValueTask<RenderedChart> Handle(Query query, CancellationToken cancellationToken)
        {
            // An address that names no chart, or no format, is not there.
            if (!Codes.TryParse<ChartKind>(query.Chart, out var kind))
                throw new NotFoundException($"Chart '{query.Chart}' (charts: {string.Join(", ", Codes.All<ChartKind>())})");
            if (!Codes.TryParse<ChartFormat>(query.Format, out var format))
                throw new NotFoundException($"Format '{query.Format}' (formats: {string.Join(", ", Codes.All<ChartFormat>())})");

            var filter = await ResolvedFilter.ResolveAsync(session, callerContext.Caller, query, time, cancellationToken);
            var scope = await ScopeAsync(filter, cancellationToken);
            var width = query.Width ?? ChartRenderer.DefaultWidth;
            var height = query.Height ?? ChartRenderer.DefaultHeight;
            var (from, to, area) = (query.From, query.To, filter.AreaCode);
            var association = filter.Scope.AssociationCode;

            switch (kind)
            {
                case ChartKind.CategoriesOverTime:
                {
                    var statistics = await sender.Send(new GetCategoryStatistics.Query(association, area, from, to, query.Interval), cancellationToken);
                    return ChartRenderer.Render(new CategoriesOverTimeChart(
                        new ChartHeading($"Avvikelser per kategori och {Swedish.Interval(statistics.Interval)}", scope),
                        [.. statistics.Periods.Select(Swedish.Period)],
                        [.. statistics.Categories.Select(category => new ChartSeries(category.Label, [.. category.Counts.Select(Shown)]))],
                        filter.Threshold), format, width, height);
                }

                case ChartKind.PartyPairs:
                {
                    var statistics = await sender.Send(new GetPartyPairStatistics.Query(association, area, from, to), cancellationToken);
                    var cells = statistics.Cells.ToDictionary(cell => (cell.ReporterKind, cell.InvolvedKind), cell => Shown(cell.Count));
                    return ChartRenderer.Render(new PartyPairsChart(
                        new ChartHeading("Avvikelser per rapportörens part och berörd part", scope),
                        [.. statistics.Kinds.Select(Swedish.PartyKindShort)],
                        [.. statistics.Kinds.Select(Swedish.PartyKindShort)],
                        [.. statistics.Kinds.Select(reporter =>
                            (IReadOnlyList<ShownCount>)[.. statistics.Kinds.Select(involved => cells[(reporter, involved)])])],
                        filter.Threshold), format, width, height);
                }

                case ChartKind.Pareto:
                {
                    var statistics = await sender.Send(new GetCategoryStatistics.Query(association, area, from, to, null), cancellationToken);
                    return ChartRenderer.Render(new ParetoChart(
                        new ChartHeading("Kategorier, flest avvikelser först", scope),
                        [.. statistics.Categories.Select(category => new CategoryTotal(category.Label, Shown(category.Total)))],
                        filter.Threshold), format, width, height);
                }

                case ChartKind.AreasRadar:
                {
                    var statistics = await sender.Send(new GetAreaStatistics.Query(association, area, from, to), cancellationToken);
                    return ChartRenderer.Render(new AreasRadarChart(
                        new ChartHeading("Kategorier per område", scope),
                        [.. statistics.Categories.Select(category => category.Label)],
                        [.. statistics.Areas.Select(row => new ChartSeries(row.Name, [.. row.Counts.Select(Shown)]))],
                        filter.Threshold), format, width, height);
                }

                default:
                    throw new UnreachableException($"No drawing for the chart {kind}.");
            }
        }

        /// <summary>"Samordningsförbundet Höglandet · Nässjö · 1 december 2025 – 24 november 2026".</summary>
        private async Task<string> ScopeAsync(ResolvedFilter filter, CancellationToken cancellationToken)
        {
            string? areaName = null;
            if (filter.AreaId is { } areaId)
            {
                areaName = await session.QuerySingleAsync<string>(
                    AreaName, new { AreaId = areaId }, cancellationToken);
            }

            return string.Join(" · ", new[] { filter.Scope.AssociationName, areaName, $"{Swedish.Date(filter.From)} – {Swedish.Date(filter.To)}" }
                .OfType<string>());
        }

        private static ShownCount Shown(CountCell count) => new(count.Value);
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder charts) =>
        charts.MapGet("/{chart}.{format}", Endpoint)
            .WithName("GetChart")
            .WithSummary("A chart of the statistics as SVG or PNG")
            .WithDescription("chart: categories-over-time (stacked bars per period; interval month, quarter or year), party-pairs (heatmap of "
                + "reporter party kind × involved party kind), pareto (categories from the most reports to the fewest with the cumulative share), "
                + "areas-radar (categories per area). format: svg or png; any other chart or format is a 404. Filters as for the statistics: "
                + "associationCode, areaCode, from, to (event dates). width 300–2400 and height 200–1600 pixels (default 960 × 540). "
                + "Titles and labels are Swedish. A count the statistics withhold (above zero but below the association's suppression threshold, "
                + "or withheld so that such a count cannot be worked out from the totals) is never drawn as a "
                + "quantity: the heatmap greys its cell and writes \"..\", the Pareto chart lists the category last as \"..\" and leaves it out of "
                + "the cumulative share, the stacked bars leave it out and the radar draws it at zero, each with a note. Cache-Control: private.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "image/svg+xml", "image/png");

    public static async Task<FileContentHttpResult> Endpoint(
        [Description("categories-over-time, party-pairs, pareto or areas-radar.")] string chart,
        [Description("svg or png.")] string format,
        [Description("The association; may be left out by a caller who belongs to exactly one.")] string? associationCode,
        [Description("Only this area of the association.")] string? areaCode,
        [Description("First event date counted; the first day of the month eleven months before to when left out.")] DateOnly? from,
        [Description("Last event date counted; today when left out.")] DateOnly? to,
        [Description("categories-over-time only: month (default), quarter or year.")] string? interval,
        [Description("Pixels, 300–2400; 960 when left out.")] int? width,
        [Description("Pixels, 200–1600; 540 when left out.")] int? height,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var rendered = await mediator.Send(new Query(chart, format, associationCode, areaCode, from, to, interval, width, height), cancellationToken);
        httpContext.Response.Headers.CacheControl = CacheControl;
        return TypedResults.File(rendered.Content, rendered.ContentType);
    }
}
