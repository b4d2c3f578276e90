namespace LexHeller.Api.Features.Admin;

/// <summary>The failure categories an association's reports can have: the national ones and its own, active or retired.</summary>
public static class ListCategories
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record Response(string AssociationCode, string AssociationName, IReadOnlyList<AssociationCategories.Category> Categories);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            return new Response(association.Code, association.Name, await AssociationCategories.ListAsync(session, association.Id, cancellationToken));
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/categories", Endpoint)
            .WithName("ListCategories")
            .WithSummary("An association's failure categories: the national ones and its own")
            .WithDescription("In the taxonomy's order, each with its notice (for a national category, the association's own notice), "
                + "whether it blocks submission, whether it is active, and its history of labels.");

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));
}
