namespace LexHeller.Api.Features.Patterns;

public static class PatternsEndpoints
{
    /// <summary>Recurring patterns: for the association's triagers (with the reports) and analysts (counts only).</summary>
    public static RouteGroupBuilder MapPatterns(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/patterns").WithTags("Patterns").RequireAuthorization(Policies.Insight)
            .ProducesAccessProblems();

        GetPatterns.Map(group);
        return group;
    }
}
