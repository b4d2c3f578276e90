using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Triage;

/// <summary>The response templates a triager of the report may start from: its association's, for its category or every category.</summary>
public static class GetReportTemplates
{
    public sealed record Query(Guid ReportId, string? Purpose = null) : IQuery<Response>;

    public sealed record Response(IReadOnlyList<ResponseTemplates.Template> Templates);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Category = "SELECT effective_category FROM reports WHERE id = @Id";

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var report = await ReportTransitions.LoadAsync(session, query.ReportId, cancellationToken);
            await ReportAccess.EnsureCanTriageAsync(session, callerContext.Caller, report.AssociationId, report.QueueId, cancellationToken);
            var category = (await session.ScalarAsync<string>(Category, new { report.Id }, cancellationToken))!;
            var purposes = query.Purpose is { } purpose ? [purpose] : new[] { ResponseTemplates.Question, ResponseTemplates.Referral, ResponseTemplates.Closure };
            var templates = new List<ResponseTemplates.Template>();
            foreach (var each in purposes)
                templates.AddRange(await ResponseTemplates.ForFormAsync(session, report.AssociationId, each, category, cancellationToken));
            return new Response(templates);
        }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Purpose).Must(purpose => purpose is null or ResponseTemplates.Question or ResponseTemplates.Referral or ResponseTemplates.Closure)
            .WithMessage("'Purpose' must be question, referral or closure.");
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapGet("/response-templates", Endpoint)
            .WithName("GetReportTemplates")
            .WithSummary("The response templates for the report's question, referral and closing forms")
            .WithDescription("Triagers of the steering group that owns the report's queue. The association's templates of the report's category "
                + "first, then those for every category; one purpose (question, referral, closure) or all three.")
            .ProducesValidationProblem();

    public static async Task<Ok<Response>> Endpoint(Guid id, string? purpose, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id, purpose), cancellationToken));
}
