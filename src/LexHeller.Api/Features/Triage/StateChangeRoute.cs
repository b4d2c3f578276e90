namespace LexHeller.Api.Features.Triage;

/// <summary>What the route of every workflow step (a state change of a report) declares alike.</summary>
public static class StateChangeRoute
{
    public static RouteHandlerBuilder MapStateChange(this RouteGroupBuilder report, string pattern, Delegate handler, string name, string summary) =>
        report.MapPost(pattern, handler)
            .WithName(name)
            .WithSummary(summary)
            .WithDescription("Triagers of the steering group that owns the report's queue. Needs a written reason and If-Match with the "
                + "report's ETag: 428 without it, 412 when stale. Answers with the new state and ETag; 409 with allowedTransitions when "
                + "the report's state does not allow it.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
