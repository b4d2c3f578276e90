namespace LexHeller.Api.Features.Referrals;

/// <summary>
/// The responder's inbox: referrals to the caller's parties, filtered by open, overdue, or one of the ways a referral
/// ends (answered, withdrawn by the steering group, declined by the party, unanswered when the report was closed).
/// </summary>
public static class GetReferrals
{
    public static readonly string[] Statuses = ["open", "overdue", ReferralStatuses.Answered, ReferralStatuses.Withdrawn, ReferralStatuses.Declined,
        ReferralStatuses.Unanswered];

    public sealed record Query(string? Status) : IQuery<Response>;

    public sealed record Response(IReadOnlyList<ReferralViews.Referral> Referrals);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.Status).Must(status => status is null || Statuses.Contains(status))
                .WithMessage($"Status must be one of: {string.Join(", ", Statuses)}.");
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var referrals = await ReferralViews.ForUserAsync(session, callerContext.Caller, null, time, cancellationToken);
            return new Response([.. referrals.Where(referral => query.Status switch
            {
                "overdue" => referral.Overdue,
                null => true,
                _ => referral.Status == query.Status,
            })]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder referrals) =>
        referrals.MapGet("/", Endpoint)
            .WithName("GetReferrals")
            .WithSummary("Referrals to the caller's parties")
            .WithDescription("status=open|overdue|answered|withdrawn|declined|unanswered. The list never carries the reporter's contact: open one referral for it.")
            .ProducesValidationProblem();

    public static async Task<Ok<Response>> Endpoint(string? status, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(status), cancellationToken));
}
