using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Features.Patterns;

public static class PatternsEndpoints
{
    /// <summary>Recurring patterns: for the association's triagers (with the reports) and analysts (counts only).</summary>
    public static RouteGroupBuilder MapPatterns(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/patterns").WithTags("Patterns").RequireAuthorization(Policies.Insight)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/", GetPatterns.Endpoint)
            .WithName("GetPatterns")
            .WithSummary("Recurring category × party-kind combinations at or over the association's threshold")
            .WithDescription("Counts reports by event date in the rolling window (default: the association's recurrence window) that share "
                + "the category in force and the set of involved party kinds, leaving out reports closed as duplicate or forwarded. "
                + "Triagers of the association see the reports behind each pattern; analysts see counts only, and counts below the "
                + "association's suppression threshold are null with a suppressed flag. Reporters and responders get 403.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }
}
