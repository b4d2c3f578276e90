using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Features.FollowUps;

public static class FollowUpsEndpoints
{
    /// <summary>Structural follow-ups: opened by triagers, changed by the owner group, read by triagers and analysts.</summary>
    public static RouteGroupBuilder MapFollowUps(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/follow-ups").WithTags("Follow-ups").RequireAuthorization(Policies.Insight)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPost("/", CreateFollowUp.Endpoint)
            .WithName("CreateFollowUp")
            .WithSummary("Open a structural follow-up from a pattern or from reports")
            .WithDescription("Any triager of the association. With patternKey (from GET /api/v1/patterns) it links the reports that make the "
                + "pattern now and remembers the pattern; with reportIds it links those reports of the association. The owner group must be a "
                + "steering group of the association. 201 with Location and ETag; the follow-up starts open.")
            .Accepts<CreateFollowUp.Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", ListFollowUps.Endpoint)
            .WithName("ListFollowUps")
            .WithSummary("An association's structural follow-ups, newest first")
            .WithDescription("Triagers and analysts of the association. Analysts see small linked-report counts suppressed.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}", GetFollowUp.Endpoint)
            .WithName("GetFollowUp")
            .WithSummary("A structural follow-up with its linked reports and event log")
            .WithDescription("Triagers and analysts of the association; triagers see the linked reports, analysts a count. The ETag header carries the version.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id:guid}", UpdateFollowUp.Endpoint)
            .WithName("UpdateFollowUp")
            .WithSummary("Change a structural follow-up")
            .WithDescription("Members of the owner group. A JSON merge patch (title, decision, status, outcome, dueOn, ownerGroupId, addReportIds) "
                + "with If-Match: 428 without it, 412 when stale. Status done needs an outcome (400); a done follow-up takes no new reports (409). "
                + "Every change is logged.")
            .Accepts<UpdateFollowUp.Command>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }
}
