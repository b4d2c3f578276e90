using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Api.Infrastructure.Security;

namespace LexHeller.Api.Features.Reports;

public static class ReportsEndpoints
{
    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/reports").WithTags("Reports");

        group.MapPost("/", SubmitReport.Endpoint)
            .WithName("SubmitReport")
            .WithSummary("File a deviation report")
            .WithDescription("For reporters, integration partners (X-Api-Key) and, where the association allows it, anonymous intranet filing. "
                + "Honours Idempotency-Key: a repeat with the same key and body returns the first answer; the same key with another body is 422.")
            .RequireAuthorization(Policies.Intake)
            .RequireRateLimiting(RateLimits.AnonymousIntake)
            .Accepts<SubmitReport.Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/{id:guid}", GetReport.Endpoint)
            .WithName("GetReport")
            .WithSummary("Read a report in full")
            .WithDescription("For triagers of the association's steering groups and its administrators. The ETag header carries the report's version.")
            .RequireAuthorization(Policies.Triage)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/similar", GetSimilarReports.Endpoint)
            .WithName("GetSimilarReports")
            .WithSummary("Likely duplicates of a report")
            .WithDescription("Reports of the same association filed within 90 days before or after it, sharing an involved party kind, "
                + "under the same or a related category; ranked by how alike their texts are, best first, at most 10. "
                + "For those who may read the report; candidates are named, not shown.")
            .RequireAuthorization(Policies.Triage)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }
}
