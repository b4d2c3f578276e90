namespace LexHeller.Api.Features.Admin;

/// <summary>An association's areas, by code.</summary>
public static class ListAreas
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record Response(string AssociationCode, IReadOnlyList<AreaResponse> Areas);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
    }

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Sql = "SELECT id, code, name FROM areas WHERE association_id = @AssociationId ORDER BY code";

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            var areas = await session.QueryAsync<AreaResponse>(Sql, new { AssociationId = association.Id }, cancellationToken);
            return new Response(association.Code, [.. areas]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/areas", Endpoint)
            .WithName("ListAreas")
            .WithSummary("An association's areas")
            .WithDescription("Each area's code and name, by code.")
            .ProducesValidationProblem();

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));
}
