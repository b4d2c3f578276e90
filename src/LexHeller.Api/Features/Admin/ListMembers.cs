namespace LexHeller.Api.Features.Admin;

/// <summary>An association's members: each with their roles, the parties they act for and the steering groups they sit in.</summary>
public static class ListMembers
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record Response(string AssociationCode, IReadOnlyList<MemberResponse> Members);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
    }

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            return new Response(association.Code, await MemberResponse.ListAsync(session, association.Id, null, cancellationToken));
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/members", Endpoint)
            .WithName("ListMembers")
            .WithSummary("An association's members")
            .WithDescription("Each member by e-mail address, with their roles, the parties they act for and the steering groups they sit in.")
            .ProducesValidationProblem();

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));
}
