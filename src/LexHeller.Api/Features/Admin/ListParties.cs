namespace LexHeller.Api.Features.Admin;

/// <summary>An association's parties, by name.</summary>
public static class ListParties
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record Response(string AssociationCode, IReadOnlyList<PartyResponse> Parties);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
    }

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            return new Response(association.Code, await PartyResponse.ListAsync(session, association.Id, cancellationToken));
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/parties", Endpoint)
            .WithName("ListParties")
            .WithSummary("An association's parties")
            .WithDescription("Each party's id, kind, name and unit, by name.")
            .ProducesValidationProblem();

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));
}
