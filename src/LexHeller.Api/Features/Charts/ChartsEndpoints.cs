using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Features.Charts;

public static class ChartsEndpoints
{
    /// <summary>The board's charts as images, for the association's triagers, analysts and administrators.</summary>
    public static RouteGroupBuilder MapCharts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/charts").WithTags("Charts").RequireAuthorization(Policies.Insight)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{chart}.{format}", GetChart.Endpoint)
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
        return group;
    }
}
