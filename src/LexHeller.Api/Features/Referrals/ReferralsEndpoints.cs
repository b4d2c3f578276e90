using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Features.Referrals;

public static class ReferralsEndpoints
{
    /// <summary>The parties' side: referrals to the caller's parties and their answers.</summary>
    public static RouteGroupBuilder MapReferrals(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/referrals").WithTags("Referrals").RequireAuthorization(Policies.Responder)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/", GetReferrals.Endpoint)
            .WithName("GetReferrals")
            .WithSummary("Referrals to the caller's parties")
            .WithDescription("status=open|overdue|answered. The list never carries the reporter's contact: open one referral for it.")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetReferral.Endpoint)
            .WithName("GetReferral")
            .WithSummary("One referral to the caller's party")
            .WithDescription("A referral to another party is not found (404). The reporter's contact is included unless the reporter asked to stay anonymous to the parties; reading it is logged.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/answer", AnswerReferral.Endpoint)
            .WithName("AnswerReferral")
            .WithSummary("Answer a referral")
            .WithDescription("When every referral of the report is answered, the report becomes answered.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }
}
