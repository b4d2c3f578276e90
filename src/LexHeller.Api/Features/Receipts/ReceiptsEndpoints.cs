using LexHeller.Api.Infrastructure.Security;

namespace LexHeller.Api.Features.Receipts;

public static class ReceiptsEndpoints
{
    public static RouteGroupBuilder MapReceipts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/receipts").WithTags("Receipts").AllowAnonymous()
            .RequireRateLimiting(RateLimits.Receipts);

        group.MapGet("/{token}", GetReceipt.Endpoint)
            .WithName("GetReceipt")
            .WithSummary("The reporter's view of a report")
            .WithDescription("Anyone holding the receipt token: reference, status and timeline. Never shows the reporter's contact.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/{token}/messages", PostReceiptMessage.Endpoint)
            .WithName("PostReceiptMessage")
            .WithSummary("The reporter answers the steering group's question")
            .WithDescription("Anyone holding the receipt token, while the report awaits a reply (needs-info); the report returns to in-triage.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        return group;
    }
}
