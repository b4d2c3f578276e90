using LexHeller.Api.Features.Privacy;

namespace LexHeller.Api.Features.Referrals;

/// <summary>One referral to the caller's party; another party's referral is not found (404), so its existence is not told.</summary>
public static class GetReferral
{
    public sealed record Query(Guid Id) : IQuery<ReferralViews.Referral>;

    public sealed class Handler(
        DbSession session,
        CallerContext callerContext,
        ReporterContactSealer contactSealer,
        TimeProvider time,
        ILogger<Handler> logger) : IQueryHandler<Query, ReferralViews.Referral>
    {
        public async ValueTask<ReferralViews.Referral> Handle(Query query, CancellationToken cancellationToken) =>
            (await ReferralViews.ForUserAsync(session, callerContext.Caller, query.Id, time, cancellationToken,
                reportId => OpenReporterAsync(reportId, cancellationToken))).SingleOrDefault()
            ?? throw new NotFoundException($"Referral '{query.Id}'");

        private async Task<ReferralViews.Reporter?> OpenReporterAsync(Guid reportId, CancellationToken cancellationToken)
        {
            var details = await ReporterContacts.OpenAsync(session, contactSealer, reportId, callerContext.Caller,
                ReporterContacts.ForReferral, time.GetUtcNow(), logger, cancellationToken);
            return details is null ? null : new ReferralViews.Reporter(details.Name, details.Role, details.Email, details.Phone);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder referrals) =>
        referrals.MapGet("/{id:guid}", Endpoint)
            .WithName("GetReferral")
            .WithSummary("One referral to the caller's party")
            .WithDescription("A referral to another party is not found (404). The reporter's contact is included unless the reporter asked to stay anonymous to the parties; reading it is logged.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Ok<ReferralViews.Referral>> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id), cancellationToken));
}
