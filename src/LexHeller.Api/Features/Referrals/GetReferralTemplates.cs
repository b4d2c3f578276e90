using LexHeller.Api.Features.Admin;

namespace LexHeller.Api.Features.Referrals;

/// <summary>The answer templates a responder of the referral's party may start from: the association's, for the report's category or every category.</summary>
public static class GetReferralTemplates
{
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Response(IReadOnlyList<ResponseTemplates.Template> Templates);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        // As ReferralViews: a referral to a party the user is a responder of; another party's is not found.
        private const string Referral = $"""
            SELECT r.association_id, r.effective_category AS category
            FROM referrals f
            JOIN party_members pm ON pm.party_id = f.party_id AND pm.user_key = @UserKey
            JOIN parties p ON p.id = f.party_id
            JOIN reports r ON r.id = f.report_id
            WHERE f.id = @Id AND p.association_id IN ({MemberGrants.ResponderAssociations})
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var referral = caller.UserKey is null ? null : await session.QueryFirstOrDefaultAsync<Row>(
                Referral, MemberGrants.Parameters(caller, new { query.Id }), cancellationToken);
            if (referral is null)
                throw new NotFoundException($"Referral '{query.Id}'");
            return new Response(await ResponseTemplates.ForFormAsync(session, referral.AssociationId, ResponseTemplates.Answer, referral.Category,
                cancellationToken));
        }
    }

    private sealed class Row
    {
        public Guid AssociationId { get; init; }
        public string Category { get; init; } = "";
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder referrals) =>
        referrals.MapGet("/{id:guid}/response-templates", Endpoint)
            .WithName("GetReferralTemplates")
            .WithSummary("The answer templates for a referral to the caller's party")
            .WithDescription("The association's answer templates of the report's category first, then those for every category. "
                + "A referral to another party is not found (404).")
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Ok<Response>> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id), cancellationToken));
}
