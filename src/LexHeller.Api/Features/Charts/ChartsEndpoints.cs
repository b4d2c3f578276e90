namespace LexHeller.Api.Features.Charts;

public static class ChartsEndpoints
{
    /// <summary>The board's charts as images, for the association's triagers, analysts and administrators.</summary>
    public static RouteGroupBuilder MapCharts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/charts").WithTags("Charts").RequireAuthorization(Policies.Insight)
            .ProducesFilterProblems();

        GetChart.Map(group);
        return group;
    }
}
